import { EventIdSchema, IntegrationListQuerySchema, IntegrationRequestSchema, type FailedEvent } from '@sm/events';
import { NotFoundError, parseJsonBody, parseQuery, type RouteDefinition } from '@sm/http';
import { createAcceptEvent, type AcceptEventDeps } from './accept-event';
import { FAILED_GROUP, reportOf, type StoredEvent } from './outbox';
import { createReplayEvent } from './replay-event';

function failedEventOf(stored: StoredEvent): FailedEvent {
  return { eventId: stored.eventId, type: stored.event?.type ?? 'message', acceptedAt: stored.acceptedAt, failedAt: stored.failedAt ?? stored.acceptedAt };
}

/** The integration-service's HTTP contract; the handlers only translate between HTTP and the domain. */
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
      method: 'POST',
      path: '/api/integration',
      authorization: { scopes: ['events:write'] },
      handler: async (request) => {
        const input = parseJsonBody(request, IntegrationRequestSchema);
        const { report, retrying, allFailed } = await acceptEvent(input, request.correlationId);
        return { status: retrying ? 202 : allFailed ? 502 : 200, body: report };
      },
    },
    {
      method: 'GET',
      path: '/api/integration',
      authorization: { scopes: ['events:read'] },
      handler: async (request) => {
        const { limit, cursor } = parseQuery(request.query, IntegrationListQuerySchema);
        const page = await deps.events.listGroup(FAILED_GROUP, cursor === undefined ? { limit } : { limit, cursor });
        return { status: 200, body: { items: page.items.map(failedEventOf), nextCursor: page.nextCursor } };
      },
    },
    {
      method: 'GET',
      path: '/api/integration/{eventId}',
      authorization: { scopes: ['events:read'] },
      handler: async (request) => {
        const eventId = eventIdOf(request.params.eventId);
        const stored = await deps.events.get(eventId);
        if (!stored) throw new NotFoundError(`no delivery report for event "${eventId}"`);
        return { status: 200, body: await reportOf(stored, deps.deliveries) };
      },
    },
    {
      method: 'POST',
      path: '/api/integration/{eventId}/replay',
      authorization: { scopes: ['events:write'] },
      handler: async (request) => ({ status: 202, body: await replayEvent(eventIdOf(request.params.eventId)) }),
    },
  ];
}
