import { CreateAppRequestSchema, PageQuerySchema, UpdateAppRequestSchema } from '@sm/events';
import { NotFoundError, UnauthorizedError, type HttpResult, type RouteDefinition, type RouteRequest } from '@sm/http';
import { parseJsonText, parseQuery, readJsonText } from '@sm/http/body';
import { MAX_APP_REQUEST_BYTES, reactAppManagerApi } from './api';
import type { AppDeps } from './app-deps';
import type { RequestContext } from './app-events';
import { createCreateApp } from './create-app';
import { createDeleteApp } from './delete-app';
import { createReadApps } from './read-apps';
import { createServeSite, type SiteLookup } from './serve-site';
import { createUpdateApp } from './update-app';

export interface AppRoutesDeps extends AppDeps {
  /** The console's origin, the only page that may frame a site. */
  consoleOrigin: string;
}

const contextOf = (request: RouteRequest): RequestContext => ({ correlationId: request.correlationId, logger: request.logger });

/** The caller's `sub`, which owns what it creates; the http lib has already answered 401 on a `jwt` route without one. */
const ownerOf = (request: RouteRequest): string => {
  if (request.identity === undefined) throw new UnauthorizedError('this route needs a bearer token verified by the API’s JWT authorizer');
  return request.identity.sub;
};

/** `If-None-Match` holds `*` or a list of tags, weak ones (`W/"…"`) included: weak comparison (RFC 9110 §13.1.2). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/** A site file as HTTP: 200 with the bytes, or 304 when the browser's copy is current, `siteHeaders` on both; 404 when there is none. */
function siteResponse(lookup: SiteLookup, ifNoneMatch: string | undefined, siteHeaders: Record<string, string>): HttpResult {
  if (!lookup.found) throw new NotFoundError(lookup.detail);
  const { file } = lookup;
  const headers = { ...siteHeaders, etag: file.etag, 'cache-control': file.cacheControl, 'content-type': file.contentType };
  if (matches(ifNoneMatch, file.etag)) return { status: 304, headers };
  return { status: 200, body: file.body, headers };
}

/** The react-app-manager's handlers, each beside its declaration in `api.ts`; they only translate between HTTP and the domain. */
export function appRoutes(deps: AppRoutesDeps): RouteDefinition[] {
  const createApp = createCreateApp(deps);
  const updateApp = createUpdateApp(deps);
  const deleteApp = createDeleteApp(deps);
  const readApps = createReadApps(deps);
  const serveSite = createServeSite(deps);
  const nameOf = (request: RouteRequest) => request.params.name ?? '';
  // Sites are other people's code: they must not be framed by anyone but the console (clickjacking), nor have their types sniffed.
  const siteHeaders = { 'x-content-type-options': 'nosniff', 'content-security-policy': `frame-ancestors ${deps.consoleOrigin}` };

  return [
    {
      ...reactAppManagerApi.createApp,
      handler: async (request) => {
        const input = parseJsonText(readJsonText(request, MAX_APP_REQUEST_BYTES), CreateAppRequestSchema);
        return { status: 201, body: await createApp(input, ownerOf(request), contextOf(request)) };
      },
    },
    {
      ...reactAppManagerApi.listApps,
      handler: async (request) => {
        const { limit, cursor } = parseQuery(request.query, PageQuerySchema);
        return { status: 200, body: await readApps.list(ownerOf(request), cursor === undefined ? { limit } : { limit, cursor }) };
      },
    },
    { ...reactAppManagerApi.getApp, handler: async (request) => ({ status: 200, body: await readApps.get(nameOf(request), ownerOf(request)) }) },
    {
      ...reactAppManagerApi.updateApp,
      handler: async (request) => {
        const input = parseJsonText(readJsonText(request, MAX_APP_REQUEST_BYTES), UpdateAppRequestSchema);
        return { status: 200, body: await updateApp(nameOf(request), input, ownerOf(request), contextOf(request)) };
      },
    },
    {
      ...reactAppManagerApi.deleteApp,
      handler: async (request) => {
        await deleteApp(nameOf(request), ownerOf(request), contextOf(request));
        return { status: 204 };
      },
    },
    { ...reactAppManagerApi.getAppSource, handler: async (request) => ({ status: 200, body: await readApps.source(nameOf(request), ownerOf(request)) }) },
    {
      ...reactAppManagerApi.getSite,
      handler: async (request) => {
        // The router ignores a trailing slash; the site's relative URLs need it. The site is a folder at the sites origin's root.
        if (!request.event.rawPath.endsWith('/')) {
          const query = request.event.rawQueryString === '' ? '' : `?${request.event.rawQueryString}`;
          return { status: 308, headers: { ...siteHeaders, location: `/${encodeURIComponent(nameOf(request))}/${query}` } };
        }
        return siteResponse(await serveSite(nameOf(request), 'index.html'), request.headers['if-none-match'], siteHeaders);
      },
    },
    {
      ...reactAppManagerApi.getSiteFile,
      handler: async (request) => siteResponse(await serveSite(nameOf(request), request.params.path ?? ''), request.headers['if-none-match'], siteHeaders),
    },
  ];
}
