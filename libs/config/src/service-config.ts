import * as v from 'valibot';
import { awsEnv } from './aws-env';
import { envLogFormat, envLogLevel, envScopePrefix, envText } from './env-types';

/**
 * The settings every service reads, whatever it does: its logging (`LOG_LEVEL`, `LOG_FORMAT`), the
 * version its health routes report (`APP_VERSION`, set by the deploy), the prefix the stage's issuer
 * puts before scope names (`AUTH_SCOPE_PREFIX`), and the AWS region and local endpoints (`awsEnv`).
 * An app's schema extends it with its own variables, and @sm/http's `createService` reads these.
 *
 * @example
 * export const CallbackServiceConfigSchema = v.object({ ...ServiceConfigSchema.entries, CALLBACKS_TABLE: envTableName });
 */
export const ServiceConfigSchema = v.object({
  ...awsEnv,
  LOG_LEVEL: v.optional(envLogLevel, 'INFO'),
  LOG_FORMAT: v.optional(envLogFormat, 'json'),
  AUTH_SCOPE_PREFIX: envScopePrefix,
  APP_VERSION: v.optional(envText, '0.0.0-local'),
  /** Set by Lambda's runtime (a reserved variable): the function runs in a runtime client's own process. */
  _HANDLER: v.optional(v.string()),
});

/**
 * What `ServiceConfigSchema` reads.
 *
 * @example
 * const config: ServiceConfig = loadConfig(ServiceConfigSchema, { service: 'notification-service' });
 */
export type ServiceConfig = v.InferOutput<typeof ServiceConfigSchema>;
