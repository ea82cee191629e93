import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import * as z from 'zod';

const appRelativePath = z
  .string()
  .min(1)
  .refine((path) => !isAbsolute(path) && !path.split(/[\\/]/).includes('..'), 'must be a path inside the app folder');

/**
 * The parts of an app's deploy.json that its container image and the runtime behind it need. The
 * local stack reads the same file for its routes; unknown keys are ignored by both.
 */
const ContainerDeploySchema = z.object({
  function: z.object({
    timeoutSeconds: z.number().positive().max(900),
    memoryMB: z.number().int().min(128).max(10_240),
    /** The function's environment variables (Lambda's `Environment.Variables`), beside the app's config. */
    environment: z.record(z.string().regex(/^[A-Za-z_]\w*$/), z.string()).default({}),
  }),
  /** Names of the config variables that hold the app's DynamoDB tables and S3 buckets. */
  resources: z.object({ tables: z.array(z.string()).default([]), buckets: z.array(z.string()).default([]) }).default({ tables: [], buckets: [] }),
  /** What the image holds beside the bundle: folders or files of the app, and packages it loads at run time. */
  image: z.object({ files: z.array(appRelativePath).default([]), packages: z.array(z.string().min(1)).default([]) }).default({ files: [], packages: [] }),
});
export type ContainerDeploy = z.infer<typeof ContainerDeploySchema>;

/** Reads and validates `apps/<app>/deploy.json`. */
export function readContainerDeploy(workspaceRoot: string, app: string): ContainerDeploy {
  return ContainerDeploySchema.parse(JSON.parse(readFileSync(join(workspaceRoot, 'apps', app, 'deploy.json'), 'utf8')));
}
