import { CreateRepositoryCommand, DescribeRepositoriesCommand, ECRClient, GetAuthorizationTokenCommand, RepositoryNotFoundException } from '@aws-sdk/client-ecr';
import {
  CreateRoleCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  NoSuchEntityException,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  DeleteFunctionUrlConfigCommand,
  RemovePermissionCommand,
  ResourceConflictException,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetFunctionUrlConfigCommand,
  GetPolicyCommand,
  LambdaClient,
  ListVersionsByFunctionCommand,
  PreconditionFailedException,
  PublishVersionCommand,
  ResourceNotFoundException,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  UpdateFunctionUrlConfigCommand,
  type FunctionUrlAuthType,
} from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  ConflictException,
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListSchedulesCommand,
  ResourceNotFoundException as SchedulerNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  ValidationException,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClients } from './aws-clients';
import type { DockerCommand, DockerRunner } from './docker';
import { fakeApiGateway, type FakeApiGateway } from './fake-api-gateway';

/** One call as the fake saw it: `Service.Command` or `docker`, and its input. */
export interface JournalEntry {
  call: string;
  input: unknown;
}

/** What the fake AWS account holds for the one function under test. */
export interface FakeFunction {
  versions: string[];
  alias: { version: string; revisionId: string } | null;
  url: FunctionUrlAuthType | null;
  statementIds: string[];
  /** When true, an update never finishes: waitUntilFunctionUpdatedV2 polls until it times out. */
  updateNeverSettles: boolean;
}

/** The fake account's contents, changed by the calls the fake receives. */
export interface FakeAccount {
  repositoryExists: boolean;
  fn: FakeFunction | null;
  /**
   * IAM roles by name, each with its trust policy as JSON; without it, every role exists and
   * trusts lambda.amazonaws.com.
   */
  roles?: Record<string, string>;
  /** Roles the deploy created (the one EventBridge Scheduler assumes): trust policy and inline policies, as JSON. */
  createdRoles?: Record<string, { trust: string; policies: Record<string, string> }>;
  /** EventBridge Scheduler's schedule groups, each with its schedules by name (as CreateSchedule got them). */
  scheduleGroups?: Record<string, Record<string, Omit<CreateScheduleCommandInput, 'Name' | 'GroupName'>>>;
  /**
   * How many CreateSchedule or UpdateSchedule calls Scheduler refuses after a role is created, as
   * it does while IAM has not yet propagated the role (0 unless set).
   */
  roleUsableAfterCalls?: number;
}

/** A trust policy that lets Lambda assume the role. */
export const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** The fake's fixed answers, for assertions. */
export const FAKE = {
  account: '123456789012',
  region: 'eu-west-1',
  registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
  registryPassword: 'ecr-password-never-printed',
  functionUrl: 'https://fake-url-id.lambda-url.eu-west-1.on.aws/',
} as const;

/** Where the fake's registry listens, and the stage's API Gateway and log groups it shares. */
export interface FakeAwsOptions {
  registry?: { endpoint: string; password: string };
  /** Shared by two fakes to model two apps' deploys to one stage at once. */
  apiGateway?: FakeApiGateway;
}

/**
 * SDK clients whose `send` is replaced (aws-sdk-client-mock) by a small model of one account: the
 * reads answer from `account` (one function) and `apiGateway` (the HTTP APIs and log groups), the
 * writes change them, and every call lands in `journal` in order, next to the docker commands of
 * {@link fakeDocker}.
 *
 * @example
 * const aws = fakeAws({ repositoryExists: false, fn: null });
 * await deployApp(request, { aws: { clients: aws.clients, region: FAKE.region }, docker: fakeDocker(aws.journal), ... });
 */
export function fakeAws(initial: FakeAccount, options: FakeAwsOptions = {}) {
  const registry = options.registry ?? { endpoint: `https://${FAKE.registry}`, password: FAKE.registryPassword };
  const apiGateway = options.apiGateway ?? { apis: [], logGroups: [], created: 0 };
  const account: FakeAccount = structuredClone(initial);
  const journal: JournalEntry[] = [];
  const credentials = { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' };
  const clients: AwsClients = {
    sts: new STSClient({ region: FAKE.region, credentials }),
    ecr: new ECRClient({ region: FAKE.region, credentials }),
    lambda: new LambdaClient({ region: FAKE.region, credentials }),
    iam: new IAMClient({ region: FAKE.region, credentials }),
    apigateway: new ApiGatewayV2Client({ region: FAKE.region, credentials }),
    logs: new CloudWatchLogsClient({ region: FAKE.region, credentials }),
    scheduler: new SchedulerClient({ region: FAKE.region, credentials }),
  };
  const mocks = {
    sts: mockClient(clients.sts),
    ecr: mockClient(clients.ecr),
    lambda: mockClient(clients.lambda),
    iam: mockClient(clients.iam),
    apigateway: mockClient(clients.apigateway),
    logs: mockClient(clients.logs),
    scheduler: mockClient(clients.scheduler),
  };
  // Every handler is async: a real client's send() always returns a promise, errors included.
  const log = (call: string, input: unknown): void => {
    journal.push({ call, input });
  };
  fakeApiGateway(apiGateway, { apigateway: mocks.apigateway, logs: mocks.logs }, FAKE.region, log);

  const noRole = (name: string) => new NoSuchEntityException({ message: `The role with name ${name} cannot be found.`, $metadata: {} });
  mocks.iam.on(GetRoleCommand).callsFake(async (input: { RoleName: string }) => {
    log('IAM.GetRole', input);
    const created = account.createdRoles?.[input.RoleName];
    if (created !== undefined) return { Role: { RoleName: input.RoleName, AssumeRolePolicyDocument: encodeURIComponent(created.trust) } };
    const trust = account.roles === undefined ? LAMBDA_TRUST_POLICY : account.roles[input.RoleName];
    if (trust === undefined) throw new NoSuchEntityException({ message: `The role with name ${input.RoleName} cannot be found.`, $metadata: {} });
    // IAM answers the trust policy URL-encoded (RFC 3986).
    return { Role: { RoleName: input.RoleName, AssumeRolePolicyDocument: encodeURIComponent(trust) } };
  });
  mocks.iam.on(GetRolePolicyCommand).callsFake(async (input: { RoleName: string; PolicyName: string }) => {
    log('IAM.GetRolePolicy', input);
    const policy = account.createdRoles?.[input.RoleName]?.policies[input.PolicyName];
    if (policy === undefined) throw new NoSuchEntityException({ message: `The role policy with name ${input.PolicyName} cannot be found.`, $metadata: {} });
    return { RoleName: input.RoleName, PolicyName: input.PolicyName, PolicyDocument: encodeURIComponent(policy) };
  });
  let refusalsLeft = 0;
  mocks.iam.on(CreateRoleCommand).callsFake(async (input: { RoleName: string; AssumeRolePolicyDocument: string }) => {
    log('IAM.CreateRole', input);
    const roles = (account.createdRoles ??= {});
    if (roles[input.RoleName] !== undefined) throw new EntityAlreadyExistsException({ message: `Role with name ${input.RoleName} already exists.`, $metadata: {} });
    roles[input.RoleName] = { trust: input.AssumeRolePolicyDocument, policies: {} };
    refusalsLeft = account.roleUsableAfterCalls ?? 0;
    return { Role: { RoleName: input.RoleName } };
  });
  mocks.iam.on(UpdateAssumeRolePolicyCommand).callsFake(async (input: { RoleName: string; PolicyDocument: string }) => {
    log('IAM.UpdateAssumeRolePolicy', input);
    const role = account.createdRoles?.[input.RoleName];
    if (role === undefined) throw noRole(input.RoleName);
    role.trust = input.PolicyDocument;
    return {};
  });
  mocks.iam.on(PutRolePolicyCommand).callsFake(async (input: { RoleName: string; PolicyName: string; PolicyDocument: string }) => {
    log('IAM.PutRolePolicy', input);
    const role = account.createdRoles?.[input.RoleName];
    if (role === undefined) throw noRole(input.RoleName);
    role.policies[input.PolicyName] = input.PolicyDocument;
    return {};
  });

  const schedulerError = <T>(type: new (options: { message: string; Message: string; $metadata: object }) => T, message: string): T => new type({ message, Message: message, $metadata: {} });
  const groupOf = (name: string | undefined) => {
    const group = account.scheduleGroups?.[name ?? 'default'];
    if (group === undefined) throw schedulerError(SchedulerNotFoundException, `Schedule group ${name ?? 'default'} does not exist.`);
    return group;
  };
  const noSchedule = (name: string) => schedulerError(SchedulerNotFoundException, `Schedule ${name} does not exist.`);
  // What CreateSchedule answers for a role IAM has not propagated yet.
  const refuseNewRole = () => {
    if (refusalsLeft <= 0) return;
    refusalsLeft -= 1;
    throw schedulerError(ValidationException, 'The execution role you provide must allow AWS EventBridge Scheduler to assume the role.');
  };
  mocks.scheduler.on(GetScheduleGroupCommand).callsFake(async (input: { Name: string }) => {
    log('Scheduler.GetScheduleGroup', input);
    groupOf(input.Name);
    return { Name: input.Name, State: 'ACTIVE' };
  });
  mocks.scheduler.on(CreateScheduleGroupCommand).callsFake(async (input: { Name: string }) => {
    log('Scheduler.CreateScheduleGroup', input);
    const groups = (account.scheduleGroups ??= {});
    if (groups[input.Name] !== undefined) throw schedulerError(ConflictException, `Schedule group ${input.Name} already exists.`);
    groups[input.Name] = {};
    return { ScheduleGroupArn: `arn:aws:scheduler:${FAKE.region}:${FAKE.account}:schedule-group/${input.Name}` };
  });
  // One schedule per page, so that a deploy reading only the first page would miss some.
  mocks.scheduler.on(ListSchedulesCommand).callsFake(async (input: { GroupName?: string; NamePrefix?: string; NextToken?: string }) => {
    log('Scheduler.ListSchedules', input);
    const names = Object.keys(groupOf(input.GroupName)).filter((name) => name.startsWith(input.NamePrefix ?? '')).sort();
    const index = input.NextToken === undefined ? 0 : Number(input.NextToken);
    const page = names.slice(index, index + 1).map((Name) => ({ Name, GroupName: input.GroupName }));
    return { Schedules: page, ...(index + 1 < names.length ? { NextToken: String(index + 1) } : {}) };
  });
  mocks.scheduler.on(GetScheduleCommand).callsFake(async (input: { Name: string; GroupName?: string }) => {
    log('Scheduler.GetSchedule', input);
    const schedule = groupOf(input.GroupName)[input.Name];
    if (schedule === undefined) throw noSchedule(input.Name);
    return { Name: input.Name, GroupName: input.GroupName, ...structuredClone(schedule) };
  });
  mocks.scheduler.on(CreateScheduleCommand).callsFake(async ({ Name = '', GroupName, ...definition }: CreateScheduleCommandInput) => {
    log('Scheduler.CreateSchedule', { Name, GroupName, ...definition });
    const group = groupOf(GroupName);
    if (group[Name] !== undefined) throw schedulerError(ConflictException, `Schedule ${Name} already exists.`);
    refuseNewRole();
    group[Name] = definition;
    return { ScheduleArn: `arn:aws:scheduler:${FAKE.region}:${FAKE.account}:schedule/${GroupName ?? 'default'}/${Name}` };
  });
  mocks.scheduler.on(UpdateScheduleCommand).callsFake(async ({ Name = '', GroupName, ...definition }: CreateScheduleCommandInput) => {
    log('Scheduler.UpdateSchedule', { Name, GroupName, ...definition });
    const group = groupOf(GroupName);
    if (group[Name] === undefined) throw noSchedule(Name);
    refuseNewRole();
    group[Name] = definition;
    return { ScheduleArn: `arn:aws:scheduler:${FAKE.region}:${FAKE.account}:schedule/${GroupName ?? 'default'}/${Name}` };
  });
  mocks.scheduler.on(DeleteScheduleCommand).callsFake(async (input: { Name: string; GroupName?: string }) => {
    log('Scheduler.DeleteSchedule', input);
    const group = groupOf(input.GroupName);
    if (group[input.Name] === undefined) throw noSchedule(input.Name);
    delete group[input.Name];
    return {};
  });

  const notFound = (what: string) => new ResourceNotFoundException({ message: `${what} not found`, $metadata: {} });
  const existing = (): FakeFunction => {
    if (account.fn === null) throw notFound('Function');
    return account.fn;
  };
  const configuration = () => ({ State: 'Active', LastUpdateStatus: existing().updateNeverSettles ? 'InProgress' : 'Successful' });

  mocks.sts.on(GetCallerIdentityCommand).callsFake(async (input) => {
    log('STS.GetCallerIdentity', input);
    return { Account: FAKE.account, Arn: `arn:aws:sts::${FAKE.account}:assumed-role/deployer/ci` };
  });

  mocks.ecr.on(GetAuthorizationTokenCommand).callsFake(async (input) => {
    log('ECR.GetAuthorizationToken', input);
    return { authorizationData: [{ authorizationToken: Buffer.from(`AWS:${registry.password}`).toString('base64'), proxyEndpoint: registry.endpoint }] };
  });
  mocks.ecr.on(DescribeRepositoriesCommand).callsFake(async (input) => {
    log('ECR.DescribeRepositories', input);
    if (!account.repositoryExists) throw new RepositoryNotFoundException({ message: 'repository not found', $metadata: {} });
    return { repositories: [{ repositoryName: 'app' }] };
  });
  mocks.ecr.on(CreateRepositoryCommand).callsFake(async (input) => {
    log('ECR.CreateRepository', input);
    account.repositoryExists = true;
    return { repository: {} };
  });

  mocks.lambda.on(GetFunctionCommand).callsFake(async (input) => {
    log('Lambda.GetFunction', input);
    return { Configuration: configuration() };
  });
  mocks.lambda.on(GetFunctionConfigurationCommand).callsFake(async (input) => {
    log('Lambda.GetFunctionConfiguration', input);
    return configuration();
  });
  mocks.lambda.on(CreateFunctionCommand).callsFake(async (input) => {
    log('Lambda.CreateFunction', input);
    account.fn = { versions: [], alias: null, url: null, statementIds: [], updateNeverSettles: false };
    return { State: 'Pending' };
  });
  mocks.lambda.on(UpdateFunctionCodeCommand).callsFake(async (input) => {
    log('Lambda.UpdateFunctionCode', input);
    existing();
    return { LastUpdateStatus: 'InProgress' };
  });
  mocks.lambda.on(UpdateFunctionConfigurationCommand).callsFake(async (input) => {
    log('Lambda.UpdateFunctionConfiguration', input);
    existing();
    return { LastUpdateStatus: 'InProgress' };
  });
  mocks.lambda.on(PublishVersionCommand).callsFake(async (input) => {
    log('Lambda.PublishVersion', input);
    const fn = existing();
    const version = String(fn.versions.length + 1);
    fn.versions.push(version);
    return { Version: version };
  });
  mocks.lambda.on(ListVersionsByFunctionCommand).callsFake(async (input) => {
    log('Lambda.ListVersionsByFunction', input);
    return { Versions: ['$LATEST', ...existing().versions].map((Version) => ({ Version })) };
  });
  mocks.lambda.on(GetAliasCommand).callsFake(async (input) => {
    log('Lambda.GetAlias', input);
    const alias = existing().alias;
    if (alias === null) throw notFound('Alias');
    return { Name: 'live', FunctionVersion: alias.version, RevisionId: alias.revisionId };
  });
  mocks.lambda.on(CreateAliasCommand).callsFake(async (input: { FunctionVersion?: string }) => {
    log('Lambda.CreateAlias', input);
    existing().alias = { version: input.FunctionVersion ?? '', revisionId: 'revision-1' };
    return {};
  });
  mocks.lambda.on(UpdateAliasCommand).callsFake(async (input: { FunctionVersion?: string; RevisionId?: string }) => {
    log('Lambda.UpdateAlias', input);
    const fn = existing();
    if (input.RevisionId !== undefined && input.RevisionId !== fn.alias?.revisionId) {
      throw new PreconditionFailedException({ message: 'The RevisionId does not match the latest RevisionId of the alias', $metadata: {} });
    }
    fn.alias = { version: input.FunctionVersion ?? '', revisionId: `${fn.alias?.revisionId ?? 'revision'}+` };
    return {};
  });
  mocks.lambda.on(GetFunctionUrlConfigCommand).callsFake(async (input) => {
    log('Lambda.GetFunctionUrlConfig', input);
    const url = existing().url;
    if (url === null) throw notFound('Function URL');
    return { AuthType: url, FunctionUrl: FAKE.functionUrl };
  });
  mocks.lambda.on(CreateFunctionUrlConfigCommand).callsFake(async (input: { AuthType: FunctionUrlAuthType }) => {
    log('Lambda.CreateFunctionUrlConfig', input);
    existing().url = input.AuthType;
    return { AuthType: input.AuthType, FunctionUrl: FAKE.functionUrl };
  });
  mocks.lambda.on(UpdateFunctionUrlConfigCommand).callsFake(async (input: { AuthType: FunctionUrlAuthType }) => {
    log('Lambda.UpdateFunctionUrlConfig', input);
    existing().url = input.AuthType;
    return { AuthType: input.AuthType, FunctionUrl: FAKE.functionUrl };
  });
  mocks.lambda.on(GetPolicyCommand).callsFake(async (input) => {
    log('Lambda.GetPolicy', input);
    const ids = existing().statementIds;
    if (ids.length === 0) throw notFound('Policy');
    return { Policy: JSON.stringify({ Version: '2012-10-17', Statement: ids.map((Sid) => ({ Sid, Effect: 'Allow' })) }) };
  });
  mocks.lambda.on(DeleteFunctionUrlConfigCommand).callsFake(async (input) => {
    log('Lambda.DeleteFunctionUrlConfig', input);
    const fn = existing();
    if (fn.url === null) throw notFound('Function URL');
    fn.url = null;
    return {};
  });
  mocks.lambda.on(AddPermissionCommand).callsFake(async (input: { StatementId: string }) => {
    log('Lambda.AddPermission', input);
    const fn = existing();
    if (fn.statementIds.includes(input.StatementId)) throw new ResourceConflictException({ message: `The statement id (${input.StatementId}) provided already exists.`, $metadata: {} });
    fn.statementIds.push(input.StatementId);
    return {};
  });
  mocks.lambda.on(RemovePermissionCommand).callsFake(async (input: { StatementId: string }) => {
    log('Lambda.RemovePermission', input);
    const fn = existing();
    if (!fn.statementIds.includes(input.StatementId)) throw notFound('Statement');
    fn.statementIds = fn.statementIds.filter((id) => id !== input.StatementId);
    return {};
  });

  return { clients, mocks, journal, account, apiGateway };
}

/**
 * A docker CLI that records each command in `journal` and succeeds, unless `fail` says otherwise.
 *
 * @example
 * const docker = fakeDocker(journal, (command) => command.args[0] === 'push');
 */
export function fakeDocker(journal: JournalEntry[], fail: (command: DockerCommand) => boolean = () => false): DockerRunner {
  return async (command) => {
    journal.push({ call: 'docker', input: { args: command.args, ...(command.stdin === undefined ? {} : { stdin: command.stdin }) } });
    if (fail(command)) throw new Error(`docker ${command.args[0] ?? ''} failed: connection refused`);
  };
}
