import { CallbackIdSchema, CallbackRecordSchema, EventEnvelopeSchema, PageQuerySchema, pageSchema, TextMessageSchema } from '@sm/events';
import { declareRoutes, json, problem, unavailable } from '@sm/http/openapi';
import * as z from 'zod/mini';

/** Every route reads or writes the callback store, which may be throttled or down. */
const storeUnavailable = unavailable('the callback store is unavailable (throttled or down)');

/** Standard Webhooks' headers, which a signed delivery carries and an unsigned one does not. */
const WebhookHeadersSchema = z.object({
  'webhook-id': z.optional(z.string()),
  'webhook-timestamp': z.optional(z.string()),
  'webhook-signature': z.optional(z.string()),
});

/**
 * The callback-service's HTTP contract, route by route: `routes.ts` gives each its handler, and
 * `GET /callback-service/openapi.json` serves the OpenAPI document built from it.
 */
export const callbackApi = declareRoutes({
  receiveCallback: {
    method: 'POST',
    path: '/api/callback',
    authorization: 'none',
    summary: 'Store a callback once: plain {text}, or a Standard Webhooks signed delivery of an event',
    description: 'A delivery is signed when it carries the webhook-id, webhook-timestamp and webhook-signature headers; the same webhook-id is stored once.',
    request: { headers: WebhookHeadersSchema, body: { schema: z.union([TextMessageSchema, EventEnvelopeSchema]), description: '{text}, or an event envelope when signed' } },
    responses: {
      201: json('the callback, stored', CallbackRecordSchema),
      200: json('a delivery whose webhook-id is already stored: the stored callback, marked duplicate', CallbackRecordSchema),
      400: problem('the body is not JSON, or not a callback'),
      401: problem('the signature is missing, stale or wrong, or unsigned callbacks are not accepted'),
      415: problem('the body is not application/json'),
      422: problem('the body is JSON of the wrong shape'),
      503: storeUnavailable,
    },
  },
  listCallbacks: {
    method: 'GET',
    path: '/api/callbacks',
    authorization: { scopes: ['callbacks:read'] },
    summary: 'List stored callbacks, a page at a time',
    request: { query: PageQuerySchema },
    responses: {
      200: json('one page of callbacks, and the cursor of the next (null after the last)', pageSchema(CallbackRecordSchema)),
      400: problem('the limit or the cursor is not valid'),
      503: storeUnavailable,
    },
  },
  getCallback: {
    method: 'GET',
    path: '/api/callbacks/{id}',
    authorization: { scopes: ['callbacks:read'] },
    summary: 'One stored callback',
    request: { params: z.object({ id: CallbackIdSchema }) },
    responses: {
      200: json('the callback', CallbackRecordSchema),
      404: problem('no callback has this id'),
      503: storeUnavailable,
    },
  },
});
