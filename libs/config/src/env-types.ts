import * as v from 'valibot';

/**
 * A boolean variable written as `true`/`false`/`1`/`0` (case-insensitive).
 *
 * @example
 * v.object({ ALLOW_UNSIGNED_CALLBACKS: v.optional(envBoolean, 'false') })
 */
export const envBoolean = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.check((value) => ['true', 'false', '1', '0'].includes(value), 'expected true, false, 1 or 0'),
  v.transform((value) => value === 'true' || value === '1'),
);

/**
 * A whole number from `min` to `max`, written in decimal.
 *
 * @example
 * v.object({ DELIVERY_MAX_ATTEMPTS: v.optional(envInteger(1, 10), '3') })
 */
export function envInteger(min: number, max: number) {
  return v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^\d+$/, 'must be a whole number'),
    v.transform(Number),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );
}

/**
 * A variable holding JSON, validated with the given schema.
 *
 * @example
 * v.object({ SUBSCRIBERS: v.optional(envJson(v.array(v.object({ url: envHttpUrl })))) })
 */
export function envJson<S extends v.GenericSchema>(schema: S) {
  return v.pipe(
    v.string(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      try {
        return JSON.parse(dataset.value) as unknown;
      } catch {
        addIssue({ message: 'is not valid JSON' });
        return NEVER;
      }
    }),
    schema,
  );
}

/** A TCP port number. */
export const envPort = envInteger(0, 65_535);

/** An http or https URL. */
export const envHttpUrl = v.pipe(v.string(), v.url('must be a URL'), v.regex(/^https?:/i, 'must be an http or https URL'));

/** Powertools log levels, as `LOG_LEVEL` (any case). */
export const envLogLevel = v.pipe(v.string(), v.toUpperCase(), v.picklist(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'], 'must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT'));

/** `LOG_FORMAT`: JSON lines for CloudWatch (the default), or `pretty`, one readable line each, as the local stack sets it. */
export const envLogFormat = v.picklist(['json', 'pretty'], 'must be json or pretty');

/**
 * `AUTH_SCOPE_PREFIX`: what the stage's issuer puts before each scope name (an Amazon Cognito
 * resource server's identifier and a slash, `serverless-microservices/`); empty for the local issuer.
 *
 * @example
 * const schema = v.object({ AUTH_SCOPE_PREFIX: envScopePrefix });
 */
export const envScopePrefix = v.optional(
  v.pipe(v.string(), v.regex(/^([\x21\x23-\x5B\x5D-\x7E]{1,255}\/)?$/, 'must be empty or a resource server identifier followed by "/"')),
  '',
);

/** A required variable that is set, however it reads. */
export const envText = v.pipe(v.string('is required'), v.minLength(1, 'is required'));
