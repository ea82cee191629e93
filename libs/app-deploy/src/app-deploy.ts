import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import * as z from 'zod';

/**
 * API Gateway's cap on an HTTP API integration's timeout, which is also its default: 30 seconds.
 * A function may run longer (`timeoutSeconds` up to 900), but the API answers 504 at this limit.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
 *
 * @example
 * const timeoutInMillis = Math.min(app.function.timeoutSeconds * 1000, MAX_INTEGRATION_TIMEOUT_MS);
 */
export const MAX_INTEGRATION_TIMEOUT_MS = 30_000;

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');

const appRelativePath = z
  .string()
  .min(1)
  .refine((path) => !isAbsolute(path) && !path.split(/[\\/]/).includes('..'), 'must be a path inside the app folder');

/**
 * `apps/<app>/deploy.json`, the parts every tool shares: how the function runs on Lambda (handler
 * module, timeout, memory, environment it needs wherever it runs), the HTTP API routes that reach
 * it (the local gateway), the config variables naming its tables and buckets (local engines), and
 * what its image holds beside the bundle. The deploy tool extends it with its `deploy` section.
 *
 * @example
 * const Schema = AppDeploySchema.extend({ deploy: DeploySectionSchema });
 */
export const AppDeploySchema = z.object({
  function: z.object({
    handler: z.string().regex(/\.ts$/, 'must be the TypeScript module that exports handler'),
    timeoutSeconds: z.number().int().min(1).max(900),
    memoryMB: z.number().int().min(128).max(10_240),
    /** The function's environment variables (Lambda's `Environment.Variables`), beside the app's config. */
    environment: z.record(envName, z.string()).default({}),
  }),
  routes: z.array(z.string().min(1)).min(1),
  /** Names of the config variables that hold the app's DynamoDB tables and S3 buckets. */
  resources: z.object({ tables: z.array(envName).default([]), buckets: z.array(envName).default([]) }).default({ tables: [], buckets: [] }),
  /** What the image holds beside the bundle: folders or files of the app, and packages it loads at run time. */
  image: z.object({ files: z.array(appRelativePath).default([]), packages: z.array(z.string().min(1)).default([]) }).default({ files: [], packages: [] }),
});
export type AppDeploy = z.infer<typeof AppDeploySchema>;

/**
 * Reads and validates `apps/<app>/deploy.json` with the shared schema.
 *
 * @example
 * const { function: fn, routes } = readAppDeploy(workspaceRoot, 'callback-service');
 */
export function readAppDeploy(workspaceRoot: string, app: string): AppDeploy {
  return AppDeploySchema.parse(JSON.parse(readFileSync(join(workspaceRoot, 'apps', app, 'deploy.json'), 'utf8')));
}
