import { DescribeRepositoriesCommand, GetAuthorizationTokenCommand, RepositoryNotFoundException } from '@aws-sdk/client-ecr';
import { GetAliasCommand, GetFunctionCommand, GetFunctionUrlConfigCommand, GetPolicyCommand, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import * as z from 'zod';
import type { AwsClients } from './aws-clients';
import { LIVE_ALIAS, type FunctionDeployment } from './deploy-config';
import type { AwsRead } from './plan';
import type { DeployState, ExistingFunction } from './plan-deploy';

/** The state a plan needs, and the registry password that only the runner sees. */
export interface ReadDeployState {
  state: DeployState;
  registryPassword: string;
}

const PolicySchema = z.object({ Statement: z.array(z.object({ Sid: z.string().optional() })).default([]) });

/** The reads of one deploy by what they ask; `url` and `policy` only where deploy.json asks for a Function URL. */
interface DeployReads {
  identity: AwsRead;
  token: AwsRead;
  repository: AwsRead;
  fn: AwsRead;
  alias: AwsRead;
  url: AwsRead | undefined;
  policy: AwsRead | undefined;
}

function namedReads(deployment: FunctionDeployment): DeployReads {
  const FunctionName = deployment.functionName;
  return {
    identity: { service: 'STS', command: 'GetCallerIdentity', input: {} },
    token: { service: 'ECR', command: 'GetAuthorizationToken', input: {} },
    repository: { service: 'ECR', command: 'DescribeRepositories', input: { repositoryNames: [deployment.repositoryName] } },
    fn: { service: 'Lambda', command: 'GetFunction', input: { FunctionName } },
    alias: { service: 'Lambda', command: 'GetAlias', input: { FunctionName, Name: LIVE_ALIAS } },
    url: deployment.functionUrl === null ? undefined : { service: 'Lambda', command: 'GetFunctionUrlConfig', input: { FunctionName, Qualifier: LIVE_ALIAS } },
    policy: deployment.functionUrl?.authType === 'NONE' ? { service: 'Lambda', command: 'GetPolicy', input: { FunctionName, Qualifier: LIVE_ALIAS } } : undefined,
  };
}

/**
 * Every read a deploy of `deployment` may make, in order (those about the alias only happen when
 * the function exists). A dry run without credentials lists these.
 *
 * @example
 * deployReads(deployment).map((read) => read.command); // ['GetCallerIdentity', 'GetAuthorizationToken', ...]
 */
export function deployReads(deployment: FunctionDeployment): AwsRead[] {
  const { identity, token, repository, fn, alias, url, policy } = namedReads(deployment);
  return [identity, token, repository, fn, alias, url, policy].filter((read) => read !== undefined);
}

/**
 * Reads what AWS holds for the deployment (account, registry, repository, function, alias, URL,
 * policy), reporting each read before it is made. Changes nothing.
 *
 * @example
 * const { state, registryPassword } = await readDeployState(deployment, clients, (read) => console.log(read.command));
 */
export async function readDeployState(deployment: FunctionDeployment, clients: AwsClients, onRead: (read: AwsRead) => void): Promise<ReadDeployState> {
  const FunctionName = deployment.functionName;
  const reads = namedReads(deployment);
  const read = <T>(call: AwsRead, send: () => Promise<T>): Promise<T> => {
    onRead(call);
    return send();
  };

  const { Account: account } = await read(reads.identity, () => clients.sts.send(new GetCallerIdentityCommand({})));
  const login = (await read(reads.token, () => clients.ecr.send(new GetAuthorizationTokenCommand({})))).authorizationData?.[0];
  if (account === undefined || login?.authorizationToken === undefined || login.proxyEndpoint === undefined) {
    throw new Error('STS GetCallerIdentity or ECR GetAuthorizationToken answered without an account, token or registry');
  }
  const repositoryExists = await read(reads.repository, () =>
    clients.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [deployment.repositoryName] })).then(() => true, absentAs(RepositoryNotFoundException, false)),
  );
  const found = await read(reads.fn, () => clients.lambda.send(new GetFunctionCommand({ FunctionName })).then(() => true, absentAs(ResourceNotFoundException, false)));

  let existing: ExistingFunction | null = null;
  if (found) {
    const live = await read(reads.alias, () => clients.lambda.send(new GetAliasCommand({ FunctionName, Name: LIVE_ALIAS })).catch(absentAs(ResourceNotFoundException, null)));
    existing = { alias: null, url: null, statementIds: [] };
    // The Function URL and its policy hang off the alias: without the alias there are none.
    if (live !== null) {
      existing.alias = { version: live.FunctionVersion ?? '', revisionId: live.RevisionId };
      if (reads.url !== undefined) {
        const config = await read(reads.url, () => clients.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName, Qualifier: LIVE_ALIAS })).catch(absentAs(ResourceNotFoundException, null)));
        existing.url = config?.AuthType === undefined ? null : { authType: config.AuthType };
      }
      if (reads.policy !== undefined) {
        const document = await read(reads.policy, () => clients.lambda.send(new GetPolicyCommand({ FunctionName, Qualifier: LIVE_ALIAS })).catch(absentAs(ResourceNotFoundException, null)));
        existing.statementIds = document?.Policy === undefined ? [] : PolicySchema.parse(JSON.parse(document.Policy)).Statement.flatMap((statement) => statement.Sid ?? []);
      }
    }
  }

  // The token is base64 of "AWS:<password>"; the endpoint is the registry with its scheme.
  const decoded = Buffer.from(login.authorizationToken, 'base64').toString('utf8');
  return {
    state: { account, registry: login.proxyEndpoint.replace(/^https?:\/\//, ''), repositoryExists, existing },
    registryPassword: decoded.slice(decoded.indexOf(':') + 1),
  };
}

/** Turns the SDK's "not found" exception class into a value; anything else stays an error. */
function absentAs<T>(notFound: abstract new (...args: never[]) => Error, value: T): (error: unknown) => T {
  return (error: unknown) => {
    if (error instanceof notFound) return value;
    throw error;
  };
}
