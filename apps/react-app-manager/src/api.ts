import {
  AppNameSchema,
  AppPageSchema,
  AppProblemSchema,
  AppSchema,
  AppSourceSchema,
  ConsoleConfigSchema,
  CreateAppRequestSchema,
  MAX_APP_FILE_BYTES,
  MAX_APP_FILES,
  MAX_APP_FILES_BYTES,
  PageQuerySchema,
  UpdateAppRequestSchema,
} from '@sm/events';
import { content, declareRoutes, json, problem, unavailable, type ResponseDeclaration } from '@sm/http/openapi';
import * as z from 'zod/mini';
import { CONSOLE_MEDIA_TYPES } from './console-files';
import { SITE_MEDIA_TYPES } from './site-files';

/**
 * A request carries at most 2 MiB of files; JSON escaping can double that. Lambda takes 6 MB
 * events, so the body stays well under it.
 */
export const MAX_APP_REQUEST_BYTES = 4 * 1024 * 1024;

const AppParamsSchema = z.object({ name: AppNameSchema });

/** A browser revalidates its copy of a page or file with the ETag it was given. */
const RevalidationHeadersSchema = z.object({ 'if-none-match': z.optional(z.string()) });

const filesLimits = `at most ${MAX_APP_FILES} files of ${MAX_APP_FILE_BYTES} bytes each, ${MAX_APP_FILES_BYTES} bytes in all (413 beyond)`;

/** The store (DynamoDB, S3) is still throttled or down after the SDK's own retries: a generic problem, and when to try again. */
const storeUnavailable = 'the store is unavailable for a moment (throttled or down)';

/** A 422 of a request that builds the app: its fields, or the build, refused; build diagnostics are listed in `errors`. */
function unbuildable(fields: string): ResponseDeclaration {
  return {
    description: `${fields}; or the app does not build (type urn:problem-type:build-failed, each esbuild diagnostic in errors), or its build ran over its time or memory limit (urn:problem-type:build-time-limit, urn:problem-type:build-memory-limit)`,
    content: { 'application/problem+json': AppProblemSchema },
  };
}

/** A page or file answered with its validators; 304 when the browser's copy is current. */
const notModified: ResponseDeclaration = { description: 'the copy the browser holds (If-None-Match) is current', headers: { etag: 'the same validator' } };
const cacheHeaders = { etag: 'a strong validator of the bytes', 'cache-control': 'no-cache for pages, a year and immutable for hashed assets' };
const siteHeaders = { ...cacheHeaders, 'content-security-policy': 'frame-ancestors <the console’s origin>: no other page may frame a site' };

/**
 * The react-app-manager's HTTP contract, route by route: `routes.ts` and `console-routes.ts` give each its
 * handler, and `GET /react-app-manager/openapi.json` serves the OpenAPI document built from it (the
 * sites routes aside: they serve the apps' sites to browsers, on the stage's sites API).
 */
export const reactAppManagerApi = declareRoutes({
  createApp: {
    method: 'POST',
    path: '/api/apps',
    authorization: { scopes: ['apps:write'] },
    summary: 'Create an app from a template and the caller’s files, build its site, and serve it at its URL',
    description: 'The caller owns the app. The build waits for a slot in the service’s build queue; a full queue answers 503 with Retry-After.',
    request: { body: { schema: CreateAppRequestSchema, maxBytes: MAX_APP_REQUEST_BYTES, description: `the app: its name, template, title and files, ${filesLimits}` } },
    responses: {
      201: json('the app, built and served', AppSchema),
      400: problem('the body is not JSON, or a file path is not allowed (urn:problem-type:invalid-file-path, each path at fault in errors)'),
      409: problem('an app of that name already exists'),
      415: problem('the body is not application/json'),
      422: unbuildable('the body is JSON of the wrong shape, or names a template the service does not ship'),
      503: unavailable(`every build slot is taken and the waiting line is full, or ${storeUnavailable}`),
    },
  },
  listApps: {
    method: 'GET',
    path: '/api/apps',
    authorization: { scopes: ['apps:read'] },
    summary: 'List the caller’s apps, newest first, a page at a time',
    request: { query: PageQuerySchema },
    responses: {
      200: json('one page of the caller’s apps, and the cursor of the next (null after the last)', AppPageSchema),
      400: problem('the limit or the cursor is not valid'),
      503: unavailable(storeUnavailable),
    },
  },
  getApp: {
    method: 'GET',
    path: '/api/apps/{name}',
    authorization: { scopes: ['apps:read'] },
    summary: 'One of the caller’s apps',
    request: { params: AppParamsSchema },
    responses: {
      200: json('the app', AppSchema),
      404: problem('the caller has no app of that name (another user’s app answers the same)'),
      503: unavailable(storeUnavailable),
    },
  },
  updateApp: {
    method: 'PUT',
    path: '/api/apps/{name}',
    authorization: { scopes: ['apps:write'] },
    summary: 'Change an app’s title or files and rebuild it; visitors get the new site at once when the build is done',
    description: 'What the body gives replaces what the app had (files: its own files over the template’s); what it leaves out stays.',
    request: {
      params: AppParamsSchema,
      body: { schema: UpdateAppRequestSchema, maxBytes: MAX_APP_REQUEST_BYTES, description: `the title and the files to replace, ${filesLimits}` },
    },
    responses: {
      200: json('the app, rebuilt and served', AppSchema),
      400: problem('the body is not JSON, or a file path is not allowed (urn:problem-type:invalid-file-path, each path at fault in errors)'),
      404: problem('the caller has no app of that name'),
      409: problem('the app changed while it was being rebuilt; send the update again'),
      415: problem('the body is not application/json'),
      422: unbuildable('the body is JSON of the wrong shape'),
      503: unavailable(`every build slot is taken and the waiting line is full, or ${storeUnavailable}`),
    },
  },
  deleteApp: {
    method: 'DELETE',
    path: '/api/apps/{name}',
    authorization: { scopes: ['apps:write'] },
    summary: 'Delete an app and its site',
    request: { params: AppParamsSchema },
    responses: {
      204: { description: 'the app is deleted; its URL answers 404' },
      404: problem('the caller has no app of that name'),
      409: problem('the app changed while it was being deleted; send the delete again'),
      503: unavailable(storeUnavailable),
    },
  },
  getAppSource: {
    method: 'GET',
    path: '/api/apps/{name}/source',
    authorization: { scopes: ['apps:read'] },
    summary: 'Every file an app’s current site was built from, its template’s included',
    request: { params: AppParamsSchema },
    responses: {
      200: json('the app’s files by path', AppSourceSchema),
      404: problem('the caller has no app of that name'),
      503: unavailable(storeUnavailable),
    },
  },
  getConsole: {
    method: 'GET',
    path: '/console',
    authorization: 'none',
    summary: 'The web console’s page (at /console/)',
    request: { headers: RevalidationHeadersSchema },
    responses: {
      200: { ...content('the console’s page, at /console/', ['text/html']), headers: { ...cacheHeaders, 'content-security-policy': 'what the page may load, talk to and frame' } },
      304: notModified,
      308: { description: '/console without its slash: the console’s address is /console/', headers: { location: '/console/' } },
      404: problem('the stage has no OpenID issuer (AUTH_ISSUER) to sign in with, or the console is not built'),
    },
  },
  getConsoleConfig: {
    method: 'GET',
    path: '/console/config.json',
    authorization: 'none',
    summary: 'What the web console starts with: the stage’s issuer, its client there, the scopes to ask for, and the templates',
    responses: {
      200: json('the console’s configuration, rendered from the function’s environment', ConsoleConfigSchema),
      404: problem('the stage has no OpenID issuer (AUTH_ISSUER) to sign in with'),
    },
  },
  getConsoleFile: {
    method: 'GET',
    path: '/console/{proxy+}',
    authorization: 'none',
    summary: 'The web console’s hashed assets under /console/assets/, and its page for any other path (the console routes its own screens)',
    request: { headers: RevalidationHeadersSchema },
    responses: {
      200: { ...content('an asset, or the console’s page', CONSOLE_MEDIA_TYPES), headers: cacheHeaders },
      304: notModified,
      404: problem('the console has no such asset, is not built, or the stage has no OpenID issuer (AUTH_ISSUER)'),
    },
  },
  getSite: {
    method: 'GET',
    path: '/{name}',
    api: 'sites',
    authorization: 'none',
    summary: 'An app’s site: its index.html at <sites origin>/<name>/',
    request: { headers: RevalidationHeadersSchema },
    responses: {
      200: { ...content('the site’s page', ['text/html']), headers: siteHeaders },
      304: notModified,
      308: { description: 'the app’s URL without its slash: the site’s relative URLs need it', headers: { location: '/<name>/, with the query' } },
      404: problem('no app of that name'),
    },
  },
  getSiteFile: {
    method: 'GET',
    path: '/{name}/{path+}',
    api: 'sites',
    authorization: 'none',
    summary: 'A file of an app’s current site',
    request: { headers: RevalidationHeadersSchema },
    responses: {
      200: { ...content('the file', SITE_MEDIA_TYPES), headers: siteHeaders },
      304: notModified,
      404: problem('no app of that name, or its site has no such file'),
    },
  },
});
