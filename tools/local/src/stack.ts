import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readAppDeploy } from '@sm/app-deploy';
import type { HttpApiHandler, LambdaFunctionConfig } from '@sm/local-gateway';

/** The apps the local stack serves, in the order their routes are mounted. */
export const STACK_APPS = ['callback-service', 'integration-service', 'react-app-manager'] as const;

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
  const deploy = readAppDeploy(workspaceRoot, app);
  const module = (await import(pathToFileURL(join(appRoot, deploy.function.handler)).href)) as { handler?: HttpApiHandler<unknown> };
  if (typeof module.handler !== 'function') throw new Error(`${app}: ${deploy.function.handler} exports no handler`);
  return {
    fn: { name: app, handler: module.handler, timeoutSeconds: deploy.function.timeoutSeconds, memoryMB: deploy.function.memoryMB },
    routes: deploy.routes,
  };
}
