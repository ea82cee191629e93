import { InputTooLargeError } from '@sm/errors';
import { MAX_EVENT_BYTES } from '@sm/events';
import type { HttpClient, HttpRequest } from '@sm/http-client';
import { Webhook } from 'standardwebhooks';
import { createAcceptEvent, EventTooLargeError, type AcceptEventDeps } from './accept-event';
import type { SubscriberTarget } from './attempt-delivery';
import { memoryOutbox, TEST_SECRET } from './test-setup';

/** A subscriber's client that answers every request with `status` and records what it was sent. */
function answering(status: number): HttpClient & { sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  return {
    sent,
    async request(request) {
      sent.push(request);
      return { service: 'subscriber', method: request.method, url: request.url, status, headers: new Headers(), body: { ok: status < 300 }, bodyTruncated: false, attempts: 1, durationMs: 1 };
    },
  };
}

function acceptEventWith(subscribers: SubscriberTarget[], overrides: Partial<AcceptEventDeps> = {}) {
  const deps: AcceptEventDeps = {
    ...memoryOutbox(),
    subscribers,
    webhook: new Webhook(TEST_SECRET),
    source: 'integration-service',
    deadlineMs: 1_000,
    now: () => new Date('2026-01-02T03:04:05.000Z'),
    newId: () => 'id-1',
    random: () => 0.5,
    ...overrides,
  };
  return { deps, acceptEvent: createAcceptEvent(deps) };
}

describe('acceptEvent', () => {
  it('delivers an event to the subscribers of its type only, under the id the source gave it, and stores the event and its delivery', async () => {
    // prepare
    const orders = answering(200);
    const users = answering(200);
    const { deps, acceptEvent } = acceptEventWith([
      { url: 'https://orders.example/hooks', types: ['order.paid'], client: orders },
      { url: 'https://users.example/hooks', types: ['user.created'], client: users },
    ]);

    // act
    const accepted = await acceptEvent({ id: 'order-7-paid', type: 'order.paid', data: { orderId: 7 } }, 'c-1');

    // assess
    expect(accepted).toEqual({
      allFailed: false,
      retrying: false,
      report: { eventId: 'order-7-paid', deliveries: [expect.objectContaining({ url: 'https://orders.example/hooks', status: 'delivered' })] },
    });
    expect([orders.sent.length, users.sent.length]).toEqual([1, 0]);
    expect(orders.sent[0]).toMatchObject({ correlationId: 'c-1', headers: expect.objectContaining({ 'webhook-id': 'order-7-paid' }) });
    expect(await deps.events.get('order-7-paid')).toMatchObject({ eventId: 'order-7-paid', acceptedAt: '2026-01-02T03:04:05.000Z', subscribers: ['https://orders.example/hooks'] });
    expect(await deps.deliveries.get('order-7-paid#0')).toMatchObject({ status: 'delivered', dueAt: null, history: [{ at: '2026-01-02T03:04:05.000Z', responseStatus: 200 }] });
  });

  it('answers an event id seen before with its stored report, delivering nothing again', async () => {
    // prepare
    const hook = answering(200);
    const { acceptEvent } = acceptEventWith([{ url: 'https://hooks.example/in', types: ['*'], client: hook }]);
    const first = await acceptEvent({ id: 'evt_once', type: 'message', data: {} }, 'c-1');

    // act
    const again = await acceptEvent({ id: 'evt_once', type: 'message', data: { changed: true } }, 'c-2');

    // assess
    expect(again).toEqual(first);
    expect(hook.sent).toHaveLength(1);
  });

  it('says a refused delivery will be retried, and when, after the first wait of the schedule', async () => {
    // prepare
    const { deps, acceptEvent } = acceptEventWith([{ url: 'https://down.example/in', types: ['*'], client: answering(500) }]);

    // act
    const accepted = await acceptEvent({ text: 'hi' }, 'c-1');

    // assess
    expect(accepted).toMatchObject({ retrying: true, allFailed: false });
    expect(accepted.report).toEqual({
      eventId: 'evt_id-1',
      deliveries: [expect.objectContaining({ status: 'retrying', nextAttemptAt: '2026-01-02T03:04:10.000Z', error: 'subscriber answered 500' })],
    });
    expect(await deps.deliveries.listGroupUpTo('due', '2026-01-02T03:04:10.000Z', 5)).toEqual([expect.objectContaining({ id: 'evt_id-1#0' })]);
  });

  it('says every delivery failed for good when each subscriber answered 410 Gone', async () => {
    // prepare
    const { deps, acceptEvent } = acceptEventWith([{ url: 'https://gone.example/in', types: ['*'], client: answering(410) }]);

    // act
    const accepted = await acceptEvent({ text: 'hi' }, 'c-1');

    // assess
    expect(accepted).toMatchObject({ retrying: false, allFailed: true });
    expect(accepted.report.deliveries).toEqual([expect.objectContaining({ status: 'failed', error: expect.stringContaining('410 Gone') })]);
    expect(await deps.events.get('evt_id-1')).toMatchObject({ failedAt: '2026-01-02T03:04:05.000Z' });
  });

  it('stores the event and its queued delivery before the first attempt is sent', async () => {
    // prepare
    let storedWhenSent: unknown[] = [];
    const { deps, acceptEvent } = acceptEventWith([]);
    const client: HttpClient = {
      async request(request) {
        storedWhenSent = [await deps.events.get('evt_id-1'), await deps.deliveries.get('evt_id-1#0')];
        return answering(200).request(request);
      },
    };
    deps.subscribers.push({ url: 'https://hooks.example/in', types: ['*'], client });

    // act
    await acceptEvent({ text: 'hi' }, 'c-1');

    // assess
    expect(storedWhenSent).toEqual([
      expect.objectContaining({ eventId: 'evt_id-1' }),
      expect.objectContaining({ status: 'pending', claimedAt: '2026-01-02T03:04:05.000Z', history: [] }),
    ]);
  });

  it('refuses an event larger than a subscriber may store, naming the limit, before delivering it', async () => {
    // prepare
    const hook = answering(200);
    const { acceptEvent } = acceptEventWith([{ url: 'https://hooks.example/in', types: ['*'], client: hook }]);

    // act
    const accepting = acceptEvent({ text: 'x'.repeat(MAX_EVENT_BYTES) }, 'c-1');

    // assess
    await expect(accepting).rejects.toThrow(EventTooLargeError);
    await expect(accepting).rejects.toBeInstanceOf(InputTooLargeError);
    await expect(accepting).rejects.toThrow(`the limit is ${MAX_EVENT_BYTES} bytes (256 KiB) per event`);
    expect(hook.sent).toEqual([]);
  });
});
