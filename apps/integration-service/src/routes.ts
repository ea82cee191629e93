import { EventIdSchema, IntegrationRequestSchema } from '@sm/events';
import { NotFoundError, parseJsonBody, type RouteDefinition } from '@sm/http';
import { createAcceptEvent, type AcceptEventDeps } from './accept-event';

/** The integration-service's HTTP contract; the handlers only translate between HTTP and the domain. */
export function integrationRoutes(deps: AcceptEventDeps): RouteDefinition[] {
  const acceptEvent = createAcceptEvent(deps);
  return [
    {
      method: 'POST',
      path: '/api/integration',
      authorization: { scopes: ['events:write'] },
      handler: async (request) => {
        const input = parseJsonBody(request, IntegrationRequestSchema);
        const { report, allFailed } = await acceptEvent(input, request.correlationId);
        return { status: allFailed ? 502 : 200, body: report };
      },
    },
    {
      method: 'GET',
      path: '/api/integration/{eventId}',
      authorization: { scopes: ['events:read'] },
      handler: async (request) => {
        const eventId = request.params.eventId ?? '';
        // An id no event can have names no report: 404 as for a missing one, without a store call.
        const stored = EventIdSchema.safeParse(eventId).success ? await deps.reports.get(eventId) : undefined;
        if (!stored) throw new NotFoundError(`no delivery report for event "${eventId}"`);
        return { status: 200, body: stored.report };
      },
    },
  ];
}
