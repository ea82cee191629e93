import * as z from 'zod';

/**
 * A boolean variable written as `true`/`false`/`1`/`0` (case-insensitive).
 *
 * @example
 * z.object({ ALLOW_UNSIGNED_CALLBACKS: envBoolean.default(false) })
 */
export const envBoolean = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => ['true', 'false', '1', '0'].includes(value), 'expected true, false, 1 or 0')
  .transform((value) => value === 'true' || value === '1');

/**
 * A variable holding JSON, validated with the given schema.
 *
 * @example
 * z.object({ SUBSCRIBERS: envJson(z.array(z.object({ url: z.url() }))) })
 */
export function envJson<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** A TCP port number. */
export const envPort = z.coerce.number().int().min(0).max(65535);

/** Powertools log levels, as `LOG_LEVEL`. */
export const envLogLevel = z
  .string()
  .toUpperCase()
  .pipe(z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT']));

/** `LOG_FORMAT`: JSON lines for CloudWatch (the default), or `pretty`, one readable line each, as the local stack sets it. */
export const envLogFormat = z.enum(['json', 'pretty']);

/**
 * `AUTH_SCOPE_PREFIX`: what the stage's issuer puts before each scope name (an Amazon Cognito
 * resource server's identifier and a slash, `serverless-microservices/`); empty for the local issuer.
 *
 * @example
 * const schema = z.object({ AUTH_SCOPE_PREFIX: envScopePrefix });
 */
export const envScopePrefix = z
  .string()
  .regex(/^([\x21\x23-\x5B\x5D-\x7E]{1,255}\/)?$/, 'must be empty or a resource server identifier followed by "/"')
  .default('');
