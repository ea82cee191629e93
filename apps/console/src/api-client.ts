/** A build diagnostic as the API lists it in a failed build's problem: `line` from 1, `column` from 0 (esbuild's). */
export interface BuildDiagnostic {
  file: string;
  line: number;
  column: number;
  text: string;
}

export interface AppBuild {
  durationMs: number;
  bytes: number;
}

export interface AppSummary {
  name: string;
  template: string;
  title: string;
  status: string;
  url: string;
  createdAt: string;
  updatedAt: string;
  build: AppBuild;
}

export type AppFiles = Record<string, string>;

/** An answer other than the one asked for, as the user should read it. */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string | undefined;
  /** The problem's `errors`: field problems, or a failed build's diagnostics. */
  readonly errors: unknown[];
  constructor(status: number, message: string, options: { type?: string; errors?: unknown[] } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.type = options.type;
    this.errors = options.errors ?? [];
  }
}

const BUILD_FAILED = 'urn:problem-type:build-failed';

/** The diagnostics of a failed build, or none for any other error. */
export function buildDiagnosticsOf(error: unknown): BuildDiagnostic[] {
  if (!(error instanceof ApiError) || error.type !== BUILD_FAILED) return [];
  return error.errors.filter(
    (entry): entry is BuildDiagnostic =>
      typeof entry === 'object' && entry !== null && typeof (entry as BuildDiagnostic).file === 'string' && typeof (entry as BuildDiagnostic).line === 'number',
  );
}

/** What to show for any error: the API's own words where it gave some. */
export function readableError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'The API could not be reached. Check your connection and try again.';
  return error instanceof Error ? error.message : String(error);
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** RFC 9457 problem+json, or API Gateway's own `{"message"}` (401/403/413/5xx before any function ran). */
async function toApiError(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (response.status === 401) return new ApiError(401, 'Your session has ended. Sign in again to continue.');
  if (response.status === 403) return new ApiError(403, 'Your account may not do this (a scope is missing from your sign-in).');
  const title = text(fields.title) ?? text(fields.message) ?? response.statusText;
  const detail = text(fields.detail);
  const errors = Array.isArray(fields.errors) ? fields.errors : [];
  const listed = errors
    .map((entry) => (typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {}))
    .filter((entry) => typeof entry.path === 'string' && typeof entry.message === 'string')
    .map((entry) => `${String(entry.path)}: ${String(entry.message)}`);
  const message = [detail ?? title ?? `The API answered ${response.status}`, ...listed.slice(0, 3)].join(' — ');
  const retry = response.headers.get('retry-after');
  return new ApiError(response.status, retry === null ? message : `${message.replace(/\.?$/, '.')} Try again in ${retry} s.`, { type: text(fields.type), errors });
}

/** The react-app-manager's API on this origin, each call with the signed-in user's bearer token. */
export function createApiClient(accessToken: () => Promise<string | undefined>) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await accessToken();
    if (token === undefined) throw new ApiError(401, 'Your session has ended. Sign in again to continue.');
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) throw await toApiError(response);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
  const appPath = (name: string) => `/api/apps/${encodeURIComponent(name)}`;
  return {
    listApps: () => call<{ items: AppSummary[]; nextCursor?: string }>('GET', '/api/apps?limit=100'),
    getApp: (name: string) => call<AppSummary>('GET', appPath(name)),
    createApp: (input: { name: string; template: string; title?: string }) => call<AppSummary>('POST', '/api/apps', input),
    saveFiles: (name: string, files: AppFiles) => call<AppSummary>('PUT', appPath(name), { files }),
    deleteApp: (name: string) => call<void>('DELETE', appPath(name)),
    source: (name: string) => call<{ name: string; template: string; files: AppFiles }>('GET', `${appPath(name)}/source`),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
