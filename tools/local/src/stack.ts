import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HttpApiHandler, LambdaFunctionConfig } from '@sm/local-gateway';
import * as z from 'zod';

/** The apps the local stack serves, in the order their routes are mounted. */
export const STACK_APPS = ['callback-service', 'integration-service'] as const;

const DeploySchema = z.object({
  function: z.object({
    handler: z.string().regex(/\.ts$/),
    timeoutSeconds: z.number().positive().max(900),
    memoryMB: z.number().int().min(128).max(10_240),
  }),
  routes: z.array(z.string().min(1)).min(1),
});

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
  const deploy = DeploySchema.parse(JSON.parse(readFileSync(join(appRoot, 'deploy.json'), 'utf8')));
  const module = (await import(pathToFileURL(join(appRoot, deploy.function.handler)).href)) as { handler?: HttpApiHandler<unknown> };
  if (typeof module.handler !== 'function') throw new Error(`${app}: ${deploy.function.handler} exports no handler`);
  return {
    fn: { name: app, handler: module.handler, timeoutSeconds: deploy.function.timeoutSeconds, memoryMB: deploy.function.memoryMB },
    routes: deploy.routes,
  };
}
