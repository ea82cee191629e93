import { CallbackIdSchema, PageQuerySchema, type CallbackRecord, type Health } from '@sm/events';
import { healthRoutes, NotFoundError, parseQuery, type RouteDefinition } from '@sm/http';
import type { Store } from '@sm/storage';
import { createReceiveCallback, type CallbackDeps } from './receive-callback';

export interface CallbackRoutesDeps extends CallbackDeps {
  store: Store<CallbackRecord>;
  health: Health;
}

/** The callback-service's HTTP contract; the handlers only translate between HTTP and the domain. */
export function callbackRoutes(deps: CallbackRoutesDeps): RouteDefinition[] {
  const receiveCallback = createReceiveCallback(deps);
  return [
    {
      method: 'POST',
      path: '/api/callback',
      authorization: 'none',
      handler: async (request) => {
        const { record, duplicate } = await receiveCallback(request);
        return duplicate ? { status: 200, body: { ...record, duplicate: true } } : { status: 201, body: record };
      },
    },
    {
      method: 'GET',
      path: '/api/callbacks',
      authorization: { scopes: ['callbacks:read'] },
      handler: async (request) => {
        const { limit, cursor } = parseQuery(request.query, PageQuerySchema);
        return { status: 200, body: await deps.store.list(cursor === undefined ? { limit } : { limit, cursor }) };
      },
    },
    {
      method: 'GET',
      path: '/api/callbacks/{id}',
      authorization: { scopes: ['callbacks:read'] },
      handler: async (request) => {
        const id = request.params.id ?? '';
        // An id the service never issues names no callback: 404 as for a missing one, without a store call.
        const record = CallbackIdSchema.safeParse(id).success ? await deps.store.get(id) : undefined;
        if (!record) throw new NotFoundError(`no callback with id "${id}"`);
        return { status: 200, body: record };
      },
    },
    ...healthRoutes(deps.health.service, deps.health),
  ];
}
