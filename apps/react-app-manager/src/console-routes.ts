import { NotFoundError, type HttpResult, type RouteDefinition } from '@sm/http';
import { reactAppManagerApi } from './api';
import type { ConsoleFile, ConsoleFiles } from './console-files';
import type { TemplateCatalog } from './templates';

/** What the console's `config.json` is rendered from: the stage's issuer and the console's client there. */
export interface ConsoleSettings {
  /** The stage's OpenID issuer (`AUTH_ISSUER`); without one the console cannot sign anyone in, and is not served. */
  issuer: string | undefined;
  clientId: string;
  /** What the issuer puts before the API's scope names (Cognito's resource server identifier and a slash). */
  scopePrefix: string;
  /** The sites origin, the one the preview frame may show. */
  sitesUrl: string;
  /** Where the console's tokens come from besides the issuer (Cognito's token endpoint is on its own domain). */
  tokenOrigins: readonly string[];
}

export interface ConsoleRoutesDeps {
  files: ConsoleFiles;
  templates: TemplateCatalog;
  settings: ConsoleSettings;
}

const originOf = (url: string) => new URL(url).origin;

/**
 * The console is its own code, not a user's: it may talk to this API and the issuer, frame only the
 * sites origin, and be framed by nobody. CodeMirror sets its styles at run time, hence inline styles.
 */
function pagePolicy(settings: ConsoleSettings & { issuer: string }): string {
  const connect = [...new Set(["'self'", originOf(settings.issuer), ...settings.tokenOrigins.map(originOf)])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src ${connect}`,
    `frame-src ${originOf(settings.sitesUrl)}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function fileResponse(file: ConsoleFile, ifNoneMatch: string | undefined, extra: Record<string, string>): HttpResult {
  const headers = { ...extra, 'x-content-type-options': 'nosniff', etag: file.etag, 'cache-control': file.cacheControl, 'content-type': file.contentType };
  if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === file.etag)) return { status: 304, headers };
  return { status: 200, body: file.body, headers };
}

/**
 * The web console at `/console/` on the API's origin: `index.html` for the console's own pages (it
 * routes `/console/apps/<name>` itself), its hashed assets, and `config.json`, rendered from this
 * function's environment so one build serves every stage.
 */
export function consoleRoutes(deps: ConsoleRoutesDeps): RouteDefinition[] {
  const { files, templates, settings } = deps;
  const notConfigured = () => new NotFoundError('the console is not served on this stage: its OpenID issuer (AUTH_ISSUER) is not configured');
  const notBuilt = () => new NotFoundError('the console has not been built (nx run console:build)');

  const page = async (ifNoneMatch: string | undefined): Promise<HttpResult> => {
    const { issuer } = settings;
    if (issuer === undefined) throw notConfigured();
    const index = await files.read('index.html');
    if (!index) throw notBuilt();
    return fileResponse(index, ifNoneMatch, { 'content-security-policy': pagePolicy({ ...settings, issuer }), 'referrer-policy': 'no-referrer' });
  };

  const config = async (): Promise<HttpResult> => {
    if (settings.issuer === undefined) throw notConfigured();
    const names = await templates.names();
    const listed = await Promise.all(names.map(async (name) => ({ name, files: [...((await templates.files(name))?.keys() ?? [])] })));
    return {
      status: 200,
      headers: { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' },
      body: {
        issuer: settings.issuer,
        clientId: settings.clientId,
        scopes: ['apps:read', 'apps:write'].map((scope) => `${settings.scopePrefix}${scope}`),
        templates: listed,
      },
    };
  };

  return [
    {
      ...reactAppManagerApi.getConsole,
      handler: async (request) => {
        // The router ignores a trailing slash; the console's address has one (its redirect URI at the issuer does too).
        if (!request.event.rawPath.endsWith('/')) return { status: 308, headers: { location: '/console/' } };
        return page(request.headers['if-none-match']);
      },
    },
    { ...reactAppManagerApi.getConsoleConfig, handler: config },
    {
      ...reactAppManagerApi.getConsoleFile,
      handler: async (request) => {
        const path = request.params.proxy ?? '';
        if (path.startsWith('assets/')) {
          const file = await files.read(path);
          if (!file) throw new NotFoundError(`the console has no file "${path}"`);
          return fileResponse(file, request.headers['if-none-match'], {});
        }
        // Any other address under /console/ is one of the console's own screens.
        return page(request.headers['if-none-match']);
      },
    },
  ];
}
