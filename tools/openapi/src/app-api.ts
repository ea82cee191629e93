import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildOpenApiDocument, type OpenApiDocument, type RouteDeclarations } from '@sm/http/openapi';

// This module is also copied into a checkout of the base ref to build the base's document there
// (see base-document.ts): it imports nothing but @sm/http/openapi, which every ref with an api.ts has.

/** Where an app declares its routes: one `declareRoutes(...)` const, exported. */
export function apiFile(workspaceRoot: string, app: string): string {
  return join(workspaceRoot, 'apps', app, 'src', 'api.ts');
}

/** An app whose api.ts does not export exactly one route declaration. */
export class AppApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppApiError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What `declareRoutes` returns: operation ids to declarations with a method, a path and responses. */
function isRouteDeclarations(value: unknown): value is RouteDeclarations {
  if (!isRecord(value)) return false;
  const routes = Object.values(value);
  return routes.length > 0 && routes.every((route) => isRecord(route) && typeof route.method === 'string' && typeof route.path === 'string' && isRecord(route.responses));
}

/**
 * The routes an app declares in `apps/<app>/src/api.ts`, or `undefined` when it has no api.ts. The
 * module is imported as the service imports it (tsx, or jest's transform, compiles it).
 */
export async function loadAppApi(workspaceRoot: string, app: string): Promise<RouteDeclarations | undefined> {
  const file = apiFile(workspaceRoot, app);
  if (!existsSync(file)) return undefined;
  const exported: Record<string, unknown> = await import(pathToFileURL(file).href);
  const declarations = Object.entries(exported).filter((entry): entry is [string, RouteDeclarations] => isRouteDeclarations(entry[1]));
  const [only] = declarations;
  if (declarations.length !== 1 || only === undefined) {
    const found = declarations.length === 0 ? 'none' : declarations.map(([name]) => name).join(', ');
    throw new AppApiError(`apps/${app}/src/api.ts must export exactly one declareRoutes(...) const; found ${found}`);
  }
  return only[1];
}

/** The app's OpenAPI document as its service serves it, or `undefined` when it declares no routes. */
export async function appDocument(workspaceRoot: string, app: string, version: string): Promise<OpenApiDocument | undefined> {
  const routes = await loadAppApi(workspaceRoot, app);
  return routes === undefined ? undefined : buildOpenApiDocument({ service: app, version, routes });
}
