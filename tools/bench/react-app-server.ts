import { randomUUID } from 'node:crypto';
import { loadConfig } from '@sm/config';
import { createServiceLogger } from '@sm/http';
import { createLocalGateway, type GatewayLogger } from '@sm/local-gateway';
import { createMemoryBlobStore, createMemoryStore } from '@sm/storage';
import { createReactAppManager, SERVICE_NAME } from '../../apps/react-app-manager/src/app';
import { integrationPublisherOf } from '../../apps/react-app-manager/src/app-events';
import { appKeys } from '../../apps/react-app-manager/src/app-record';
import { createBuildQueue } from '../../apps/react-app-manager/src/build-queue';
import deployJson from '../../apps/react-app-manager/deploy.json';
import { ReactAppManagerConfigSchema } from '../../apps/react-app-manager/src/config';
import { createEsbuildBundler } from '../../apps/react-app-manager/src/esbuild-bundler';
import { createTemplateFolder } from '../../apps/react-app-manager/src/templates';
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
const logger = createServiceLogger(SERVICE_NAME, config);
const handler = createReactAppManager(config, {
  logger,
  apps: createMemoryStore(appKeys),
  blobs: createMemoryBlobStore(),
  templates: createTemplateFolder(config.TEMPLATES_DIR),
  bundler: createEsbuildBundler({ reactResolveDir: config.REACT_RESOLVE_DIR, workers: config.BUILD_CONCURRENCY, memoryLimitBytes: config.BUILD_MEMORY_LIMIT_MB * 2 ** 20 }),
  buildQueue: createBuildQueue({ concurrency: config.BUILD_CONCURRENCY, limit: config.BUILD_QUEUE_LIMIT, retryAfterSeconds: Math.ceil(config.BUILD_TIME_LIMIT_MS / 1_000) }),
  publisher: integrationPublisherOf(config, logger),
  now: () => new Date(),
  newId: randomUUID,
});
const { apis, issuer } = benchStage(deployJson, { name: SERVICE_NAME, handler });

void issuer.token(BENCH_CALLER).then((token) => serveInChild(createLocalGateway({ apis: [apis.api], logger: silentLogger }), token));
