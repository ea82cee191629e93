import type { DeliveryReport } from '@sm/events';
import { handlerClient } from '@sm/testing';
import { createIntegrationService, SERVICE_NAME } from './app';
import { issuer, memoryOutbox, publisher, startSubscriber, stopServer, testAdapters, testConfig } from './test-setup';

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
});
