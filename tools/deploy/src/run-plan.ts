import { CreateRepositoryCommand, type ECRClient } from '@aws-sdk/client-ecr';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  UpdateFunctionUrlConfigCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  waitUntilPublishedVersionActive,
  type Environment,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import type { DockerRunner } from './docker';
import { DeployStepError } from './errors';
import { describeStep } from './format-plan';
import { PUBLISHED_VERSION, fromEnvironmentName, type AwsCall, type PlanStep } from './plan';

/** How long waiters poll, in seconds (the SDK's waiter settings). */
export interface WaitLimits {
  maxWaitTime: number;
  minDelay?: number;
  maxDelay?: number;
}

/** Ten minutes: an image function's update usually settles within a minute or two. */
export const DEFAULT_WAIT_LIMITS: WaitLimits = { maxWaitTime: 600 };

/** What the runner needs besides the plan. */
export interface RunPlanDeps {
  clients: { ecr: ECRClient; lambda: LambdaClient };
  docker: DockerRunner;
  /** Fed to `docker login --password-stdin`. */
  registryPassword: string;
  /** Where `<from $NAME>` tokens get their values. */
  env: Record<string, string | undefined>;
  waitLimits: WaitLimits;
  /** Told before each step starts (1-based). */
  onStep: (step: PlanStep, stepNumber: number) => void;
  /** Appended to a step failure's message: what a failure at this step leaves behind. */
  failureNote: (stepNumber: number) => string;
}

/** What the steps returned that the caller reports. */
export interface RunPlanResult {
  publishedVersion: string | undefined;
  functionUrl: string | undefined;
}

/**
 * Runs a plan's steps in order and stops at the first failure with a {@link DeployStepError}
 * (its `cause` is the SDK's or docker's error). `<published version>` and `<from $NAME>` tokens
 * become real values here, never in the plan.
 *
 * @example
 * const { publishedVersion } = await runPlan(steps, { clients, docker, registryPassword, env: process.env, waitLimits: DEFAULT_WAIT_LIMITS, onStep, failureNote: () => '' });
 */
export async function runPlan(steps: readonly PlanStep[], deps: RunPlanDeps): Promise<RunPlanResult> {
  const result: RunPlanResult = { publishedVersion: undefined, functionUrl: undefined };
  for (const [index, step] of steps.entries()) {
    deps.onStep(step, index + 1);
    try {
      await runStep(step, deps, result);
    } catch (error) {
      throw new DeployStepError(index + 1, steps.length, describeStep(step), deps.failureNote(index + 1), { cause: error });
    }
  }
  return result;
}

async function runStep(step: PlanStep, deps: RunPlanDeps, result: RunPlanResult): Promise<void> {
  const version = (value: string | undefined): string | undefined => {
    if (value !== PUBLISHED_VERSION) return value;
    if (result.publishedVersion === undefined) throw new Error('no version was published before this step');
    return result.publishedVersion;
  };
  switch (step.kind) {
    case 'docker':
      await deps.docker({ args: step.args, env: step.env, stdin: step.stdin === undefined ? undefined : deps.registryPassword });
      return;
    case 'wait': {
      const input = { FunctionName: step.input.FunctionName, Qualifier: version(step.input.Qualifier) };
      const waiter = { client: deps.clients.lambda, ...deps.waitLimits };
      if (step.waiter === 'FunctionActiveV2') await waitUntilFunctionActiveV2(waiter, input);
      else if (step.waiter === 'FunctionUpdatedV2') await waitUntilFunctionUpdatedV2(waiter, input);
      else await waitUntilPublishedVersionActive(waiter, input);
      return;
    }
    case 'aws':
      await sendCall(step.call, deps, result, version);
  }
}

async function sendCall(call: AwsCall, deps: RunPlanDeps, result: RunPlanResult, version: (value: string | undefined) => string | undefined): Promise<void> {
  const { ecr, lambda } = deps.clients;
  const environment = (value: Environment | undefined): Environment | undefined =>
    value?.Variables === undefined ? value : { Variables: Object.fromEntries(Object.entries(value.Variables).map(([key, literal]) => [key, fromEnvironment(literal, deps.env)])) };
  switch (call.command) {
    case 'CreateRepository':
      await ecr.send(new CreateRepositoryCommand(call.input));
      return;
    case 'CreateFunction':
      await lambda.send(new CreateFunctionCommand({ ...call.input, Environment: environment(call.input.Environment) }));
      return;
    case 'UpdateFunctionCode':
      await lambda.send(new UpdateFunctionCodeCommand(call.input));
      return;
    case 'UpdateFunctionConfiguration':
      await lambda.send(new UpdateFunctionConfigurationCommand({ ...call.input, Environment: environment(call.input.Environment) }));
      return;
    case 'PublishVersion': {
      const published = await lambda.send(new PublishVersionCommand(call.input));
      if (published.Version === undefined) throw new Error('PublishVersion answered without a version');
      result.publishedVersion = published.Version;
      return;
    }
    case 'CreateAlias':
      await lambda.send(new CreateAliasCommand({ ...call.input, FunctionVersion: version(call.input.FunctionVersion) }));
      return;
    case 'UpdateAlias':
      await lambda.send(new UpdateAliasCommand({ ...call.input, FunctionVersion: version(call.input.FunctionVersion) }));
      return;
    case 'CreateFunctionUrlConfig':
      result.functionUrl = (await lambda.send(new CreateFunctionUrlConfigCommand(call.input))).FunctionUrl;
      return;
    case 'UpdateFunctionUrlConfig':
      result.functionUrl = (await lambda.send(new UpdateFunctionUrlConfigCommand(call.input))).FunctionUrl;
      return;
    case 'AddPermission':
      await lambda.send(new AddPermissionCommand(call.input));
  }
}

function fromEnvironment(value: string, env: Record<string, string | undefined>): string {
  const name = fromEnvironmentName(value);
  if (name === undefined) return value;
  const resolved = env[name];
  if (resolved === undefined || resolved === '') throw new Error(`${name} is not set in the environment`);
  return resolved;
}
