import type { AppEventData, AppEventType } from '@sm/events';
import { createClientCredentialsTokenSource, createHttpClient, expectOk, withBearerToken, type HttpClient, type RetryLogger } from '@sm/http-client';
import { integrationServiceOf, type ReactAppManagerConfig } from './config';

/** A lifecycle event as the integration-service takes it: it adds `time` and `source` (the envelope). */
export interface AppEvent {
  id: string;
  type: AppEventType;
  data: AppEventData;
}

/** Where lifecycle events go; rejects when the event was not accepted. */
export interface AppEventPublisher {
  publish(event: AppEvent, correlationId: string): Promise<void>;
}

/** Where events go when the stage has no integration-service: nowhere. */
export const unpublished: AppEventPublisher = { publish: async () => undefined };

/**
 * Posts each event to the integration-service's `/api/integration`, which wraps it in the shared
 * envelope and delivers it to the subscribers. The event id doubles as the idempotency key: the
 * integration-service delivers an id once, so the client may retry safely.
 */
export function createIntegrationPublisher(options: { integrationServiceUrl: string; client: HttpClient }): AppEventPublisher {
  const url = new URL('/api/integration', options.integrationServiceUrl).href;
  return {
    async publish(event, correlationId) {
      expectOk(await options.client.request({ method: 'POST', url, body: event, idempotencyKey: event.id, correlationId }));
    },
  };
}

/**
 * The publisher a config describes: events posted to the integration-service with the service's own
 * token (client-credentials grant, scope events:write), each call within EVENTS_DEADLINE_MS; or, for
 * a stage without an integration-service, none.
 *
 * @example
 * const publisher = integrationPublisherOf(config, logger);
 */
export function integrationPublisherOf(config: ReactAppManagerConfig, logger: RetryLogger): AppEventPublisher {
  const integration = integrationServiceOf(config);
  if (integration === undefined) return unpublished;
  const limits = { timeoutMs: config.EVENTS_DEADLINE_MS, deadlineMs: config.EVENTS_DEADLINE_MS, logger };
  const tokens = createClientCredentialsTokenSource({ ...integration, client: createHttpClient({ service: 'token-endpoint', ...limits }) });
  return createIntegrationPublisher({
    integrationServiceUrl: integration.url,
    client: withBearerToken(createHttpClient({ service: 'integration-service', ...limits }), tokens),
  });
}

/** What a request passes to the domain: its correlation id, and where to report what it cannot fix. */
export interface RequestContext {
  correlationId: string;
  logger: { error(message: string, extra: Record<string, unknown>): void };
}

/**
 * Publishes an event for a change that is already done: a failure cannot undo the change, nor fail
 * the request that made it, so it is logged (with the app and the event id, to replay it) instead.
 */
export async function announce(publisher: AppEventPublisher, event: AppEvent, context: RequestContext): Promise<void> {
  try {
    await publisher.publish(event, context.correlationId);
  } catch (error) {
    context.logger.error('app event not published', { app: event.data.name, eventId: event.id, eventType: event.type, error });
  }
}
