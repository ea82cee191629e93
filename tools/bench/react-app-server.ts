import { loadConfig } from '@sm/config';
import { createServiceLogger } from '@sm/http';
import { createLocalGateway, type GatewayLogger } from '@sm/local-gateway';
import { createMemoryBlobStore, createMemoryStore } from '@sm/storage';
import { createReactAppManager, SERVICE_NAME } from '../../apps/react-app-manager/src/app';
import { appKeys } from '../../apps/react-app-manager/src/app-record';
import deployJson from '../../apps/react-app-manager/deploy.json';
import { ReactAppManagerConfigSchema } from '../../apps/react-app-manager/src/config';
import { configuredAdapters } from '../../apps/react-app-manager/src/configured-adapters';
import { benchStage } from './bench-stage';
import { serveInChild } from './serve-in-child';

// As main.ts wires it, with in-memory stores in place of DynamoDB and S3: what a create costs the
// service itself, apart from the round trips to its stores, behind deploy.json's routes and the
// stage's JWT authorizer (a create carries a bearer token, checked before the function runs, as API
// Gateway does). Run under tsx (not bundled), like the local stack, so config.ts finds the templates
// and React next to its source.
const silentLogger: GatewayLogger = { info: () => undefined, error: () => undefined };

/** Whom the bench's requests come from: every scope the app's routes name. */
const BENCH_CALLER = { sub: 'bench', scopes: ['apps:read', 'apps:write'] };

const config = loadConfig(ReactAppManagerConfigSchema, { service: SERVICE_NAME });
const handler = createReactAppManager(
  config,
  configuredAdapters(config, createServiceLogger(SERVICE_NAME, config), { apps: createMemoryStore(appKeys), blobs: createMemoryBlobStore() }),
);
const { apis, issuer } = benchStage(deployJson, { name: SERVICE_NAME, handler });

void issuer.token(BENCH_CALLER).then((token) => serveInChild(createLocalGateway({ apis: [apis.api], logger: silentLogger }), token));
