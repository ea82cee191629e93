import { CallbackIdSchema, EventEnvelopeSchema, PageQuerySchema, TextMessageSchema } from '@sm/events';
import { NotFoundError, type RouteDefinition } from '@sm/http';
import { parseJsonText, parseQuery, readJsonText } from '@sm/http/body';
import { callbackApi } from './api';
import { createAuthenticateSender, createReceiveCallback, type CallbackContent, type CallbackDeps, type SenderPolicy } from './receive-callback';

export type CallbackRoutesDeps = CallbackDeps & SenderPolicy;

/** The callback-service's handlers, each beside its declaration in `api.ts`; they only translate between HTTP and the domain. */
export function callbackRoutes(deps: CallbackRoutesDeps): RouteDefinition[] {
  const authenticateSender = createAuthenticateSender(deps);
  const receiveCallback = createReceiveCallback(deps);
  return [
    {
      ...callbackApi.receiveCallback,
      handler: async (request) => {
        // Size and content type first; the signature covers the exact bytes, so it is checked before the body is parsed.
        const payload = readJsonText(request);
        const sender = authenticateSender(payload, request.headers);
        const content: CallbackContent = sender.signed
          ? { kind: 'event', webhookId: sender.webhookId, event: parseJsonText(payload, EventEnvelopeSchema) }
          : { kind: 'text', text: parseJsonText(payload, TextMessageSchema).text };
        const { record, duplicate } = await receiveCallback(content);
        return duplicate ? { status: 200, body: { ...record, duplicate: true } } : { status: 201, body: record };
      },
    },
    {
      ...callbackApi.listCallbacks,
      handler: async (request) => {
        const { limit, cursor } = parseQuery(request.query, PageQuerySchema);
        return { status: 200, body: await deps.store.list(cursor === undefined ? { limit } : { limit, cursor }) };
      },
    },
    {
      ...callbackApi.getCallback,
      handler: async (request) => {
        const id = request.params.id ?? '';
        // An id the service never issues names no callback: 404 as for a missing one, without a store call.
        const record = CallbackIdSchema.safeParse(id).success ? await deps.store.get(id) : undefined;
        if (!record) throw new NotFoundError(`no callback with id "${id}"`);
        return { status: 200, body: record };
      },
    },
  ];
}
