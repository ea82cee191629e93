import {
  ConflictException,
  CreateAuthorizerCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  DeleteRouteCommand,
  GetAuthorizersCommand,
  UpdateAuthorizerCommand,
  UpdateIntegrationCommand,
  UpdateRouteCommand,
  UpdateStageCommand,
  type ApiGatewayV2Client,
  type CreateAuthorizerCommandInput,
} from '@aws-sdk/client-apigatewayv2';
import { CreateLogGroupCommand, ResourceAlreadyExistsException, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CreateRepositoryCommand, type ECRClient } from '@aws-sdk/client-ecr';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  DeleteFunctionUrlConfigCommand,
  PublishVersionCommand,
  RemovePermissionCommand,
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
import type { IAMClient } from '@aws-sdk/client-iam';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import { DeployStepError } from './errors';
import { describeStep } from './format-plan';
import { HTTP_API_NAMES, type HttpApiName } from '@sm/app-deploy';
import { claimHttpApi, type ClaimedApi } from './claim-api';
import { API_TOKENS, AUTHORIZER_ID, PUBLISHED_VERSION, fromEnvironmentName, type AwsCall, type PlanStep } from './plan';
import { sendScheduleCall } from './schedule-calls';

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
  clients: { ecr: ECRClient; lambda: LambdaClient; apigateway: ApiGatewayV2Client; logs: CloudWatchLogsClient; iam: IAMClient; scheduler: SchedulerClient };
  docker: DockerRunner;
  /** Fed to `docker login --password-stdin`. */
  registryPassword: string;
  /** Where `<from $NAME>` tokens get their values. */
  env: Record<string, string | undefined>;
  waitLimits: WaitLimits;
  /** Waits between GetApis polls while another deploy creates the stage's API, and while a new scheduler role propagates. */
  sleep: (ms: number) => Promise<void>;
  /** Told before each step starts (1-based). */
  onStep: (step: PlanStep, stepNumber: number) => void;
  /** Appended to a step failure's message: what a failure at this step leaves behind. */
  failureNote: (stepNumber: number) => string;
}

/** What the steps returned: what the caller reports, and the values of the plan's tokens. */
export interface RunPlanResult {
  publishedVersion: string | undefined;
  functionUrl: string | undefined;
  /** The stage's HTTP APIs that claim-api steps claimed. */
  apis: Partial<Record<HttpApiName, ClaimedApi>>;
  /** The ids calls answered, by the token that stood for them ({@link PlanStep}'s `idToken`). */
  ids: Record<string, string>;
}

/**
 * Runs a plan's steps in order and stops at the first failure with a {@link DeployStepError}
 * (its `cause` is the SDK's or docker's error). `<published version>` and `<from $NAME>` tokens
 * become real values here, never in the plan.
 *
 * @example
 * const { publishedVersion } = await runPlan(steps, { clients, docker, registryPassword, env: process.env, waitLimits: DEFAULT_WAIT_LIMITS, sleep, onStep, failureNote: () => '' });
 */
export async function runPlan(steps: readonly PlanStep[], deps: RunPlanDeps): Promise<RunPlanResult> {
  const result: RunPlanResult = { publishedVersion: undefined, functionUrl: undefined, apis: {}, ids: {} };
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
    case 'claim-api':
      result.apis[step.input.httpApi] = await claimHttpApi(step.input, { apigateway: deps.clients.apigateway, logs: deps.clients.logs, sleep: deps.sleep });
      return;
    case 'aws': {
      const id = await sendCall(withTokens(step.call, result), deps, result, version);
      if (step.idToken !== undefined) {
        if (id === undefined) throw new Error(`${step.call.command} answered without an id`);
        result.ids[step.idToken] = id;
      }
    }
  }
}

// Replaces the API and integration tokens in every string of the call; only strings change, so the
// call keeps its shape.
function withTokens(call: AwsCall, result: RunPlanResult): AwsCall {
  const replace = (text: string): string => {
    let filled = text;
    const apiTokens = HTTP_API_NAMES.flatMap((kind) => [
      [API_TOKENS[kind].id, result.apis[kind]?.id],
      [API_TOKENS[kind].url, result.apis[kind]?.endpoint],
      [API_TOKENS[kind].integrationId, result.ids[API_TOKENS[kind].integrationId]],
    ]);
    for (const [token = '', value] of [...apiTokens, [AUTHORIZER_ID, result.ids[AUTHORIZER_ID]]]) {
      if (!filled.includes(token)) continue;
      if (value === undefined) throw new Error(`${token} is not known before this step`);
      filled = filled.replaceAll(token, value);
    }
    return filled;
  };
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') return replace(value);
    if (Array.isArray(value)) return value.map(fill);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fill(inner)]));
    return value;
  };
  return fill(call) as AwsCall;
}

// Answers the id of what the call created, for the calls whose step names an idToken.
async function sendCall(call: AwsCall, deps: RunPlanDeps, result: RunPlanResult, version: (value: string | undefined) => string | undefined): Promise<string | undefined> {
  const { ecr, lambda, apigateway, logs } = deps.clients;
  if (call.service === 'IAM' || call.service === 'Scheduler') {
    await sendScheduleCall(call, { iam: deps.clients.iam, scheduler: deps.clients.scheduler, sleep: deps.sleep });
    return;
  }
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
    case 'DeleteFunctionUrlConfig':
      await lambda.send(new DeleteFunctionUrlConfigCommand(call.input));
      return;
    case 'AddPermission':
      await lambda.send(new AddPermissionCommand(call.input));
      return;
    case 'RemovePermission':
      await lambda.send(new RemovePermissionCommand(call.input));
      return;
    case 'CreateLogGroup':
      // Planned when the API exists but its log group does not; another deploy may have just made it.
      await logs.send(new CreateLogGroupCommand(call.input)).catch(ignore(ResourceAlreadyExistsException));
      return;
    case 'CreateStage':
      // When claim-api chose another deploy's API, that deploy may have created its $default stage,
      // with the same settings (both derive them from the API's name).
      await apigateway.send(new CreateStageCommand(call.input)).catch(ignore(ConflictException));
      return;
    case 'UpdateStage':
      await apigateway.send(new UpdateStageCommand(call.input));
      return;
    case 'CreateAuthorizer':
      return createAuthorizer(apigateway, call.input);
    case 'UpdateAuthorizer':
      await apigateway.send(new UpdateAuthorizerCommand(call.input));
      return;
    case 'CreateIntegration':
      return (await apigateway.send(new CreateIntegrationCommand(call.input))).IntegrationId;
    case 'UpdateIntegration':
      await apigateway.send(new UpdateIntegrationCommand(call.input));
      return;
    case 'CreateRoute':
      await apigateway.send(new CreateRouteCommand(call.input));
      return;
    case 'UpdateRoute':
      await apigateway.send(new UpdateRouteCommand(call.input));
      return;
    case 'DeleteRoute':
      await apigateway.send(new DeleteRouteCommand(call.input));
  }
}

// When claim-api chose another deploy's API, that deploy may be creating the authorizer too, with
// the same settings (both read them from the deploying environment); authorizer names are unique
// per API, so the second CreateAuthorizer conflicts and the first one's authorizer is used.
async function createAuthorizer(apigateway: ApiGatewayV2Client, input: CreateAuthorizerCommandInput): Promise<string | undefined> {
  try {
    return (await apigateway.send(new CreateAuthorizerCommand(input))).AuthorizerId;
  } catch (error) {
    if (!(error instanceof ConflictException)) throw error;
    const { Items = [] } = await apigateway.send(new GetAuthorizersCommand({ ApiId: input.ApiId }));
    const existing = Items.find((authorizer) => authorizer.Name === input.Name);
    if (existing === undefined) throw error;
    return existing.AuthorizerId;
  }
}

function ignore(expected: abstract new (...args: never[]) => Error): (error: unknown) => void {
  return (error: unknown) => {
    if (!(error instanceof expected)) throw error;
  };
}

function fromEnvironment(value: string, env: Record<string, string | undefined>): string {
  const name = fromEnvironmentName(value);
  if (name === undefined) return value;
  const resolved = env[name];
  if (resolved === undefined || resolved === '') throw new Error(`${name} is not set in the environment`);
  return resolved;
}
