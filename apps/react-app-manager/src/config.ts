import { resolve } from 'node:path';
import { envBucketName, envHttpUrl, envInteger, envTableName, envText, ServiceConfigSchema } from '@sm/config';
import * as v from 'valibot';

// Run from the repository (npm start, tests), the service finds its templates and its own React
// next to its source; a Lambda image sets TEMPLATES_DIR and REACT_RESOLVE_DIR to where it put them.
const projectRoot = resolve(__dirname, '..');

const directory = v.pipe(envText, v.transform((dir: string) => resolve(dir)));

/** An origin, `http(s)://host[:port]`: a base that `/<name>/` or a frame-ancestors source is appended to or compared with. */
const origin = v.pipe(
  envHttpUrl,
  v.check((url) => /^https?:\/\/[^/?#]+\/?$/.test(url), 'must be an origin: scheme, host and port, without a path'),
  v.transform((url: string) => new URL(url).origin),
);

/** The client-credentials variables, which calling the integration-service needs: it takes no unauthenticated request. */
const INTEGRATION_AUTH = ['AUTH_TOKEN_URL', 'AUTH_CLIENT_ID', 'AUTH_CLIENT_SECRET'] as const;

export const ReactAppManagerConfigSchema = v.pipe(
  v.object({
    ...ServiceConfigSchema.entries,
    /**
     * Where the integration-service is; lifecycle events are posted to its `/api/integration`. Unset,
     * no events are published (a stage without an integration-service).
     */
    INTEGRATION_SERVICE_URL: v.optional(envHttpUrl),
    /** The OAuth 2.0 token endpoint the service gets its `events:write` token from (client-credentials grant). */
    AUTH_TOKEN_URL: v.optional(envHttpUrl),
    /** The service's own client at the issuer; its secret is sent as client_secret_basic. */
    AUTH_CLIENT_ID: v.optional(envText),
    AUTH_CLIENT_SECRET: v.optional(envText),
    /** The sites API's origin: an app's `url` is `${SITES_URL}/<name>/`. Locally the sites listener is one port above the gateway. */
    SITES_URL: v.optional(origin, 'http://127.0.0.1:3001'),
    /** The console's origin, the only one allowed to frame a site (CSP frame-ancestors); locally the gateway's. */
    CONSOLE_ORIGIN: v.optional(origin, 'http://127.0.0.1:3000'),
    /** One folder per template (`counter/`, `todo/`, `blank/`), each holding `src/` and `public/`. */
    TEMPLATES_DIR: v.optional(directory, resolve(projectRoot, 'templates')),
    /** The web console's build (`nx build console`), served at `/console/`; the image puts it beside the bundle. */
    CONSOLE_DIR: v.optional(directory, resolve(projectRoot, '../../dist/apps/console')),
    /** The stage's OpenID issuer, which the console signs in with; unset, the console is not served. */
    AUTH_ISSUER: v.optional(envHttpUrl),
    /** The console's public client at the issuer (authorization code with PKCE). */
    CONSOLE_CLIENT_ID: v.optional(envText, 'console'),
    /** react and react-dom resolve from here as for a file in this folder: the service's own dependencies. */
    REACT_RESOLVE_DIR: v.optional(directory, projectRoot),
    /** A build that takes longer is cancelled and answered 422; well under the function's timeout. */
    BUILD_TIME_LIMIT_MS: v.optional(envInteger(50, 10_000), '5000'),
    /** Builds that run at once in one process; each may use up to BUILD_MEMORY_LIMIT_MB. */
    BUILD_CONCURRENCY: v.optional(envInteger(1, 16), '2'),
    /** A build whose processes (its worker and esbuild) hold more memory is killed and answered 422. */
    BUILD_MEMORY_LIMIT_MB: v.optional(envInteger(128, 8_192), '512'),
    /** Builds that may wait for a slot; one more is answered 503 with Retry-After. */
    BUILD_QUEUE_LIMIT: v.optional(envInteger(0, 1_000), '8'),
    /** How long a request may wait for its lifecycle event to be accepted; a late or failed one is logged, not fatal. */
    EVENTS_DEADLINE_MS: v.optional(envInteger(100, 5_000), '2000'),
    /** App metadata (DynamoDB). */
    APPS_TABLE: envTableName,
    /** Built sites and sources, one prefix per build (S3). */
    SITES_BUCKET: envBucketName,
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed || dataset.value.INTEGRATION_SERVICE_URL === undefined) return;
    for (const variable of INTEGRATION_AUTH) {
      if (dataset.value[variable] !== undefined) continue;
      addIssue({ message: 'is required when INTEGRATION_SERVICE_URL is set', path: [{ type: 'object', origin: 'value', input: dataset.value, key: variable, value: undefined }] });
    }
  }),
);
export type ReactAppManagerConfig = v.InferOutput<typeof ReactAppManagerConfigSchema>;

/** What calling the integration-service takes, when the config names one (the schema made sure all of it is there). */
export function integrationServiceOf(config: ReactAppManagerConfig) {
  const { INTEGRATION_SERVICE_URL: url, AUTH_TOKEN_URL: tokenUrl, AUTH_CLIENT_ID: clientId, AUTH_CLIENT_SECRET: clientSecret } = config;
  if (url === undefined || tokenUrl === undefined || clientId === undefined || clientSecret === undefined) return undefined;
  return { url, tokenUrl, clientId, clientSecret, scope: `${config.AUTH_SCOPE_PREFIX}events:write` };
}
