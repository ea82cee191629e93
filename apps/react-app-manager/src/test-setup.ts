import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLogger } from '@sm/http';
import * as v from 'valibot';
import { appGateways } from '@sm/local-gateway';
import { createMemoryBlobStore, createMemoryStore } from '@sm/storage';
import { createTestIssuer, routeTransports, silentLogger, type TestCaller } from '@sm/testing';
import { createReactAppManager, SERVICE_NAME, type ReactAppManagerAdapters } from './app';
import type { AppEvent, AppEventPublisher } from './app-events';
import { appKeys } from './app-record';
import { createBuildQueue } from './build-queue';
import { ReactAppManagerConfigSchema, type ReactAppManagerConfig } from './config';
import { createConsoleFolder } from './console-files';
import { createEsbuildBundler } from './esbuild-bundler';
import type { SiteBundler } from './site-bundler';
import { createTemplateFolder } from './templates';

/** The defaults (this repository's templates and React), quiet, sites and console on origins of their own, and no integration-service. */
export const testConfig: ReactAppManagerConfig = {
  ...v.parse(ReactAppManagerConfigSchema, { APPS_TABLE: 'react-apps', SITES_BUCKET: 'react-app-sites', AWS_REGION: 'us-east-1' }),
  SITES_URL: 'https://sites.example',
  CONSOLE_ORIGIN: 'https://console.example',
  AUTH_ISSUER: 'https://issuer.example/pool',
  LOG_LEVEL: 'SILENT',
  APP_VERSION: '1.2.3',
};

/** A user who may read and write apps. */
export const alice: TestCaller = { sub: 'alice', scopes: ['apps:read', 'apps:write'] };
/** Another user with the same rights, who must not see alice's apps. */
export const bob: TestCaller = { sub: 'bob', scopes: ['apps:read', 'apps:write'] };

/** The issuer both transports trust: the gateway verifies its tokens, the handler gets its claims. */
export const issuer = createTestIssuer();

const workspaceRoot = resolve(__dirname, '../../..');

/** One bundler per test file: React's shared modules are built once, as in one warm Lambda. */
export const realBundler = createEsbuildBundler({
  reactResolveDir: testConfig.REACT_RESOLVE_DIR,
  workers: testConfig.BUILD_CONCURRENCY,
  memoryLimitBytes: testConfig.BUILD_MEMORY_LIMIT_MB * 2 ** 20,
});

/** How long a warm-up may take: preparation, not a measure, and a cold bundler on a busy machine takes many seconds. */
export const WARM_UP_TIMEOUT_MS = 60_000;

/** Builds React's vendor modules into the bundler, once, before any test's time limit runs (run it in beforeAll with WARM_UP_TIMEOUT_MS). */
export async function warmUp(bundler: SiteBundler): Promise<void> {
  await bundler.bundle({ files: new Map([['src/main.tsx', 'export const warm = 1;\n']]), entry: 'src/main.tsx', title: 'warm', signal: new AbortController().signal });
}

/** A console build as `nx build console` lays it out: the page and one hashed script. */
export const CONSOLE_FIXTURE = {
  page: '<!doctype html><title>Console</title><script type="module" src="/console/assets/main-ABC123.js"></script>\n',
  script: 'console.log("console");\n',
  scriptPath: 'assets/main-ABC123.js',
};

function consoleFixtureDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'console-build-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), CONSOLE_FIXTURE.page);
  writeFileSync(join(dir, CONSOLE_FIXTURE.scriptPath), CONSOLE_FIXTURE.script);
  return dir;
}

/** This repository's templates, read once per test file. */
const templates = createTemplateFolder(testConfig.TEMPLATES_DIR);

/**
 * The adapters main.ts would build, in memory where main.ts reaches AWS or another service: fresh
 * stores, the shared bundler and templates, a build queue sized by `config`, no logs, events recorded.
 * `overrides` replaces any of them.
 */
export function testAdapters(config: ReactAppManagerConfig = testConfig, overrides: Partial<ReactAppManagerAdapters> = {}): ReactAppManagerAdapters {
  return {
    logger: createLogger({ service: SERVICE_NAME, level: config.LOG_LEVEL }),
    apps: createMemoryStore(appKeys),
    blobs: createMemoryBlobStore(),
    templates,
    consoleFiles: createConsoleFolder(consoleFixtureDir()),
    bundler: realBundler,
    publisher: recordingPublisher(),
    buildQueue: createBuildQueue({ concurrency: config.BUILD_CONCURRENCY, limit: config.BUILD_QUEUE_LIMIT, retryAfterSeconds: Math.ceil(config.BUILD_TIME_LIMIT_MS / 1_000) }),
    now: () => new Date(),
    newId: randomUUID,
    ...overrides,
  };
}

/** Records what the service publishes; `fails` makes every publish reject, as an unreachable integration-service would. */
export function recordingPublisher(outcome: 'accepts' | 'fails' = 'accepts'): AppEventPublisher & { published: AppEvent[] } {
  const published: AppEvent[] = [];
  return {
    published,
    async publish(event) {
      published.push(event);
      if (outcome === 'fails') throw new Error('integration-service unreachable');
    },
  };
}

/** Holds every finished bundle back while paused, to look at the service in the middle of a rebuild. */
export function pausableBundler(inner: SiteBundler) {
  const held: Array<() => void> = [];
  let paused = false;
  return {
    bundler: {
      async bundle(input) {
        const output = await inner.bundle(input);
        if (paused) await new Promise<void>((release) => held.push(release));
        return output;
      },
    } satisfies SiteBundler,
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
      held.splice(0).forEach((release) => release());
    },
    holding: () => held.length,
  };
}

/** Waits, a few milliseconds at a time, until the condition holds. */
export async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500 && !condition(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('the condition never held');
}

export interface ServiceOptions {
  config?: Partial<ReactAppManagerConfig>;
  publisher?: AppEventPublisher & { published: AppEvent[] };
  bundler?: SiteBundler;
  now?: () => Date;
}

/**
 * The same service reached two ways: its handler with a built event (as the authorizer would have
 * passed it on), and real HTTP through the local gateway serving the routes of its deploy.json on the
 * stage's two APIs, `api` behind the test issuer's JWT authorizer; each with how it refuses a caller.
 * Each test starts a service of its own, with fresh stores.
 */
export const transports = routeTransports({
  app: SERVICE_NAME,
  issuer,
  start: (options: ServiceOptions = {}) => {
    const config = { ...testConfig, ...options.config };
    const publisher = options.publisher ?? recordingPublisher();
    const adapters = testAdapters(config, {
      publisher,
      ...(options.bundler ? { bundler: options.bundler } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    return { handler: createReactAppManager(config, adapters), apps: adapters.apps, blobs: adapters.blobs, published: publisher.published };
  },
  gateway: (handler) => appGateways({ workspaceRoot, app: SERVICE_NAME, handler, authorizer: issuer, logger: silentLogger }),
});

/** The service reached through its handler, with the event API Gateway would build. */
export const startHandler = transports[0][1];
