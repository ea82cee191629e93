import { randomUUID } from 'node:crypto';
import { createHttpApi, createLogger, type HttpApiHandler } from '@sm/http';
import { createClientCredentialsTokenSource, createHttpClient, withBearerToken } from '@sm/http-client';
import type { BlobStore, MutableStore } from '@sm/storage';
import { createIntegrationPublisher, unpublished, type AppEventPublisher } from './app-events';
import type { AppRecord } from './app-record';
import { createBuildQueue } from './build-queue';
import { integrationServiceOf, type ReactAppManagerConfig } from './config';
import { createEsbuildBundler } from './esbuild-bundler';
import { appRoutes } from './routes';
import type { SiteBundler } from './site-bundler';
import { createTemplateFolder, type TemplateCatalog } from './templates';

export const SERVICE_NAME = 'react-app-manager';

/** Stores are the composition root's choice; the rest defaults to what the config describes. */
export interface ReactAppManagerAdapters {
  apps: MutableStore<AppRecord>;
  blobs: BlobStore;
  templates?: TemplateCatalog;
  bundler?: SiteBundler;
  publisher?: AppEventPublisher;
  now?: () => Date;
}

/** Wires the react-app-manager from its config and the adapters its composition root chose. */
export function createReactAppManager(config: ReactAppManagerConfig, adapters: ReactAppManagerAdapters): HttpApiHandler {
  const logger = createLogger({ service: SERVICE_NAME, level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const publisher = adapters.publisher ?? integrationPublisher(config, logger);
  return createHttpApi({
    logger,
    scopePrefix: config.AUTH_SCOPE_PREFIX,
    routes: appRoutes({
      apps: adapters.apps,
      blobs: adapters.blobs,
      templates: adapters.templates ?? createTemplateFolder(config.TEMPLATES_DIR),
      bundler:
        adapters.bundler ??
        createEsbuildBundler({ reactResolveDir: config.REACT_RESOLVE_DIR, workers: config.BUILD_CONCURRENCY, memoryLimitBytes: config.BUILD_MEMORY_LIMIT_MB * 2 ** 20 }),
      publisher,
      buildTimeLimitMs: config.BUILD_TIME_LIMIT_MS,
      buildQueue: createBuildQueue({
        concurrency: config.BUILD_CONCURRENCY,
        limit: config.BUILD_QUEUE_LIMIT,
        retryAfterSeconds: Math.ceil(config.BUILD_TIME_LIMIT_MS / 1_000),
      }),
      now: adapters.now ?? (() => new Date()),
      newId: randomUUID,
      sitesUrl: config.SITES_URL,
      consoleOrigin: config.CONSOLE_ORIGIN,
      health: { status: 'ok', service: SERVICE_NAME, version: config.APP_VERSION },
    }),
  });
}

/**
 * Posts lifecycle events to the integration-service with the service's own token (client-credentials
 * grant, scope events:write); a stage without an integration-service publishes none.
 */
function integrationPublisher(config: ReactAppManagerConfig, logger: ReturnType<typeof createLogger>): AppEventPublisher {
  const integration = integrationServiceOf(config);
  if (integration === undefined) return unpublished;
  const limits = { timeoutMs: config.EVENTS_DEADLINE_MS, deadlineMs: config.EVENTS_DEADLINE_MS, logger };
  const tokens = createClientCredentialsTokenSource({ ...integration, client: createHttpClient({ service: 'token-endpoint', ...limits }) });
  return createIntegrationPublisher({
    integrationServiceUrl: integration.url,
    client: withBearerToken(createHttpClient({ service: 'integration-service', ...limits }), tokens),
  });
}
