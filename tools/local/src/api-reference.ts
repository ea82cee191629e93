import { createReadStream } from 'node:fs';
import type { RequestListener, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { readAppDeploy } from '@sm/app-deploy';

/** Where the stack serves its API reference on the services API's port, beside the OpenID provider's /local-auth. */
export const API_REFERENCE_PATH = '/local-api';

/** One entry of the index: a service and where the gateway serves its OpenAPI document. */
export interface ServiceDocument {
  service: string;
  url: string;
}

/**
 * The services among `apps` whose deploy.json lists `GET /<app>/openapi.json`, with that document's
 * URL on the gateway at `url`: an app that does not serve a document yet is left out, not listed broken.
 */
export function serviceDocuments(workspaceRoot: string, apps: readonly string[], url: string): ServiceDocument[] {
  return apps
    .filter((app) => readAppDeploy(workspaceRoot, app).routes.some((route) => route.api === 'api' && route.routeKey === `GET /${app}/openapi.json`))
    .map((service) => ({ service, url: `${url}/${service}/openapi.json` }));
}

// swagger-ui-dist's prebuilt files, served from node_modules: the page loads nothing from anywhere else.
const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

// The stylesheet's icons are data: images; nothing else but this origin. No inline script either,
// which is why the page starts Swagger UI from a script file of its own.
const PAGE_CSP = "default-src 'self'; img-src 'self' data:";

const PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>API reference (local stack)</title>
    <link rel="stylesheet" href="${API_REFERENCE_PATH}/assets/swagger-ui.css">
    <link rel="icon" type="image/png" href="${API_REFERENCE_PATH}/assets/favicon-32x32.png">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${API_REFERENCE_PATH}/assets/swagger-ui-bundle.js"></script>
    <script src="${API_REFERENCE_PATH}/assets/swagger-ui-standalone-preset.js"></script>
    <script src="${API_REFERENCE_PATH}/reference.js"></script>
  </body>
</html>
`;

// One page for every service: Swagger UI's `urls` puts them in its top bar's selector. Its default
// validatorUrl would send each document to validator.swagger.io, hence null.
const START_SCRIPT = `fetch('${API_REFERENCE_PATH}/services.json')
  .then((response) => response.json())
  .then((services) => {
    window.ui = SwaggerUIBundle({
      urls: services.map((entry) => ({ name: entry.service, url: entry.url })),
      dom_id: '#swagger-ui',
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: 'StandaloneLayout',
      validatorUrl: null,
    });
  });
`;

/**
 * The stack's API reference, to mount at API_REFERENCE_PATH: the page (Swagger UI, switching between
 * the services' documents), `services.json` (the index of `documents`), and the page's script and
 * assets. Anything else under the prefix is answered as the gateway answers an unknown route.
 */
export function apiReference(documents: readonly ServiceDocument[]): RequestListener {
  const index = JSON.stringify(documents);
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    const asset = path.startsWith(`${API_REFERENCE_PATH}/assets/`) ? path.slice(`${API_REFERENCE_PATH}/assets/`.length) : undefined;
    res.setHeader('x-content-type-options', 'nosniff');
    if (req.method !== 'GET' && req.method !== 'HEAD') return notFound(res);
    if (path === API_REFERENCE_PATH || path === `${API_REFERENCE_PATH}/`) {
      return send(res, 'text/html; charset=utf-8', PAGE, { 'content-security-policy': PAGE_CSP, 'cache-control': 'no-cache' });
    }
    if (path === `${API_REFERENCE_PATH}/services.json`) return send(res, 'application/json', index, { 'cache-control': 'no-cache' });
    if (path === `${API_REFERENCE_PATH}/reference.js`) return send(res, 'text/javascript; charset=utf-8', START_SCRIPT, { 'cache-control': 'no-cache' });
    // Only the files listed: a path from the request never reaches the file system as it is.
    const type = asset !== undefined && Object.hasOwn(ASSETS, asset) ? ASSETS[asset] : undefined;
    if (asset === undefined || type === undefined) return notFound(res);
    res.writeHead(200, { 'content-type': type });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(join(SWAGGER_UI_DIR, asset))
      .on('error', () => res.destroy())
      .pipe(res);
  };
}

function send(res: ServerResponse, type: string, body: string, headers: Record<string, string>): void {
  res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
}
