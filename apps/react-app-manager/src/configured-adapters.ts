import { randomUUID } from 'node:crypto';
import type { Logger } from '@sm/http';
import type { ReactAppManagerAdapters } from './app';
import { integrationPublisherOf } from './app-events';
import { createBuildQueue } from './build-queue';
import type { ReactAppManagerConfig } from './config';
import { createConsoleFolder } from './console-files';
import { createEsbuildBundler } from './esbuild-bundler';
import { createTemplateFolder } from './templates';

/** The stores, the one choice a composition root makes itself (DynamoDB and S3 on Lambda). */
export type AppStores = Pick<ReactAppManagerAdapters, 'apps' | 'blobs'>;

/**
 * Every adapter but the stores, as the config describes them: templates, the esbuild bundler, the build
 * queue, the integration publisher, the clock and ids. main.ts (and the benchmark, with in-memory
 * stores) wire the service through this one function, so what is measured is what Lambda runs.
 */
export function configuredAdapters(config: ReactAppManagerConfig, logger: Logger, stores: AppStores): ReactAppManagerAdapters {
  return {
    logger,
    ...stores,
    templates: createTemplateFolder(config.TEMPLATES_DIR),
    consoleFiles: createConsoleFolder(config.CONSOLE_DIR),
    bundler: createEsbuildBundler({ reactResolveDir: config.REACT_RESOLVE_DIR, workers: config.BUILD_CONCURRENCY, memoryLimitBytes: config.BUILD_MEMORY_LIMIT_MB * 2 ** 20 }),
    // A refused client is told to wait about as long as one build may take.
    buildQueue: createBuildQueue({ concurrency: config.BUILD_CONCURRENCY, limit: config.BUILD_QUEUE_LIMIT, retryAfterSeconds: Math.ceil(config.BUILD_TIME_LIMIT_MS / 1_000) }),
    publisher: integrationPublisherOf(config, logger),
    now: () => new Date(),
    // Called, not passed: the bundle reads a built-in's export on first use, so node:crypto loads with the first id, not at init.
    newId: () => randomUUID(),
  };
}
