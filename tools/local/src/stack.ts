import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HttpApiHandler, LambdaFunctionConfig } from '@sm/local-gateway';
import * as z from 'zod';

/** The apps the local stack serves, in the order their routes are mounted. */
export const STACK_APPS = ['callback-service', 'integration-service', 'react-app-manager'] as const;

const DeploySchema = z.object({
  function: z.object({
    handler: z.string().regex(/\.ts$/),
    timeoutSeconds: z.number().positive().max(900),
    memoryMB: z.number().int().min(128).max(10_240),
  }),
  routes: z.array(z.string().min(1)).min(1),
  /** Names of the config variables that hold the app's DynamoDB tables and S3 buckets. */
  resources: z.object({ tables: z.array(z.string()).default([]), buckets: z.array(z.string()).default([]) }).default({ tables: [], buckets: [] }),
});
export type DeployConfig = z.infer<typeof DeploySchema>;

/** Reads and validates an app's deploy.json. */
export function readDeployConfig(workspaceRoot: string, app: string): DeployConfig {
  return DeploySchema.parse(JSON.parse(readFileSync(join(workspaceRoot, 'apps', app, 'deploy.json'), 'utf8')));
}

export interface StackFunction {
  fn: LambdaFunctionConfig;
  /** HTTP API route keys from the app's deploy.json. */
  routes: string[];
}

/**
 * Loads an app the way Lambda does: its deploy.json says which module holds `handler`, and
 * importing that module runs its composition root (config, adapters) once, like a cold start.
 */
export async function loadStackFunction(workspaceRoot: string, app: string): Promise<StackFunction> {
  const appRoot = join(workspaceRoot, 'apps', app);
  const deploy = readDeployConfig(workspaceRoot, app);
  const module = (await import(pathToFileURL(join(appRoot, deploy.function.handler)).href)) as { handler?: HttpApiHandler<unknown> };
  if (typeof module.handler !== 'function') throw new Error(`${app}: ${deploy.function.handler} exports no handler`);
  return {
    fn: { name: app, handler: module.handler, timeoutSeconds: deploy.function.timeoutSeconds, memoryMB: deploy.function.memoryMB },
    routes: deploy.routes,
  };
}
