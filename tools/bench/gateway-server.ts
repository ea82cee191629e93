import { loadConfig } from '@sm/config';
import { createLocalGateway, type GatewayLogger } from '@sm/local-gateway';
import { createMemoryStore } from '@sm/storage';
import { callbackKeys, createCallbackService, SERVICE_NAME } from '../../apps/callback-service/src/app';
import { CallbackServiceConfigSchema } from '../../apps/callback-service/src/config';
import { serveInChild } from './serve-in-child';

// The bare express side writes no log line, so the gateway's per-request line is dropped too; the
// service itself runs at the LOG_LEVEL its environment gives (WARN in the bench).
const silentLogger: GatewayLogger = { info: () => undefined, error: () => undefined };

// As main.ts wires it, with the in-memory store the express side uses in place of DynamoDB.
const config = loadConfig(CallbackServiceConfigSchema, { service: SERVICE_NAME });
const handler = createCallbackService(config, { store: createMemoryStore(callbackKeys) });

serveInChild(
  createLocalGateway({
    apis: [{ routes: [{ routeKey: '$default', fn: { name: SERVICE_NAME, handler } }] }],
    logger: silentLogger,
  }),
);
