import type { Server } from 'node:http';
import type { DeliveryReport, FailedEvent } from '@sm/events';
import { Webhook } from 'standardwebhooks';
import { publisher, startSubscriber, stopServer, TEST_SECRET, testConfig, transports, virtualClock, type ReceivedRequest } from './test-setup';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * One request per attempt: the schedule, not the http client's own retries, is under test; and time
 * for it on a loaded machine (the clock the deadline is measured by stands still).
 */
const oneRequestPerAttempt = { DELIVERY_MAX_ATTEMPTS: 1, DELIVERY_ATTEMPT_TIMEOUT_MS: 2_000 };

describe.each(transports)('integration-service retries through the %s', (_transport, start) => {
  const servers: Server[] = [];
  const subscriber = async (statuses: number[], headers: Record<string, string> = {}) => {
    const started = await startSubscriber(statuses, undefined, headers);
    servers.push(started.server);
    return started;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(stopServer));
  });

  /** The service over a virtual clock, delivering to `url`. */
  const serviceFor = (url: string, startAt?: string) => {
    const clock = virtualClock(startAt);
    const service = start(testConfig([{ url, types: ['*'] }], oneRequestPerAttempt), { now: clock.now });
    const report = async (eventId: string) => (await service.client({ method: 'GET', path: `/api/integration/${eventId}`, as: publisher })).json as DeliveryReport;
    const post = async (body: unknown) => service.client({ method: 'POST', path: '/api/integration', as: publisher, body });
    return { ...service, clock, report, post, run: service.deliverDue };
  };

  const verified = (request: ReceivedRequest | undefined) =>
    new Webhook(TEST_SECRET).verify(request?.body ?? '', {
      'webhook-id': String(request?.headers['webhook-id']),
      'webhook-timestamp': String(request?.headers['webhook-timestamp']),
      'webhook-signature': String(request?.headers['webhook-signature']),
    });

  it('retries a refused delivery after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, then dead-letters it', async () => {
    const hook = await subscriber([500]);
    const { clock, report, post, run } = serviceFor(hook.url);
    const accepted = await post({ type: 'order.paid', data: { orderId: 1 }, id: 'order-1-paid' });
    expect(accepted.status).toBe(202);

    for (let attempt = 2; attempt <= 8; attempt += 1) {
      const { deliveries } = await report('order-1-paid');
      clock.set(deliveries[0]?.nextAttemptAt ?? '');
      await run();
    }

    const { deliveries } = await report('order-1-paid');
    const times = (deliveries[0]?.history ?? []).map((attempt) => Date.parse(attempt.at));
    expect(times.slice(1).map((time, index) => time - (times[index] ?? 0))).toEqual([5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR]);
    expect(deliveries[0]).toMatchObject({ status: 'failed', attempts: 8, responseStatus: 500, error: 'subscriber answered 500' });
    expect(deliveries[0]).not.toHaveProperty('nextAttemptAt');
    expect(hook.received).toHaveLength(8);
  });

  it('signs every attempt afresh under the same webhook id', async () => {
    const hook = await subscriber([500, 200]);
    // Near the wall clock: a receiver refuses a signature whose timestamp is minutes away from its own time.
    const { clock, post, run } = serviceFor(hook.url, new Date().toISOString());
    await post({ text: 'sign me twice' });

    clock.advance(10 * SECOND);
    await run();

    expect(hook.received.map((request) => request.headers['webhook-id'])).toEqual([hook.received[0]?.headers['webhook-id'], hook.received[0]?.headers['webhook-id']]);
    expect(Number(hook.received[1]?.headers['webhook-timestamp']) - Number(hook.received[0]?.headers['webhook-timestamp'])).toBe(10);
    expect(verified(hook.received[1])).toEqual(verified(hook.received[0]));
  });

  it('sends nothing before a delivery is due, and delivers it once it is', async () => {
    const hook = await subscriber([503, 200]);
    const { clock, report, post, run } = serviceFor(hook.url);
    const { eventId } = (await post({ text: 'later' })).json as DeliveryReport;
    const due = Date.parse((await report(eventId)).deliveries[0]?.nextAttemptAt ?? '');

    clock.set(new Date(due - 1).toISOString());
    await run();
    const early = hook.received.length;
    clock.set(new Date(due).toISOString());
    await run();

    expect(early).toBe(1);
    expect(hook.received).toHaveLength(2);
    expect((await report(eventId)).deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2, responseStatus: 200, history: [{ responseStatus: 503 }, { responseStatus: 200 }] });
  });

  it('lists every attempt with its time, status code, duration and error', async () => {
    const hook = await subscriber([500, 200]);
    const { clock, report, post, run } = serviceFor(hook.url);
    const { eventId } = (await post({ text: 'history' })).json as DeliveryReport;

    clock.advance(6 * SECOND);
    await run();

    expect((await report(eventId)).deliveries[0]?.history).toEqual([
      { at: '2026-12-02T10:00:00.000Z', responseStatus: 500, durationMs: expect.any(Number), error: 'subscriber answered 500' },
      { at: '2026-12-02T10:00:06.000Z', responseStatus: 200, durationMs: expect.any(Number) },
    ]);
  });

  it('stops retrying a subscriber that answers 410 Gone, dead-lettering the delivery', async () => {
    const hook = await subscriber([500, 410, 200]);
    const { clock, report, post, run } = serviceFor(hook.url);
    const { eventId } = (await post({ text: 'unsubscribed' })).json as DeliveryReport;

    clock.advance(6 * SECOND);
    await run();
    clock.advance(24 * HOUR);
    await run();

    expect(hook.received).toHaveLength(2);
    expect((await report(eventId)).deliveries[0]).toMatchObject({ status: 'failed', responseStatus: 410, error: expect.stringContaining('410 Gone') });
  });

  it('waits as long as Retry-After asks when that is longer than the schedule’s wait', async () => {
    const hook = await subscriber([503], { 'retry-after': '120' });
    const { report, post } = serviceFor(hook.url);

    const { eventId } = (await post({ text: 'slow down' })).json as DeliveryReport;

    expect((await report(eventId)).deliveries[0]?.nextAttemptAt).toBe('2026-12-02T10:02:00.000Z');
  });

  it('makes one attempt per due delivery when two runs go at once', async () => {
    const events = 30;
    const hook = await subscriber([...Array.from({ length: events }, () => 500), 200]);
    const { clock, report, post, run } = serviceFor(hook.url);
    const ids = Array.from({ length: events }, (_, index) => `evt_concurrent-${index}`);
    for (const id of ids) expect((await post({ type: 'tick', data: {}, id })).status).toBe(202);

    clock.advance(6 * SECOND);
    await Promise.all([run(), run()]);

    const reports = await Promise.all(ids.map(report));
    expect(reports.map((got) => got.deliveries[0]?.history.length)).toEqual(ids.map(() => 2));
    const perId = new Map<string, number>();
    for (const request of hook.received) perId.set(String(request.headers['webhook-id']), (perId.get(String(request.headers['webhook-id'])) ?? 0) + 1);
    expect(Math.max(...perId.values())).toBe(2);
  });

  describe('dead letters', () => {
    const failedList = async (client: ReturnType<typeof serviceFor>['client'], query: string) =>
      client({ method: 'GET', path: `/api/integration?status=failed${query}`, as: publisher });

    it('lists dead-lettered events newest first, page by page', async () => {
      const hook = await subscriber([410]);
      const { client, clock, post } = serviceFor(hook.url);
      for (const id of ['evt_a', 'evt_b', 'evt_c']) {
        await post({ type: 'gone', data: {}, id });
        clock.advance(MINUTE);
      }

      const first = await failedList(client, '&limit=2');
      const page = first.json as { items: FailedEvent[]; nextCursor: string };
      const rest = await failedList(client, `&limit=2&cursor=${page.nextCursor}`);

      expect(first.status).toBe(200);
      expect(page.items).toEqual([
        { eventId: 'evt_c', type: 'gone', acceptedAt: '2026-12-02T10:02:00.000Z', failedAt: '2026-12-02T10:02:00.000Z' },
        { eventId: 'evt_b', type: 'gone', acceptedAt: '2026-12-02T10:01:00.000Z', failedAt: '2026-12-02T10:01:00.000Z' },
      ]);
      expect(rest.json).toEqual({ items: [expect.objectContaining({ eventId: 'evt_a' })], nextCursor: null });
    });

    it('does not list events that were delivered or are still being retried', async () => {
      const hook = await subscriber([500, 200]);
      const { client, post } = serviceFor(hook.url);
      await post({ text: 'retrying' });
      await post({ text: 'delivered' });

      expect((await failedList(client, '')).json).toEqual({ items: [], nextCursor: null });
    });

    it.each([
      ['without a status', '/api/integration'],
      ['for another status', '/api/integration?status=delivered'],
      ['for a limit over 100', '/api/integration?status=failed&limit=101'],
      ['for an unknown parameter', '/api/integration?status=failed&order=asc'],
      ['for a forged cursor', '/api/integration?status=failed&cursor=bm90LWEtY3Vyc29y'],
    ])('answers 400 problem+json %s', async (_case, path) => {
      const { client } = serviceFor('http://127.0.0.1:9/closed');

      const response = await client({ method: 'GET', path, as: publisher });

      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toBe('application/problem+json');
    });

    it('replays a dead-lettered event: queued again at once, delivered by the next run, its history kept', async () => {
      const hook = await subscriber([410, 200]);
      const { client, clock, report, post, run } = serviceFor(hook.url);
      const { eventId } = (await post({ text: 'again please' })).json as DeliveryReport;
      clock.advance(HOUR);

      const replayed = await client({ method: 'POST', path: `/api/integration/${eventId}/replay`, as: publisher });
      const listedAfterReplay = (await failedList(client, '')).json;
      await run();

      expect(replayed.status).toBe(202);
      expect((replayed.json as DeliveryReport).deliveries).toEqual([expect.objectContaining({ status: 'retrying', nextAttemptAt: '2026-12-02T11:00:00.000Z' })]);
      expect(listedAfterReplay).toEqual({ items: [], nextCursor: null });
      expect((await report(eventId)).deliveries[0]).toMatchObject({ status: 'delivered', history: [{ responseStatus: 410 }, { responseStatus: 200, at: '2026-12-02T11:00:00.000Z' }] });
      expect(new Set(hook.received.map((request) => request.headers['webhook-id']))).toEqual(new Set([eventId]));
    });

    it('gives a replayed delivery the whole schedule again', async () => {
      const hook = await subscriber([410, 500]);
      const { client, report, post, clock, run } = serviceFor(hook.url);
      const { eventId } = (await post({ text: 'second round' })).json as DeliveryReport;
      await client({ method: 'POST', path: `/api/integration/${eventId}/replay`, as: publisher });

      await run();
      const afterFirstRetry = (await report(eventId)).deliveries[0];

      expect(afterFirstRetry).toMatchObject({ status: 'retrying', nextAttemptAt: new Date(clock.now().getTime() + 5 * SECOND).toISOString() });
    });

    it('answers 409 problem+json when the event has no failed delivery to replay', async () => {
      const hook = await subscriber([200]);
      const { client, post } = serviceFor(hook.url);
      const { eventId } = (await post({ text: 'fine' })).json as DeliveryReport;

      const response = await client({ method: 'POST', path: `/api/integration/${eventId}/replay`, as: publisher });

      expect(response.status).toBe(409);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.json).toMatchObject({ detail: `event "${eventId}" has no failed deliveries to replay` });
      expect(hook.received).toHaveLength(1);
    });

    it.each([
      ['an unknown event', 'evt_unknown'],
      ['an id no event can have', `evt_${'a'.repeat(2045)}`],
    ])('answers 404 problem+json to a replay of %s', async (_case, eventId) => {
      const { client } = serviceFor('http://127.0.0.1:9/closed');

      const response = await client({ method: 'POST', path: `/api/integration/${eventId}/replay`, as: publisher });

      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toBe('application/problem+json');
    });
  });
});
