import { createService, type HttpApiHandler, type Logger } from '@sm/http';
import type { AppAdapters } from './app-deps';
import type { ReactAppManagerConfig } from './config';

export const SERVICE_NAME = 'react-app-manager';

/** Every adapter the service works through, each built by the composition root (main.ts) or by a test. */
export interface ReactAppManagerAdapters extends AppAdapters {
  logger: Logger;
}

/** Wires the react-app-manager's routes to the adapters it is given and the settings its config holds; it builds nothing. */
export function createReactAppManager(config: ReactAppManagerConfig, adapters: ReactAppManagerAdapters): HttpApiHandler {
  const { logger, ...domainAdapters } = adapters;
  return createService({
    name: SERVICE_NAME,
    config,
    logger,
    // Imported with the first request that is not a health check: a cold start builds only what GET /health needs.
    routes: async () =>
      (await import('./routes')).appRoutes({ ...domainAdapters, buildTimeLimitMs: config.BUILD_TIME_LIMIT_MS, sitesUrl: config.SITES_URL, consoleOrigin: config.CONSOLE_ORIGIN }),
  });
}
