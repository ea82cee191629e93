import { NotAuthenticatedError } from '@sm/errors';
import type { EventEnvelope } from '@sm/events';
import { createMemoryStore } from '@sm/storage';
import { Webhook } from 'standardwebhooks';
import { callbackKeys } from './app';
import { callbackIdForWebhook, createAuthenticateSender, createReceiveCallback } from './receive-callback';
import { createSignatureVerifier, SignatureRejectedError } from './signature';
import { TEST_SECRET } from './test-setup';

const event: EventEnvelope = { id: 'evt_1', type: 'order.paid', time: '2026-11-25T10:00:00.000Z', source: 'shop', data: { orderId: 42 } };
const payload = JSON.stringify(event);

function signed(webhookId: string, body: string) {
  const sentAt = new Date();
  return { 'webhook-id': webhookId, 'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)), 'webhook-signature': new Webhook(TEST_SECRET).sign(webhookId, sentAt, body) };
}

describe('authenticateSender', () => {
  const verifySignature = createSignatureVerifier(TEST_SECRET);

  it('knows a signed sender by the webhook id it signed', () => {
    // act
    const sender = createAuthenticateSender({ verifySignature, allowUnsigned: false })(payload, signed('msg_1', payload));

    // assess
    expect(sender).toEqual({ signed: true, webhookId: 'msg_1' });
  });

  it('rejects a payload other than the one signed, even where unsigned callbacks are allowed', () => {
    // act
    const authenticate = () => createAuthenticateSender({ verifySignature, allowUnsigned: true })('{"text":"changed"}', signed('msg_1', payload));

    // assess
    expect(authenticate).toThrow(SignatureRejectedError);
  });

  it('refuses an unsigned sender unless the policy allows one', () => {
    // act
    const refused = () => createAuthenticateSender({ verifySignature, allowUnsigned: false })('{"text":"hi"}', {});
    const allowed = createAuthenticateSender({ verifySignature, allowUnsigned: true })('{"text":"hi"}', {});

    // assess
    expect(refused).toThrow(NotAuthenticatedError);
    expect(refused).toThrow('unsigned callbacks are not accepted; sign the delivery with Standard Webhooks headers');
    expect(allowed).toEqual({ signed: false });
  });
});

describe('receiveCallback', () => {
  const now = () => new Date('2026-11-25T10:00:01.000Z');

  it('stores a text message under a new id at the time the clock reads', async () => {
    // prepare
    const store = createMemoryStore(callbackKeys);
    const receiveCallback = createReceiveCallback({ store, now, newId: () => 'id-1' });

    // act
    const received = await receiveCallback({ kind: 'text', text: 'hi' });

    // assess
    expect(received).toEqual({ record: { id: 'cb_id-1', receivedAt: '2026-11-25T10:00:01.000Z', kind: 'text', text: 'hi', duplicate: false }, duplicate: false });
    expect(await store.get('cb_id-1')).toEqual(received.record);
  });

  it('stores a redelivered event once and answers the first record as a duplicate', async () => {
    // prepare
    const store = createMemoryStore(callbackKeys);
    const receiveCallback = createReceiveCallback({ store, now, newId: () => 'unused' });

    // act
    const first = await receiveCallback({ kind: 'event', webhookId: 'msg_7', event });
    const again = await receiveCallback({ kind: 'event', webhookId: 'msg_7', event });

    // assess
    expect(first).toEqual({ record: { id: callbackIdForWebhook('msg_7'), receivedAt: '2026-11-25T10:00:01.000Z', kind: 'event', event, duplicate: false }, duplicate: false });
    expect(again).toEqual({ record: first.record, duplicate: true });
    expect((await store.list({ limit: 10 })).items).toHaveLength(1);
  });
});
