import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { ExecutorContext } from '@nx/devkit';
import * as z from 'zod';
import { resolveAwsAccess } from '../aws-clients';
import { deployApp } from '../deploy-app';
import { readDeployFile } from '../deploy-config';
import { spawnDocker } from '../docker';
import { DeployConfigError, DeployPreconditionError, DeployStepError, DockerCommandError, NoPreviousVersionError } from '../errors';
import { readGitState } from '../git';
import { rollbackApp } from '../rollback-app';
import { DEFAULT_WAIT_LIMITS } from '../run-plan';

/** Options of the `deploy` and `rollback` targets (see deploy-schema.json and rollback-schema.json). */
export interface StageOptions {
  stage: string;
  dryRun: boolean;
}

/** Options of the `deploy` target: a stage, and a base image other than the Dockerfile's. */
export interface DeployOptions extends StageOptions {
  baseImage?: string;
}

/**
 * `nx run <app>:deploy [--stage prod] [--dry-run] [--base-image <image>]`: builds, pushes and
 * deploys the app's image, moves its alias `live` and reconciles its routes on the stage's HTTP
 * API (see deployApp).
 *
 * @example
 * // project.json: "deploy": { "executor": "./tools/deploy:deploy" }
 */
export async function deployExecutor(options: DeployOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  return reportFailures(async () => {
    const { app, projectRoot } = projectOf(context);
    await deployApp(
      {
        app,
        stage: options.stage,
        dryRun: options.dryRun,
        deployFile: readDeployFile(projectRoot, app),
        workspace: workspaceName(context.root),
        git: readGitState(context.root),
        env: process.env,
        ...(options.baseImage === undefined ? {} : { baseImage: options.baseImage }),
      },
      { aws: await resolveAwsAccess(), docker: spawnDocker(context.root), print: (line) => console.log(line), waitLimits: DEFAULT_WAIT_LIMITS, sleep: (ms) => delay(ms) },
    );
  });
}

/**
 * `nx run <app>:rollback [--stage prod] [--dry-run]`: moves the alias `live` back to the previous
 * published version (see rollbackApp).
 *
 * @example
 * // project.json: "rollback": { "executor": "./tools/deploy:rollback" }
 */
export async function rollbackExecutor(options: StageOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  return reportFailures(async () => {
    const { app, projectRoot } = projectOf(context);
    await rollbackApp({ app, stage: options.stage, dryRun: options.dryRun, deployFile: readDeployFile(projectRoot, app) }, { aws: await resolveAwsAccess(), print: (line) => console.log(line) });
  });
}

// The stage's HTTP API is named after the workspace.
function workspaceName(root: string): string {
  const json: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return z.object({ name: z.string().min(1) }).parse(json).name;
}

function projectOf(context: ExecutorContext): { app: string; projectRoot: string } {
  const app = context.projectName;
  const project = app === undefined ? undefined : context.projectsConfigurations.projects[app];
  if (app === undefined || project === undefined) throw new Error('deploy and rollback run as a target of an app project');
  return { app, projectRoot: join(context.root, project.root) };
}

// Expected failures print their message alone (it names every missing item or the failed step);
// anything else keeps its stack trace.
async function reportFailures(run: () => Promise<void>): Promise<{ success: boolean }> {
  try {
    await run();
    return { success: true };
  } catch (error) {
    const expected = [DeployConfigError, DeployPreconditionError, DeployStepError, DockerCommandError, NoPreviousVersionError];
    if (!expected.some((type) => error instanceof type) || !(error instanceof Error)) throw error;
    console.error(error.message);
    return { success: false };
  }
}

export { eventExecutor, invokeExecutor, logsExecutor } from './local-commands';
