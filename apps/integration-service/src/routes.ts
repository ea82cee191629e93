import { EventIdSchema, IntegrationListQuerySchema, IntegrationRequestSchema, type FailedEvent } from '@sm/events';
import { NotFoundError, type RouteDefinition } from '@sm/http';
import { parseJsonBody, parseQuery } from '@sm/http/body';
import { createAcceptEvent, type AcceptEventDeps } from './accept-event';
import { integrationApi } from './api';
import { FAILED_GROUP, reportOf, type StoredEvent } from './outbox';
import { createReplayEvent } from './replay-event';

function failedEventOf(stored: StoredEvent): FailedEvent {
  return { eventId: stored.eventId, type: stored.event?.type ?? 'message', acceptedAt: stored.acceptedAt, failedAt: stored.failedAt ?? stored.acceptedAt };
}

/** The integration-service's handlers, each beside its declaration in `api.ts`; they only translate between HTTP and the domain. */
export function integrationRoutes(deps: AcceptEventDeps): RouteDefinition[] {
  const acceptEvent = createAcceptEvent(deps);
  const replayEvent = createReplayEvent(deps);
  // An id no event can have names no event: 404 as for a missing one, without a store call.
  const eventIdOf = (eventId: string | undefined): string => {
    if (eventId === undefined || !EventIdSchema.safeParse(eventId).success) throw new NotFoundError(`no delivery report for event "${eventId ?? ''}"`);
    return eventId;
  };
  return [
    {
      ...integrationApi.publishEvent,
      handler: async (request) => {
        const input = parseJsonBody(request, IntegrationRequestSchema);
        const { report, retrying, allFailed } = await acceptEvent(input, request.correlationId);
        return { status: retrying ? 202 : allFailed ? 502 : 200, body: report };
      },
    },
    {
      ...integrationApi.listFailedEvents,
      handler: async (request) => {
        const { limit, cursor } = parseQuery(request.query, IntegrationListQuerySchema);
        const page = await deps.events.listGroup(FAILED_GROUP, cursor === undefined ? { limit } : { limit, cursor });
        return { status: 200, body: { items: page.items.map(failedEventOf), nextCursor: page.nextCursor } };
      },
    },
    {
      ...integrationApi.getDeliveryReport,
      handler: async (request) => {
        const eventId = eventIdOf(request.params.eventId);
        const stored = await deps.events.get(eventId);
        if (!stored) throw new NotFoundError(`no delivery report for event "${eventId}"`);
        return { status: 200, body: await reportOf(stored, deps.deliveries) };
      },
    },
    {
      ...integrationApi.replayEvent,
      handler: async (request) => ({ status: 202, body: await replayEvent(eventIdOf(request.params.eventId)) }),
    },
  ];
}
