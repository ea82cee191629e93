import { CallbackIdSchema, PageQuerySchema, type CallbackRecord, type Health } from '@sm/events';
import { NotFoundError, parseQuery, type RouteDefinition } from '@sm/http';
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
      handler: async (request) => {
        const { record, duplicate } = await receiveCallback(request);
        return duplicate ? { status: 200, body: { ...record, duplicate: true } } : { status: 201, body: record };
      },
    },
    {
      method: 'GET',
      path: '/api/callbacks',
      handler: async (request) => {
        const { limit, cursor } = parseQuery(request.query, PageQuerySchema);
        return { status: 200, body: await deps.store.list(cursor === undefined ? { limit } : { limit, cursor }) };
      },
    },
    {
      method: 'GET',
      path: '/api/callbacks/{id}',
      handler: async (request) => {
        const id = request.params.id ?? '';
        // An id the service never issues names no callback: 404 as for a missing one, without a store call.
        const record = CallbackIdSchema.safeParse(id).success ? await deps.store.get(id) : undefined;
        if (!record) throw new NotFoundError(`no callback with id "${id}"`);
        return { status: 200, body: record };
      },
    },
    { method: 'GET', path: '/health', handler: async () => ({ status: 200, body: deps.health }) },
    // Every app shares the stage's one HTTP API, which keeps one route per key: each answers its
    // health under its own name there (deploy.json), and at /health when it owns a gateway alone.
    { method: 'GET', path: `/${deps.health.service}/health`, handler: async () => ({ status: 200, body: deps.health }) },
  ];
}
