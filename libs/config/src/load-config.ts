import { resolve } from 'node:path';
import './english-messages';
import * as z from 'zod/mini';
import { readEnvFile } from './env-file';

/** One problem with one environment variable. */
export interface ConfigIssue {
  variable: string;
  message: string;
}

/** Thrown at cold start when the environment does not satisfy a service's schema; lists every problem at once. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly issues: ConfigIssue[],
  ) {
    super(
      `${service}: invalid configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((issue) => `  - ${issue.variable}: ${issue.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** Name used in the error message. */
  service: string;
  /** The real environment; defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /** A dotenv file whose values apply only where the real environment has none; defaults to `.env` in the working directory. */
  envFile?: string;
}

/**
 * Reads `.env` (never overriding the real environment) and the environment, and validates them
 * with the service's zod schema. Fails with ONE `ConfigError` listing every missing or invalid variable.
 *
 * @example
 * const schema = z.object({ PORT: z._default(envPort, 3000), WEBHOOK_SECRET: z.string().check(z.minLength(1)) });
 * const config = loadConfig(schema, { service: 'callback-service' });
 */
export function loadConfig<S extends z.core.$ZodType>(schema: S, options: LoadConfigOptions): z.infer<S> {
  const merged: Record<string, string | undefined> = { ...readEnvFile(resolve(options.envFile ?? '.env')) };
  for (const [key, value] of Object.entries(options.env ?? process.env)) {
    if (value !== undefined) merged[key] = value;
  }
  // An empty variable counts as unset, as most deploy tools write unset values as "".
  for (const [key, value] of Object.entries(merged)) if (value === '') delete merged[key];

  const result = z.safeParse(schema, merged);
  if (result.success) return result.data;
  throw new ConfigError(
    options.service,
    result.error.issues.map((issue) => ({
      variable: issue.path.map(String).join('.') || '(root)',
      message: issue.message,
    })),
  );
}
