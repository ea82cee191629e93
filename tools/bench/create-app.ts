import { AppSchema, AppSourceSchema, type App, type AppSource, type CreateAppRequest } from '@sm/events';

const REQUEST_TIMEOUT_MS = 15_000;

export interface TimedCreate {
  /** From sending `POST /api/apps` to the whole 201 body read. */
  wallMs: number;
  app: App;
}

/** One `POST /api/apps` over HTTP with a bearer token (scope `apps:write`), timed; anything but 201 fails the benchmark. */
export async function timeCreate(url: string, token: string, request: CreateAppRequest): Promise<TimedCreate> {
  const started = performance.now();
  const response = await fetch(`${url}/api/apps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = await response.text();
  const wallMs = performance.now() - started;
  if (response.status !== 201) throw new Error(`POST /api/apps ${request.name} answered ${response.status}: ${body}`);
  return { wallMs, app: AppSchema.parse(JSON.parse(body)) };
}

/** `GET /api/apps/{name}/source` with a bearer token (scope `apps:read`, the app's owner): every file the app was built from. */
export async function fetchSource(url: string, token: string, name: string): Promise<AppSource> {
  const response = await fetch(`${url}/api/apps/${name}/source`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (response.status !== 200) throw new Error(`GET /api/apps/${name}/source answered ${response.status}: ${await response.text()}`);
  return AppSourceSchema.parse(await response.json());
}

export interface SiteSize {
  bytes: number;
  files: number;
  /** The shared React modules (assets/vendor/), the same in every app. */
  vendorBytes: number;
}

/** The built site's size, from the create response's `build`. */
export function siteSize(app: App): SiteSize {
  return {
    bytes: app.build.bytes,
    files: app.build.files.length,
    vendorBytes: app.build.files.filter((file) => file.path.startsWith('assets/vendor/')).reduce((total, file) => total + file.bytes, 0),
  };
}
