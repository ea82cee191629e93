import { createHash } from 'node:crypto';
import { NotAuthenticatedError } from '@sm/errors';
import type { CallbackRecord, EventEnvelope } from '@sm/events';
import type { Store } from '@sm/storage';
import { isSignedDelivery, type SignatureHeaders, type SignatureVerifier } from './signature';

/** Who may deliver a callback: senders of signed deliveries, and anyone else only when allowed. */
export interface SenderPolicy {
  verifySignature: SignatureVerifier;
  allowUnsigned: boolean;
}

export interface CallbackDeps {
  store: Store<CallbackRecord>;
  now: () => Date;
  newId: () => string;
}

/** A delivery whose sender is known: signed with our secret (by its webhook id), or unsigned and allowed. */
export type CallbackSender = { signed: true; webhookId: string } | { signed: false };

/** What a delivery holds, by its sender: an event envelope when signed, a `{text}` message when not. */
export type CallbackContent = { kind: 'event'; webhookId: string; event: EventEnvelope } | { kind: 'text'; text: string };

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
 * Tells who sent the exact payload: a Standard Webhooks signed delivery is verified before anything
 * reads its body, and an unsigned one is refused unless the policy allows it.
 */
export function createAuthenticateSender(policy: SenderPolicy) {
  return function authenticateSender(payload: string, headers: SignatureHeaders): CallbackSender {
    if (isSignedDelivery(headers)) return { signed: true, webhookId: policy.verifySignature(payload, headers) };
    if (!policy.allowUnsigned) {
      throw new NotAuthenticatedError('unsigned callbacks are not accepted; sign the delivery with Standard Webhooks headers');
    }
    return { signed: false };
  };
}

/** Stores a callback once: a redelivered event answers with the record its first delivery stored. */
export function createReceiveCallback(deps: CallbackDeps) {
  return async function receiveCallback(content: CallbackContent): Promise<ReceivedCallback> {
    const receivedAt = deps.now().toISOString();
    if (content.kind === 'event') {
      const record: CallbackRecord = { id: callbackIdForWebhook(content.webhookId), receivedAt, kind: 'event', event: content.event, duplicate: false };
      const stored = await deps.store.putIfAbsent(record);
      return { record: stored.item, duplicate: !stored.created };
    }
    const record: CallbackRecord = { id: `cb_${deps.newId()}`, receivedAt, kind: 'text', text: content.text, duplicate: false };
    await deps.store.putIfAbsent(record);
    return { record, duplicate: false };
  };
}
