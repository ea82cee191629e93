import type { DeliveryReport } from '@sm/events';
import { handlerClient } from '@sm/testing';
import { createIntegrationService, SERVICE_NAME } from './app';
import { issuer, memoryOutbox, publisher, runDeliverDue, startSubscriber, stopServer, testAdapters, testConfig } from './test-setup';

describe('createIntegrationService', () => {
  it('delivers on an injected clock far from the wall clock, the deadline and the attempts reading the same time', async () => {
    const hook = await startSubscriber([200]);
    const acceptedAt = new Date('2020-01-01T00:00:00.000Z');
    const outbox = memoryOutbox();
    const config = testConfig([{ url: hook.url, types: ['*'] }]);
    const client = handlerClient(createIntegrationService(config, testAdapters(config, { outbox, now: () => acceptedAt })), SERVICE_NAME, issuer);

    const response = await client({ method: 'POST', path: '/api/integration', body: { text: 'hi' }, as: publisher });
    await stopServer(hook.server);

    expect(response.status).toBe(200);
    expect((response.json as DeliveryReport).deliveries).toEqual([expect.objectContaining({ status: 'delivered', attempts: 1 })]);
    expect((await outbox.events.list({ limit: 1 })).items).toEqual([expect.objectContaining({ acceptedAt: acceptedAt.toISOString() })]);
  });

  describe('with adapters built on first use', () => {
    const config = testConfig([{ url: 'http://127.0.0.1:9/hook', types: ['order.paid'] }]);

    it('answers GET /health without building them, and builds them once with the first requests that need them', async () => {
      const { logger, ...rest } = testAdapters(config);
      const build = jest.fn(async () => rest);
      const client = handlerClient(createIntegrationService(config, { logger, build }), SERVICE_NAME, issuer);

      const health = await client({ method: 'GET', path: '/integration-service/health' });
      const builtAtHealth = build.mock.calls.length;
      const first = await client({ method: 'GET', path: '/api/integration/evt_unknown', as: publisher });
      const second = await client({ method: 'GET', path: '/api/integration/evt_other', as: publisher });

      expect({ health: health.status, builtAtHealth, first: first.status, second: second.status, builds: build.mock.calls.length }).toEqual({
        health: 200,
        builtAtHealth: 0,
        first: 404,
        second: 404,
        builds: 1,
      });
    });

    it('answers a 500 problem when they fail to build, and builds them again with the next request', async () => {
      const { logger, ...rest } = testAdapters(config);
      const build = jest.fn(async () => rest).mockRejectedValueOnce(new Error('Cannot find module ./deferred-adapters'));
      const client = handlerClient(createIntegrationService(config, { logger, build }), SERVICE_NAME, issuer);

      const failed = await client({ method: 'GET', path: '/api/integration/evt_unknown', as: publisher });
      const next = await client({ method: 'GET', path: '/api/integration/evt_unknown', as: publisher });

      expect({ failed: failed.status, type: failed.headers['content-type'], next: next.status, builds: build.mock.calls.length }).toEqual({
        failed: 500,
        type: 'application/problem+json',
        next: 404,
        builds: 2,
      });
      expect(failed.text).not.toContain('deferred-adapters');
    });

    it('fails a deliver-due run whose adapters fail to build, and builds them again for the next run', async () => {
      const { logger, ...rest } = testAdapters(config);
      const build = jest.fn(async () => rest).mockRejectedValueOnce(new Error('Cannot find module ./deferred-adapters'));
      const handler = createIntegrationService(config, { logger, build });

      const failed = runDeliverDue(handler);
      await expect(failed).rejects.toThrow('Cannot find module ./deferred-adapters');
      await runDeliverDue(handler);

      expect(build).toHaveBeenCalledTimes(2);
    });

    it('builds them for the first deliver-due run, and that run reads the outbox they hold', async () => {
      const outbox = memoryOutbox();
      const { logger, ...rest } = testAdapters(config, { outbox });
      const list = jest.spyOn(outbox.deliveries, 'listGroupUpTo');
      const build = jest.fn(async () => rest);

      await runDeliverDue(createIntegrationService(config, { logger, build }));

      expect({ builds: build.mock.calls.length, outboxRead: list.mock.calls.length > 0 }).toEqual({ builds: 1, outboxRead: true });
    });
  });
});
