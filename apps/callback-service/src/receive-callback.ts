import { createHash } from 'node:crypto';
import { EventEnvelopeSchema, TextMessageSchema, type CallbackRecord } from '@sm/events';
import { parseJsonText, readJsonText, UnauthorizedError, type RouteRequest } from '@sm/http';
import type { Store } from '@sm/storage';
import { isSignedDelivery, type SignatureVerifier } from './signature';

export interface CallbackDeps {
  store: Store<CallbackRecord>;
  verifySignature: SignatureVerifier;
  allowUnsigned: boolean;
  now: () => Date;
  newId: () => string;
}

export interface ReceivedCallback {
  record: CallbackRecord;
  duplicate: boolean;
}

/**
 * A redelivery carries the same webhook-id, so the record id is derived from it: storing is then one
 * conditional write, and concurrent redeliveries resolve to exactly one stored record.
 */
export function callbackIdForWebhook(webhookId: string): string {
  return `cb_wh_${createHash('sha256').update(webhookId).digest('hex').slice(0, 32)}`;
}

/**
 * Accepts a plain `{text}` callback (when allowed) or a Standard Webhooks signed event delivery,
 * and stores it once. Size and content type are checked first, the signature before the body is parsed.
 */
export function createReceiveCallback(deps: CallbackDeps) {
  return async function receiveCallback(request: Pick<RouteRequest, 'headers' | 'body' | 'isBase64Encoded'>): Promise<ReceivedCallback> {
    const payload = readJsonText(request);
    if (isSignedDelivery(request.headers)) {
      const webhookId = deps.verifySignature(payload, request.headers);
      const event = parseJsonText(payload, EventEnvelopeSchema);
      const record: CallbackRecord = {
        id: callbackIdForWebhook(webhookId),
        receivedAt: deps.now().toISOString(),
        kind: 'event',
        event,
        duplicate: false,
      };
      const stored = await deps.store.putIfAbsent(record);
      return { record: stored.item, duplicate: !stored.created };
    }
    if (!deps.allowUnsigned) {
      throw new UnauthorizedError('unsigned callbacks are not accepted; sign the delivery with Standard Webhooks headers');
    }
    const { text } = parseJsonText(payload, TextMessageSchema);
    const record: CallbackRecord = { id: `cb_${deps.newId()}`, receivedAt: deps.now().toISOString(), kind: 'text', text, duplicate: false };
    await deps.store.putIfAbsent(record);
    return { record, duplicate: false };
  };
}
