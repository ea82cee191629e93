import type {
  CreateApiCommandInput,
  CreateAuthorizerCommandInput,
  CreateIntegrationCommandInput,
  CreateRouteCommandInput,
  CreateStageCommandInput,
  DeleteRouteCommandInput,
  UpdateAuthorizerCommandInput,
  UpdateIntegrationCommandInput,
  UpdateRouteCommandInput,
  UpdateStageCommandInput,
} from '@aws-sdk/client-apigatewayv2';
import type { HttpApiName } from '@sm/app-deploy';
import type { CreateLogGroupCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import type { CreateRepositoryCommandInput } from '@aws-sdk/client-ecr';
import type { CreateRoleCommandInput, PutRolePolicyCommandInput, UpdateAssumeRolePolicyCommandInput } from '@aws-sdk/client-iam';
import type {
  AddPermissionCommandInput,
  CreateAliasCommandInput,
  CreateFunctionCommandInput,
  CreateFunctionUrlConfigCommandInput,
  DeleteFunctionUrlConfigCommandInput,
  PublishVersionCommandInput,
  RemovePermissionCommandInput,
  UpdateAliasCommandInput,
  UpdateFunctionCodeCommandInput,
  UpdateFunctionConfigurationCommandInput,
  UpdateFunctionUrlConfigCommandInput,
} from '@aws-sdk/client-lambda';
import type { CreateScheduleCommandInput, CreateScheduleGroupCommandInput, DeleteScheduleCommandInput, UpdateScheduleCommandInput } from '@aws-sdk/client-scheduler';

/** A call that changes something in AWS, with the exact input the SDK command gets. */
export type AwsCall =
  | { service: 'ECR'; command: 'CreateRepository'; input: CreateRepositoryCommandInput }
  | { service: 'Lambda'; command: 'CreateFunction'; input: CreateFunctionCommandInput }
  | { service: 'Lambda'; command: 'UpdateFunctionCode'; input: UpdateFunctionCodeCommandInput }
  | { service: 'Lambda'; command: 'UpdateFunctionConfiguration'; input: UpdateFunctionConfigurationCommandInput }
  | { service: 'Lambda'; command: 'PublishVersion'; input: PublishVersionCommandInput }
  | { service: 'Lambda'; command: 'CreateAlias'; input: CreateAliasCommandInput }
  | { service: 'Lambda'; command: 'UpdateAlias'; input: UpdateAliasCommandInput }
  | { service: 'Lambda'; command: 'CreateFunctionUrlConfig'; input: CreateFunctionUrlConfigCommandInput }
  | { service: 'Lambda'; command: 'UpdateFunctionUrlConfig'; input: UpdateFunctionUrlConfigCommandInput }
  | { service: 'Lambda'; command: 'DeleteFunctionUrlConfig'; input: DeleteFunctionUrlConfigCommandInput }
  | { service: 'Lambda'; command: 'AddPermission'; input: AddPermissionCommandInput }
  | { service: 'Lambda'; command: 'RemovePermission'; input: RemovePermissionCommandInput }
  | { service: 'CloudWatchLogs'; command: 'CreateLogGroup'; input: CreateLogGroupCommandInput }
  | { service: 'ApiGatewayV2'; command: 'CreateStage'; input: CreateStageCommandInput }
  | { service: 'ApiGatewayV2'; command: 'UpdateStage'; input: UpdateStageCommandInput }
  | { service: 'ApiGatewayV2'; command: 'CreateAuthorizer'; input: CreateAuthorizerCommandInput }
  | { service: 'ApiGatewayV2'; command: 'UpdateAuthorizer'; input: UpdateAuthorizerCommandInput }
  | { service: 'ApiGatewayV2'; command: 'CreateIntegration'; input: CreateIntegrationCommandInput }
  | { service: 'ApiGatewayV2'; command: 'UpdateIntegration'; input: UpdateIntegrationCommandInput }
  | { service: 'ApiGatewayV2'; command: 'CreateRoute'; input: CreateRouteCommandInput }
  | { service: 'ApiGatewayV2'; command: 'UpdateRoute'; input: UpdateRouteCommandInput }
  | { service: 'ApiGatewayV2'; command: 'DeleteRoute'; input: DeleteRouteCommandInput }
  | { service: 'IAM'; command: 'CreateRole'; input: CreateRoleCommandInput }
  | { service: 'IAM'; command: 'UpdateAssumeRolePolicy'; input: UpdateAssumeRolePolicyCommandInput }
  | { service: 'IAM'; command: 'PutRolePolicy'; input: PutRolePolicyCommandInput }
  | { service: 'Scheduler'; command: 'CreateScheduleGroup'; input: CreateScheduleGroupCommandInput }
  | { service: 'Scheduler'; command: 'CreateSchedule'; input: CreateScheduleCommandInput }
  | { service: 'Scheduler'; command: 'UpdateSchedule'; input: UpdateScheduleCommandInput }
  | { service: 'Scheduler'; command: 'DeleteSchedule'; input: DeleteScheduleCommandInput };

/** The Lambda waiters a plan uses (`waitUntil<name>` in the SDK). */
export type LambdaWaiter = 'FunctionActiveV2' | 'FunctionUpdatedV2' | 'PublishedVersionActive';

/** One step of a plan: what the runner does, and exactly what a dry run prints. */
export type PlanStep =
  | {
      kind: 'docker';
      args: string[];
      /** Extra environment for the docker client. */
      env?: Record<string, string>;
      /** Fed on stdin at run time, never printed. */
      stdin?: 'registry password';
    }
  | {
      kind: 'aws';
      call: AwsCall;
      /** The token that the id this call answers with (an integration's, an authorizer's) stands for in later steps. */
      idToken?: string;
    }
  | { kind: 'wait'; waiter: LambdaWaiter; input: { FunctionName: string; Qualifier?: string } }
  | {
      kind: 'claim-api';
      /**
       * Creates the access log group to elect the API's creator, then creates the API or waits for
       * the creator's, and keeps the first created (see claimHttpApi).
       */
      input: ClaimApiInput;
    };

/** The stage API's access log group, whose creation elects the creator, and the API to create. */
export interface ClaimApiInput {
  /** Which of the stage's APIs: its id and endpoint fill that API's tokens ({@link API_TOKENS}) in later steps. */
  httpApi: HttpApiName;
  logGroupName: string;
  api: CreateApiCommandInput & { Name: string };
}

/** A call that only reads, made before planning (and listed by a dry run). */
export interface AwsRead {
  service: 'STS' | 'ECR' | 'Lambda' | 'IAM' | 'ApiGatewayV2' | 'CloudWatchLogs' | 'Scheduler';
  command: string;
  input: Record<string, unknown>;
}

/** Makes one read, reporting it first (a dry run prints it). */
export type ReportedRead = <T>(call: AwsRead, send: () => Promise<T>) => Promise<T>;

/** Stands for the version PublishVersion returns, in the steps after it. */
export const PUBLISHED_VERSION = '<published version>';

/**
 * Per API of the stage, what stands for its id and endpoint (`https://<id>.execute-api.<region>.amazonaws.com`)
 * in the steps after the one that creates it, and for the id of the app's integration on it.
 */
export const API_TOKENS: Record<HttpApiName, { id: string; url: string; integrationId: string }> = {
  api: { id: '<api id>', url: '<api url>', integrationId: '<integration id>' },
  sites: { id: '<sites api id>', url: '<sites api url>', integrationId: '<sites integration id>' },
};

/** Stands for the id of the stage's HTTP API (`api`), in the steps after the one that creates it. */
export const API_ID = API_TOKENS.api.id;

/** Stands for the HTTP API's endpoint until it exists. */
export const API_URL = API_TOKENS.api.url;

/** Stands for the id of the app's integration on the API, in the steps after the one that creates it. */
export const INTEGRATION_ID = API_TOKENS.api.integrationId;

/** Stands for the id of the API's JWT authorizer, in the steps after the one that creates it. */
export const AUTHORIZER_ID = '<authorizer id>';

const FROM_ENVIRONMENT = /^<from \$([A-Za-z_][A-Za-z0-9_]*)>$/;

/**
 * Stands for a variable's value from the deploying environment: plans and dry runs show the
 * token, and only the runner puts the value in the call.
 *
 * @example
 * fromEnvironmentToken('WEBHOOK_SECRET'); // '<from $WEBHOOK_SECRET>'
 */
export function fromEnvironmentToken(name: string): string {
  return `<from $${name}>`;
}

/**
 * The variable a {@link fromEnvironmentToken} names, or undefined for a literal value.
 *
 * @example
 * fromEnvironmentName('<from $WEBHOOK_SECRET>'); // 'WEBHOOK_SECRET'
 */
export function fromEnvironmentName(value: string): string | undefined {
  return FROM_ENVIRONMENT.exec(value)?.[1];
}
