import { randomUUID } from 'node:crypto';
import { loadConfig } from '@sm/config';
import { createLocalGateway, type GatewayLogger } from '@sm/local-gateway';
import { createMemoryStore } from '@sm/storage';
import { callbackKeys, createCallbackService, SERVICE_NAME } from '../../apps/callback-service/src/app';
import deployJson from '../../apps/callback-service/deploy.json';
import { CallbackServiceConfigSchema } from '../../apps/callback-service/src/config';
import { createSignatureVerifier } from '../../apps/callback-service/src/signature';
import { benchStage } from './bench-stage';
import { serveInChild } from './serve-in-child';

// The bare express side writes no log line, so the gateway's per-request line is dropped too; the
// service itself runs at the LOG_LEVEL its environment gives (WARN in the bench).
const silentLogger: GatewayLogger = { info: () => undefined, error: () => undefined };

// As main.ts wires it, with the in-memory store the express side uses in place of DynamoDB, behind
// the routes deploy.json declares and the stage's JWT authorizer. The route under load,
// `POST /api/callback`, is public there (Standard Webhooks signatures protect it), so, as on API
// Gateway, the authorizer does not run for it.
const config = loadConfig(CallbackServiceConfigSchema, { service: SERVICE_NAME });
const handler = createCallbackService(config, {
  store: createMemoryStore(callbackKeys),
  verifySignature: createSignatureVerifier(config.WEBHOOK_SECRET),
  now: () => new Date(),
  newId: randomUUID,
});
const { apis } = benchStage(deployJson, { name: SERVICE_NAME, handler });

serveInChild(createLocalGateway({ apis: [apis.api], logger: silentLogger }));
