import { resolve } from 'node:path';
import { awsEnv, envBucketName, envLogLevel, envTableName, envScopePrefix } from '@sm/config';
import * as z from 'zod';

// Run from the repository (npm start, tests), the service finds its templates and its own React
// next to its source; a Lambda image sets TEMPLATES_DIR and REACT_RESOLVE_DIR to where it put them.
const projectRoot = resolve(__dirname, '..');

const directory = z.string().min(1).transform((dir) => resolve(dir));

export const ReactAppManagerConfigSchema = z.object({
  /** Where the integration-service is; lifecycle events are posted to its `/api/integration`. */
  INTEGRATION_SERVICE_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000'),
  /** One folder per template (`counter/`, `todo/`, `blank/`), each holding `src/` and `public/`. */
  TEMPLATES_DIR: directory.default(resolve(projectRoot, 'templates')),
  /** react and react-dom resolve from here as for a file in this folder: the service's own dependencies. */
  REACT_RESOLVE_DIR: directory.default(projectRoot),
  /** A build that takes longer is cancelled and answered 422; well under the function's timeout. */
  BUILD_TIME_LIMIT_MS: z.coerce.number().int().min(50).max(10_000).default(5_000),
  /** Builds that run at once in one process; each may use up to BUILD_MEMORY_LIMIT_MB. */
  BUILD_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  /** A build whose processes (its worker and esbuild) hold more memory is killed and answered 422. */
  BUILD_MEMORY_LIMIT_MB: z.coerce.number().int().min(128).max(8_192).default(512),
  /** Builds that may wait for a slot; one more is answered 503 with Retry-After. */
  BUILD_QUEUE_LIMIT: z.coerce.number().int().min(0).max(1_000).default(8),
  /** How long a request may wait for its lifecycle event to be accepted; a late or failed one is logged, not fatal. */
  EVENTS_DEADLINE_MS: z.coerce.number().int().min(100).max(5_000).default(2_000),
  /** App metadata (DynamoDB). */
  APPS_TABLE: envTableName,
  /** Built sites and sources, one prefix per build (S3). */
  SITES_BUCKET: envBucketName,
  ...awsEnv,
  LOG_LEVEL: envLogLevel.default('INFO'),
  AUTH_SCOPE_PREFIX: envScopePrefix,
  APP_VERSION: z.string().min(1).default('0.0.0-local'),
});
export type ReactAppManagerConfig = z.infer<typeof ReactAppManagerConfigSchema>;
