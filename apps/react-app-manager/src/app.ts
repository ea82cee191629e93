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

/** Wires the react-app-manager's routes to the adapters it is given and the settings its config holds; it builds nothing. */
export function createReactAppManager(config: ReactAppManagerConfig, adapters: ReactAppManagerAdapters): HttpApiHandler {
  const { logger, consoleFiles, ...domainAdapters } = adapters;
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
    routes: async () => {
      const [{ appRoutes }, { consoleRoutes }] = await Promise.all([import('./routes'), import('./console-routes')]);
      return [
        ...appRoutes({ ...domainAdapters, buildTimeLimitMs: config.BUILD_TIME_LIMIT_MS, sitesUrl: config.SITES_URL, consoleOrigin: config.CONSOLE_ORIGIN }),
        ...consoleRoutes({ files: consoleFiles, templates: domainAdapters.templates, settings: consoleSettings }),
      ];
    },
    api: async () => (await import('./api')).reactAppManagerApi,
  });
}
