import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, ScheduledEvent } from 'aws-lambda';
import { healthRoutes } from './health-routes';
import { apiOf, createHttpApi, type HttpApiHandler, type RouteDefinition } from './http-api';
import { loadOnce } from './load-once';
import { descriptorOutput, streamOutput } from './log-output';
import { createLogger, type LogFormat, type LogLevel } from './logger';
import { toProblemResult } from './problem';
import type { RouteDeclarations } from './route-contract';

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
  /**
   * The handler's location, which Lambda's runtime sets (a reserved variable), as do the image and
   * the local process runtime; the local stack's worker threads run without it.
   */
  _HANDLER?: string | undefined;
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
  /**
   * What to run for each schedule of the app's deploy.json, by its name: EventBridge Scheduler (and
   * `npm start` locally) invokes the function with a `ScheduleEvent` naming it.
   */
  schedules?: Record<string, ScheduleHandler>;
  /**
   * Imports the routes' declarations (see `declareRoutes`), from which the service serves its
   * OpenAPI 3.1 document at `GET /<name>/openapi.json`, built with the first request for it.
   */
  api?: () => Promise<RouteDeclarations>;
}

/**
 * What EventBridge Scheduler sends the function for a schedule of deploy.json (the context
 * attributes filled in), and what `npm start` sends at the same times.
 *
 * @example
 * const event: ScheduleEvent = { version: '0', id: 'run-1', 'detail-type': 'Scheduled Event', source: 'aws.scheduler', account: '123456789012',
 *   time: '2026-12-02T18:00:00Z', region: 'eu-west-1', resources: [], detail: { schedule: 'deliver-due' } };
 */
export type ScheduleEvent = ScheduledEvent<{ schedule: string }>;

/**
 * Runs one invocation of a schedule; a rejection fails the invocation, as Lambda reports it.
 *
 * @example
 * const deliverDue: ScheduleHandler = async (_event, context) => { await deliverDueDeliveries(context.getRemainingTimeInMillis()); };
 */
export type ScheduleHandler = (event: ScheduleEvent, context: Context) => Promise<void>;

/**
 * The Lambda handler of a service: API Gateway events get an HTTP answer, schedule events run the
 * schedule they name.
 *
 * @example
 * const result = await handler(apiGatewayEvent, context); // { statusCode: 200, ... }
 * await handler(scheduleEvent, context); // runs the named schedule
 */
export interface ServiceHandler {
  (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2>;
  (event: ScheduleEvent, context: Context): Promise<void>;
}

/** Scheduler's events say who sent them; API Gateway's have no `source`. */
function isScheduleEvent(event: APIGatewayProxyEventV2 | ScheduleEvent): event is ScheduleEvent {
  return 'source' in event && event.source === 'aws.scheduler';
}

/**
 * A schedule the app does not declare (or an event that names none), which fails the invocation.
 *
 * @example
 * await expect(handler(scheduleEventFor('tidy-down'), context)).rejects.toBeInstanceOf(UnknownScheduleError);
 */
export class UnknownScheduleError extends Error {
  constructor(schedule: unknown, known: string[]) {
    super(`no handler for schedule ${JSON.stringify(schedule)}; this service runs ${known.length === 0 ? 'no schedules' : known.map((name) => `"${name}"`).join(', ')}`);
    this.name = 'UnknownScheduleError';
  }
}

/**
 * The service's logger as its config says: level, format and the app's name on every line.
 *
 * @example
 * const logger = createServiceLogger('integration-service', config);
 * const client = createHttpClient({ service: 'subscriber', logger });
 */
export function createServiceLogger(name: string, config: Pick<ServiceSettings, 'LOG_LEVEL' | 'LOG_FORMAT' | '_HANDLER'>): Logger {
  // A runtime client's own process (Lambda, the image, the process runtime) writes its lines straight to
  // its descriptors; a worker thread of the local stack, whose streams the stack reads, to its streams.
  const output = config._HANDLER === undefined ? streamOutput() : descriptorOutput();
  return createLogger({ service: name, level: config.LOG_LEVEL, format: config.LOG_FORMAT, output });
}

/**
 * The Lambda handler of a service: its routes behind the skeleton every service shares (the logger,
 * `GET /health` and `GET /<name>/health` answering `{status, service, version}`, correlation ids,
 * scope checks with the stage's `AUTH_SCOPE_PREFIX`, and the one error mapper), and its schedules
 * by name, so an app's own code is its config, routes, schedules, domain and adapters. A schedule
 * event naming no schedule of the service is logged and fails the invocation.
 *
 * @example
 * export const handler = createService({
 *   name: 'notification-service',
 *   config,
 *   routes: [{ method: 'POST', path: '/api/notifications', authorization: { scopes: ['notifications:write'] }, handler: sendNotification }],
 * });
 */
export function createService(options: ServiceOptions): ServiceHandler {
  const { name, config } = options;
  const logger = options.logger ?? createServiceLogger(name, config);
  const schedules = new Map(Object.entries(options.schedules ?? {}));
  const http = httpHandler(options.api === undefined ? options.routes : withOpenApiRoute(options.routes, name, config.APP_VERSION, options.api), name, config, logger);

  const runSchedule = async (event: ScheduleEvent, context: Context): Promise<void> => {
    const schedule: unknown = event.detail?.schedule;
    const run = typeof schedule === 'string' ? schedules.get(schedule) : undefined;
    const details = { schedule, scheduledTime: event.time, invocationId: event.id, awsRequestId: context.awsRequestId };
    if (run === undefined) {
      const error = new UnknownScheduleError(schedule, [...schedules.keys()]);
      logger.error('schedule event for no schedule of this service', { ...details, error });
      throw error;
    }
    const started = Date.now();
    try {
      await run(event, context);
      logger.info('schedule ran', { ...details, durationMs: Date.now() - started });
    } catch (error) {
      logger.error('schedule failed', { ...details, durationMs: Date.now() - started, error });
      throw error;
    }
  };

  return ((event: APIGatewayProxyEventV2 | ScheduleEvent, context: Context) =>
    isScheduleEvent(event) ? runSchedule(event, context) : http(event, context)) as ServiceHandler;
}

/**
 * The routes with `GET /<name>/openapi.json`, which builds the document (in a chunk of its own) with
 * the first request for it and answers the same one after.
 */
function withOpenApiRoute(routes: ServiceOptions['routes'], name: string, version: string, api: () => Promise<RouteDeclarations>): ServiceOptions['routes'] {
  const document = loadOnce(() =>
    Promise.all([import('./openapi-document'), api()]).then(([{ buildOpenApiDocument }, declared]) => buildOpenApiDocument({ service: name, version, routes: declared })),
  );
  const openApiRoute: RouteDefinition = {
    method: 'GET',
    path: `/${name}/openapi.json`,
    authorization: 'none',
    handler: async () => ({ status: 200, body: await document() }),
  };
  return Array.isArray(routes) ? [...routes, openApiRoute] : async () => [...(await routes()), openApiRoute];
}

/**
 * The service's HTTP API: its routes with the health routes. Routes given as an import are loaded
 * with the first request that is not a health check, so a cold start builds only what GET /health needs.
 */
function httpHandler(routes: ServiceOptions['routes'], name: string, config: ServiceSettings, logger: Logger): HttpApiHandler {
  const health = healthRoutes(name, { status: 'ok', service: name, version: config.APP_VERSION });
  const withHealth = (own: RouteDefinition[]) => createHttpApi({ logger, scopePrefix: config.AUTH_SCOPE_PREFIX, routes: [...own, ...health] });
  if (Array.isArray(routes)) return withHealth(routes);

  const healthOnly = withHealth([]);
  const healthPaths = new Set<string>(health.map((route) => route.path));
  const full = loadOnce(() => routes().then(withHealth));
  return async (event, context) => {
    const path = event.rawPath.length > 1 ? event.rawPath.replace(/\/$/, '') : event.rawPath;
    if (event.requestContext.http.method === 'GET' && healthPaths.has(path) && apiOf(event) === 'api') return healthOnly(event, context);
    try {
      return await (await full())(event, context);
    } catch (error) {
      // Only a failed import (or an app's adapters that failed to build) gets here, the API mapping
      // every error of its own: a logged 500, and loadOnce tries again with the next request.
      logger.error('routes failed to load', error as Error);
      return toProblemResult(error);
    }
  };
}
