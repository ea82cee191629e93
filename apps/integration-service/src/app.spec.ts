import type { DeliveryReport } from '@sm/events';
import { describeAdaptersBuiltOnFirstUse, handlerClient } from '@sm/testing';
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

  const config = testConfig([{ url: 'http://127.0.0.1:9/hook', types: ['order.paid'] }]);
  describeAdaptersBuiltOnFirstUse({
    app: SERVICE_NAME,
    adapters: () => testAdapters(config),
    start: (build) => handlerClient(createIntegrationService(config, { logger: testAdapters(config).logger, build }), SERVICE_NAME, issuer),
    request: { method: 'GET', path: '/api/integration/evt_unknown', as: publisher },
    answers: 404,
  });

  describe('the deliver-due schedule, with adapters built on first use', () => {
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
