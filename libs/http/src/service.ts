import type { Logger } from '@aws-lambda-powertools/logger';
import { healthRoutes } from './health-routes';
import { apiOf, createHttpApi, type HttpApiHandler, type RouteDefinition } from './http-api';
import { createLogger, type LogFormat, type LogLevel } from './logger';
import { toProblemResult } from './problem';

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
  /**
   * The app's own routes, the health routes added; or a function that imports and builds them, called
   * once, with the first request that is not a health check: a cold start then compiles and runs only
   * what `GET /health` needs, and the first real request loads the routes with their schemas.
   */
  routes: RouteDefinition[] | (() => Promise<RouteDefinition[]>);
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
  const { name, config, routes } = options;
  const logger = options.logger ?? createServiceLogger(name, config);
  const health = healthRoutes(name, { status: 'ok', service: name, version: config.APP_VERSION });
  const withHealth = (own: RouteDefinition[]) => createHttpApi({ logger, scopePrefix: config.AUTH_SCOPE_PREFIX, routes: [...own, ...health] });
  if (Array.isArray(routes)) return withHealth(routes);

  const healthOnly = withHealth([]);
  const healthPaths = new Set<string>(health.map((route) => route.path));
  let full: Promise<HttpApiHandler> | undefined;
  return async (event, context) => {
    const path = event.rawPath.length > 1 ? event.rawPath.replace(/\/$/, '') : event.rawPath;
    if (event.requestContext.http.method === 'GET' && healthPaths.has(path) && apiOf(event) === 'api') return healthOnly(event, context);
    full ??= routes().then(withHealth);
    try {
      return await (await full)(event, context);
    } catch (error) {
      // Only a failed import gets here (the API maps every error of its own): a logged 500, tried again by the next request.
      full = undefined;
      logger.error('routes failed to load', error as Error);
      return toProblemResult(error);
    }
  };
}
