import type { CreateRepositoryCommandInput } from '@aws-sdk/client-ecr';
import type {
  AddPermissionCommandInput,
  CreateAliasCommandInput,
  CreateFunctionCommandInput,
  CreateFunctionUrlConfigCommandInput,
  PublishVersionCommandInput,
  UpdateAliasCommandInput,
  UpdateFunctionCodeCommandInput,
  UpdateFunctionConfigurationCommandInput,
  UpdateFunctionUrlConfigCommandInput,
} from '@aws-sdk/client-lambda';

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
  | { service: 'Lambda'; command: 'AddPermission'; input: AddPermissionCommandInput };

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
  | { kind: 'aws'; call: AwsCall }
  | { kind: 'wait'; waiter: LambdaWaiter; input: { FunctionName: string; Qualifier?: string } };

/** A call that only reads, made before planning (and listed by a dry run). */
export interface AwsRead {
  service: 'STS' | 'ECR' | 'Lambda';
  command: string;
  input: Record<string, unknown>;
}

/** Stands for the version PublishVersion returns, in the steps after it. */
export const PUBLISHED_VERSION = '<published version>';

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
