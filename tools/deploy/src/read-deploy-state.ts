import { DescribeRepositoriesCommand, GetAuthorizationTokenCommand, RepositoryNotFoundException } from '@aws-sdk/client-ecr';
import { GetAliasCommand, GetFunctionCommand, GetFunctionUrlConfigCommand, GetPolicyCommand, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import * as z from 'zod';
import type { AwsClients } from './aws-clients';
import { LIVE_ALIAS, withAccount, type FunctionDeployment } from './deploy-config';
import { checkExecutionRole, roleRead } from './execution-role';
import type { HttpApiName } from '@sm/app-deploy';
import type { AwsRead, ReportedRead } from './plan';
import type { DeployState, ExistingFunction } from './plan-deploy';
import { httpApiReads, readHttpApis } from './read-http-api';
import { readSchedules, scheduleReads } from './schedules';

/** The state a plan needs, the registry password that only the runner sees, and what stops the deploy. */
export interface ReadDeployState {
  state: DeployState;
  registryPassword: string;
  /** Found by the reads, listed with the local preconditions: a missing role, or one Lambda may not assume. */
  missing: string[];
}

const PolicySchema = z.object({ Statement: z.array(z.object({ Sid: z.string().optional() })).default([]) });

function namedReads(deployment: FunctionDeployment) {
  const FunctionName = deployment.functionName;
  return {
    identity: { service: 'STS', command: 'GetCallerIdentity', input: {} },
    token: { service: 'ECR', command: 'GetAuthorizationToken', input: {} },
    repository: { service: 'ECR', command: 'DescribeRepositories', input: { repositoryNames: [deployment.repositoryName] } },
    fn: { service: 'Lambda', command: 'GetFunction', input: { FunctionName } },
    alias: { service: 'Lambda', command: 'GetAlias', input: { FunctionName, Name: LIVE_ALIAS } },
    // Read even when deploy.json asks for no Function URL: one left from before is removed.
    url: { service: 'Lambda', command: 'GetFunctionUrlConfig', input: { FunctionName, Qualifier: LIVE_ALIAS } },
    policy: { service: 'Lambda', command: 'GetPolicy', input: { FunctionName, Qualifier: LIVE_ALIAS } },
  } satisfies Record<string, AwsRead>;
}

/**
 * Every read a deploy of `deployment` may make, in order (those about an API's stage, integrations,
 * routes and authorizers only when it exists, those about the alias only when the function exists).
 * A dry run without credentials lists these.
 *
 * @example
 * deployReads(deployment, httpApiNames('serverless-microservices', 'prod')).map((read) => read.command); // ['GetCallerIdentity', 'GetAuthorizationToken', ...]
 */
export function deployReads(deployment: FunctionDeployment, apiNames: Record<HttpApiName, string>, scheduleGroup: string): AwsRead[] {
  const { identity, token, repository, fn, alias, url, policy } = namedReads(deployment);
  const role = deployment.roleArn === undefined ? [] : [roleRead(deployment.roleArn)];
  return [identity, token, ...role, repository, ...httpApiReads(apiNames), fn, alias, url, policy, ...scheduleReads(deployment, scheduleGroup)];
}

/**
 * Reads what AWS holds for the deployment (account, registry, execution role, repository, the
 * stage's HTTP APIs, function, alias, URL, policy, the app's schedules in the stage's group and the
 * role Scheduler assumes), reporting each read before it is made. Changes nothing.
 *
 * @example
 * const { state, registryPassword, missing } = await readDeployState(deployment, httpApiNames('serverless-microservices', 'prod'), 'serverless-microservices-prod', { clients, region }, (read) => console.log(read.command));
 */
export async function readDeployState(
  deployment: FunctionDeployment,
  apiNames: Record<HttpApiName, string>,
  scheduleGroup: string,
  aws: { clients: AwsClients; region: string },
  onRead: (read: AwsRead) => void,
): Promise<ReadDeployState> {
  const { clients, region } = aws;
  const FunctionName = deployment.functionName;
  const reads = namedReads(deployment);
  const read: ReportedRead = (call, send) => {
    onRead(call);
    return send();
  };

  const { Account: account } = await read(reads.identity, () => clients.sts.send(new GetCallerIdentityCommand({})));
  const login = (await read(reads.token, () => clients.ecr.send(new GetAuthorizationTokenCommand({})))).authorizationData?.[0];
  if (account === undefined || login?.authorizationToken === undefined || login.proxyEndpoint === undefined) {
    throw new Error('STS GetCallerIdentity or ECR GetAuthorizationToken answered without an account, token or registry');
  }
  const roleArn = withAccount(deployment, account).roleArn;
  const roleProblem = roleArn === undefined ? undefined : await checkExecutionRole(clients.iam, roleArn, read);
  const repositoryExists = await read(reads.repository, () =>
    clients.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [deployment.repositoryName] })).then(() => true, absentAs(RepositoryNotFoundException, false)),
  );
  const httpApis = await readHttpApis(clients, apiNames, read);
  const found = await read(reads.fn, () => clients.lambda.send(new GetFunctionCommand({ FunctionName })).then(() => true, absentAs(ResourceNotFoundException, false)));

  let existing: ExistingFunction | null = null;
  if (found) {
    const live = await read(reads.alias, () => clients.lambda.send(new GetAliasCommand({ FunctionName, Name: LIVE_ALIAS })).catch(absentAs(ResourceNotFoundException, null)));
    existing = { alias: null, url: null, statementIds: [] };
    // The Function URL and its policy hang off the alias: without the alias there are none.
    if (live !== null) {
      existing.alias = { version: live.FunctionVersion ?? '', revisionId: live.RevisionId };
      const config = await read(reads.url, () => clients.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName, Qualifier: LIVE_ALIAS })).catch(absentAs(ResourceNotFoundException, null)));
      existing.url = config?.AuthType === undefined ? null : { authType: config.AuthType };
      const document = await read(reads.policy, () => clients.lambda.send(new GetPolicyCommand({ FunctionName, Qualifier: LIVE_ALIAS })).catch(absentAs(ResourceNotFoundException, null)));
      existing.statementIds = document?.Policy === undefined ? [] : PolicySchema.parse(JSON.parse(document.Policy)).Statement.flatMap((statement) => statement.Sid ?? []);
    }
  }

  const schedules = await readSchedules(deployment, scheduleGroup, clients, read);

  // The token is base64 of "AWS:<password>"; the endpoint is the registry with its scheme.
  const decoded = Buffer.from(login.authorizationToken, 'base64').toString('utf8');
  return {
    state: { account, region, registry: login.proxyEndpoint.replace(/^https?:\/\//, ''), repositoryExists, existing, httpApis, schedules },
    registryPassword: decoded.slice(decoded.indexOf(':') + 1),
    missing: roleProblem === undefined ? [] : [roleProblem],
  };
}

/** Turns the SDK's "not found" exception class into a value; anything else stays an error. */
function absentAs<T>(notFound: abstract new (...args: never[]) => Error, value: T): (error: unknown) => T {
  return (error: unknown) => {
    if (error instanceof notFound) return value;
    throw error;
  };
}
