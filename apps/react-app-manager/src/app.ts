import { createService, type HttpApiHandler, type Logger } from '@sm/http';
import type { AppAdapters } from './app-deps';
import type { ReactAppManagerConfig } from './config';
import type { ConsoleFiles } from './console-files';

export const SERVICE_NAME = 'react-app-manager';

/** Every adapter the service works through, each built by the composition root (main.ts) or by a test. */
export interface ReactAppManagerAdapters extends AppAdapters {
  logger: Logger;
  /** The web console's build, which this function serves at `/console/` (see the README for why this one). */
  consoleFiles: ConsoleFiles;
}

/**
 * The adapters as a composition root may give them to be built on first use: the logger now (a cold
 * start logs), the rest by `build` with the first request that is not a health check, so a cold start
 * loads neither the stores nor the bundler, the build queue or the templates.
 */
export interface DeferredReactAppManagerAdapters {
  logger: Logger;
  build(): Promise<Omit<ReactAppManagerAdapters, 'logger'>>;
}

/** Wires the react-app-manager's routes to the adapters it is given (or builds on first use) and the settings its config holds. */
export function createReactAppManager(config: ReactAppManagerConfig, adapters: ReactAppManagerAdapters | DeferredReactAppManagerAdapters): HttpApiHandler {
  const { logger } = adapters;
  const consoleSettings = {
    issuer: config.AUTH_ISSUER,
    clientId: config.CONSOLE_CLIENT_ID,
    scopePrefix: config.AUTH_SCOPE_PREFIX,
    sitesUrl: config.SITES_URL,
    tokenOrigins: config.AUTH_TOKEN_URL === undefined ? [] : [config.AUTH_TOKEN_URL],
  };
  return createService({
    name: SERVICE_NAME,
    config,
    logger,
    // Imported with the first request that is not a health check: a cold start builds only what GET /health needs.
    // A build that failed (a module that did not load) is tried again by the next request, as a failed import is.
    routes: async () => {
      const [{ appRoutes }, { consoleRoutes }, { consoleFiles, ...domainAdapters }] = await Promise.all([
        import('./routes'),
        import('./console-routes'),
        'build' in adapters ? adapters.build() : adapters,
      ]);
      return [
        ...appRoutes({ ...domainAdapters, buildTimeLimitMs: config.BUILD_TIME_LIMIT_MS, sitesUrl: config.SITES_URL, consoleOrigin: config.CONSOLE_ORIGIN }),
        ...consoleRoutes({ files: consoleFiles, templates: domainAdapters.templates, settings: consoleSettings }),
      ];
    },
    api: async () => (await import('./api')).reactAppManagerApi,
  });
}
