import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { listApps } from '@sm/app-deploy';
import { readEnvFile } from '@sm/config';
import { runtimeEnvironment } from '@sm/lambda-runtime';
import * as z from 'zod';

export const WORKSPACE_ROOT = resolve(__dirname, '../..');
export const BASE_TSCONFIG = join(WORKSPACE_ROOT, 'tsconfig.base.json');

/** WARN: no per-request log line from the services, so neither side of a comparison pays for logging. */
export const BENCH_LOG_LEVEL = 'WARN';

// Only what the bench reads; tools/local validates the whole file.
const DeploySchema = z.object({
  function: z.object({ memoryMB: z.number() }),
  resources: z.object({ tables: z.array(z.string()).default([]), buckets: z.array(z.string()).default([]) }).optional(),
  deploy: z.object({ environment: z.record(z.string(), z.string()).default({}) }).optional(),
});

function readDeploy(app: string): z.infer<typeof DeploySchema> {
  return DeploySchema.parse(JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'apps', app, 'deploy.json'), 'utf8')));
}

export interface AppBundle {
  app: string;
  dir: string;
  /** dist/apps/<app>/main.mjs, the entry of the ESM bundle (its chunks beside it, under chunks/) */
  file: string;
}

/** Every deployable (an `apps/<app>/deploy.json`), whether or not it has been built. */
export function deployableApps(): string[] {
  return listApps(WORKSPACE_ROOT);
}

/** The app's bundle in dist, if it has one. */
export function bundleOf(app: string): AppBundle | undefined {
  const dir = join(WORKSPACE_ROOT, 'dist', 'apps', app);
  const file = join(dir, 'main.mjs');
  return existsSync(file) ? { app, dir, file } : undefined;
}

/** The config variables that name the app's tables and buckets (its deploy.json's `resources`). */
export function resourceVariables(app: string): { tables: string[]; buckets: string[] } {
  const deploy = readDeploy(app);
  return { tables: deploy.resources?.tables ?? [], buckets: deploy.resources?.buckets ?? [] };
}

/**
 * The whole environment an app's composition root gets in the bench, and nothing inherited: what
 * Lambda itself sets (the region), a name for every table and bucket its deploy.json declares, the
 * documented local defaults (.env.example), then the bench's own choices. Nothing here is reached
 * over the network: the benchmarks only build clients and answer `GET /health` or use a memory store.
 */
export function benchEnv(app: string): Record<string, string> {
  const { tables, buckets } = resourceVariables(app);
  const resources = [...tables, ...buckets];
  return {
    AWS_REGION: 'us-east-1',
    ...Object.fromEntries(resources.map((variable) => [variable, `bench-${variable.toLowerCase().replaceAll('_', '-')}`])),
    ...readEnvFile(join(WORKSPACE_ROOT, '.env.example')),
    ALLOW_UNSIGNED_CALLBACKS: 'true',
    LOG_LEVEL: BENCH_LOG_LEVEL,
  };
}

/**
 * `benchEnv` as a deployed function gets it: the variables Lambda reserves for every execution
 * environment (the handler's location among them: the app then writes its logs as on Lambda) and the
 * log level its deploy.json sets, so a cold start pays for the request line it logs.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export function lambdaBenchEnv(app: string): Record<string, string> {
  const deploy = readDeploy(app);
  const environment = { ...benchEnv(app), LOG_LEVEL: deploy.deploy?.environment.LOG_LEVEL ?? 'INFO' };
  const fn = { name: app, timeoutSeconds: 10, memoryMB: deploy.function.memoryMB, region: 'us-east-1', environment };
  const reserved = runtimeEnvironment(fn, '');
  // In process there is no Runtime API; the image's entrypoint sets _HANDLER from its CMD.
  delete reserved.AWS_LAMBDA_RUNTIME_API;
  return { ...reserved, _HANDLER: 'main.handler' };
}
