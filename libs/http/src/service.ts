import type { Logger } from '@aws-lambda-powertools/logger';
import { healthRoutes } from './health-routes';
import { createHttpApi, type HttpApiHandler, type RouteDefinition } from './http-api';
import { createLogger, type LogFormat, type LogLevel } from './logger';

/**
 * The settings `createService` reads from an app's config; @sm/config's `ServiceConfigSchema`,
 * which every app's schema extends, gives them.
 *
 * @example
 * const settings: ServiceSettings = { LOG_LEVEL: 'INFO', LOG_FORMAT: 'json', APP_VERSION: '1.4.0', AUTH_SCOPE_PREFIX: '' };
 */
export interface ServiceSettings {
  LOG_LEVEL: LogLevel;
  LOG_FORMAT: LogFormat;
  APP_VERSION: string;
  AUTH_SCOPE_PREFIX: string;
}

/**
 * What `createService` builds a service from.
 *
 * @example
 * const options: ServiceOptions = { name: 'notes-service', config, routes: notesRoutes({ notes, now }) };
 */
export interface ServiceOptions {
  /** The app's name: the logs' `service`, its health route `/<name>/health` and the health body's `service`. */
  name: string;
  config: ServiceSettings;
  /** The app's own routes; the health routes are added. */
  routes: RouteDefinition[];
  /**
   * The logger the composition root built with `createServiceLogger` to hand to adapters as well
   * (an HTTP client logging its retries), so the service logs through one; built here when absent.
   */
  logger?: Logger;
}

/**
 * The service's logger as its config says: level, format and the app's name on every line.
 *
 * @example
 * const logger = createServiceLogger('integration-service', config);
 * const client = createHttpClient({ service: 'subscriber', logger });
 */
export function createServiceLogger(name: string, config: Pick<ServiceSettings, 'LOG_LEVEL' | 'LOG_FORMAT'>): Logger {
  return createLogger({ service: name, level: config.LOG_LEVEL, format: config.LOG_FORMAT });
}

/**
 * The Lambda handler of a service: its routes behind the skeleton every service shares (the logger,
 * `GET /health` and `GET /<name>/health` answering `{status, service, version}`, correlation ids,
 * scope checks with the stage's `AUTH_SCOPE_PREFIX`, and the one error mapper), so an app's own
 * code is its config, routes, domain and adapters.
 *
 * @example
 * export const handler = createService({
 *   name: 'notification-service',
 *   config,
 *   routes: [{ method: 'POST', path: '/api/notifications', authorization: { scopes: ['notifications:write'] }, handler: sendNotification }],
 * });
 */
export function createService(options: ServiceOptions): HttpApiHandler {
  const { name, config } = options;
  return createHttpApi({
    logger: options.logger ?? createServiceLogger(name, config),
    scopePrefix: config.AUTH_SCOPE_PREFIX,
    routes: [...options.routes, ...healthRoutes(name, { status: 'ok', service: name, version: config.APP_VERSION })],
  });
}
