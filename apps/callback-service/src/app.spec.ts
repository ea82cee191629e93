import { randomUUID } from 'node:crypto';
import { createMemoryStore } from '@sm/storage';
import { handlerClient } from '@sm/testing';
import { callbackKeys, createCallbackService, SERVICE_NAME, type CallbackServiceAdapters } from './app';
import { createSignatureVerifier } from './signature';
import { issuer, reader, testConfig } from './test-setup';

describe('createCallbackService with adapters built on first use', () => {
  const adapters = (): CallbackServiceAdapters => ({
    store: createMemoryStore(callbackKeys),
    verifySignature: createSignatureVerifier(testConfig.WEBHOOK_SECRET),
    now: () => new Date(),
    newId: randomUUID,
  });

  it('answers GET /health without building them, and builds them once with the first requests that need them', async () => {
    const build = jest.fn(async () => adapters());
    const client = handlerClient(createCallbackService(testConfig, { build }), SERVICE_NAME, issuer);

    const health = await client({ method: 'GET', path: '/callback-service/health' });
    const builtAtHealth = build.mock.calls.length;
    const stored = await client({ method: 'POST', path: '/api/callback', body: { text: 'hi' } });
    const listed = await client({ method: 'GET', path: '/api/callbacks', as: reader });

    expect({ health: health.status, builtAtHealth, stored: stored.status, listed: listed.status, builds: build.mock.calls.length }).toEqual({
      health: 200,
      builtAtHealth: 0,
      stored: 201,
      listed: 200,
      builds: 1,
    });
    expect(listed.json).toMatchObject({ items: [{ text: 'hi' }] });
  });

  it('answers a 500 problem when they fail to build, and builds them again with the next request', async () => {
    const build = jest.fn(async () => adapters()).mockRejectedValueOnce(new Error('Cannot find module ./deferred-adapters'));
    const client = handlerClient(createCallbackService(testConfig, { build }), SERVICE_NAME, issuer);

    const failed = await client({ method: 'GET', path: '/api/callbacks', as: reader });
    const next = await client({ method: 'GET', path: '/api/callbacks', as: reader });

    expect({ failed: failed.status, type: failed.headers['content-type'], next: next.status, builds: build.mock.calls.length }).toEqual({
      failed: 500,
      type: 'application/problem+json',
      next: 200,
      builds: 2,
    });
    expect(failed.text).not.toContain('deferred-adapters');
  });
});
