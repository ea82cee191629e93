import { randomUUID } from 'node:crypto';
import { createMemoryStore } from '@sm/storage';
import { describeAdaptersBuiltOnFirstUse, handlerClient } from '@sm/testing';
import { callbackKeys, createCallbackService, SERVICE_NAME, type CallbackServiceAdapters } from './app';
import { createSignatureVerifier } from './signature';
import { issuer, reader, testConfig } from './test-setup';

describe('createCallbackService', () => {
  describeAdaptersBuiltOnFirstUse({
    app: SERVICE_NAME,
    adapters: (): CallbackServiceAdapters => ({
      store: createMemoryStore(callbackKeys),
      verifySignature: createSignatureVerifier(testConfig.WEBHOOK_SECRET),
      now: () => new Date(),
      newId: randomUUID,
    }),
    start: (build) => handlerClient(createCallbackService(testConfig, { build }), SERVICE_NAME, issuer),
    request: { method: 'GET', path: '/api/callbacks', as: reader },
    answers: 200,
  });
});
