import { loadConfig } from '@sm/config';
import { createLocalGateway, type GatewayLogger } from '@sm/local-gateway';
import { createMemoryBlobStore, createMemoryStore } from '@sm/storage';
import { createReactAppManager, SERVICE_NAME } from '../../apps/react-app-manager/src/app';
import { appKeys } from '../../apps/react-app-manager/src/app-record';
import { ReactAppManagerConfigSchema } from '../../apps/react-app-manager/src/config';
import { serveInChild } from './serve-in-child';

// As main.ts wires it, with in-memory stores in place of DynamoDB and S3: what a create costs the
// service itself, apart from the round trips to its stores. Run under tsx (not bundled), like the
// local stack, so config.ts finds the templates and React next to its source.
const silentLogger: GatewayLogger = { info: () => undefined, error: () => undefined };

const config = loadConfig(ReactAppManagerConfigSchema, { service: SERVICE_NAME });
const handler = createReactAppManager(config, { apps: createMemoryStore(appKeys), blobs: createMemoryBlobStore() });

serveInChild(
  createLocalGateway({
    apis: [{ routes: [{ routeKey: '$default', fn: { name: SERVICE_NAME, handler } }] }],
    logger: silentLogger,
  }),
);
