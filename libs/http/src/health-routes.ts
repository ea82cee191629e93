import type { RouteDefinition } from './http-api';

/**
 * The two health routes every service answers with the same body: `GET /health`, for a service that
 * owns a gateway alone, and `GET /<service>/health`, because every app shares the stage's one HTTP
 * API, which keeps one route per key, so each answers its health there under its own name (deploy.json).
 *
 * @example
 * const routes: RouteDefinition[] = [...apiRoutes, ...healthRoutes('callback-service', { status: 'ok', service: 'callback-service', version })];
 */
export function healthRoutes(service: string, health: unknown): RouteDefinition[] {
  const handler = async () => ({ status: 200, body: health });
  return [
    { method: 'GET', path: '/health', authorization: 'none', handler },
    { method: 'GET', path: `/${service}/health`, authorization: 'none', handler },
  ];
}
