import './english-messages';
import * as z from 'zod/mini';

/**
 * A boolean variable written as `true`/`false`/`1`/`0` (case-insensitive).
 *
 * @example
 * z.object({ ALLOW_UNSIGNED_CALLBACKS: z._default(envBoolean, false) })
 */
export const envBoolean = z.pipe(
  z.string().check(
    z.trim(),
    z.toLowerCase(),
    z.refine((value) => ['true', 'false', '1', '0'].includes(value), 'expected true, false, 1 or 0'),
  ),
  z.transform((value: string) => value === 'true' || value === '1'),
);

/**
 * A variable holding JSON, validated with the given schema.
 *
 * @example
 * z.object({ SUBSCRIBERS: envJson(z.array(z.object({ url: z.url() }))) })
 */
export function envJson<S extends z.core.$ZodType>(schema: S) {
  return z.pipe(
    z.pipe(
      z.string(),
      z.transform((text: string, ctx) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.issues.push({ code: 'custom', message: 'is not valid JSON', input: text });
          return z.NEVER;
        }
      }),
    ),
    schema,
  );
}

/** A TCP port number. */
export const envPort = z.coerce.number().check(z.int(), z.gte(0), z.lte(65535));

/** Powertools log levels, as `LOG_LEVEL`. */
export const envLogLevel = z.pipe(
  z.string().check(z.toUpperCase()),
  z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT']),
);

/** `LOG_FORMAT`: JSON lines for CloudWatch (the default), or `pretty`, one readable line each, as the local stack sets it. */
export const envLogFormat = z.enum(['json', 'pretty']);

/**
 * `AUTH_SCOPE_PREFIX`: what the stage's issuer puts before each scope name (an Amazon Cognito
 * resource server's identifier and a slash, `serverless-microservices/`); empty for the local issuer.
 *
 * @example
 * const schema = z.object({ AUTH_SCOPE_PREFIX: envScopePrefix });
 */
export const envScopePrefix = z._default(
  z.string().check(z.regex(/^([\x21\x23-\x5B\x5D-\x7E]{1,255}\/)?$/, 'must be empty or a resource server identifier followed by "/"')),
  '',
);
