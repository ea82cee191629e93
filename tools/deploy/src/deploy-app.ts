import type { AwsAccess } from './aws-clients';
import { LIVE_ALIAS, resolveDeployment, withAccount, type FunctionDeployment } from './deploy-config';
import type { DockerRunner } from './docker';
import { DeployPreconditionError } from './errors';
import { describeRead, describeStep, formatSteps } from './format-plan';
import type { GitState } from './git';
import { ACCESS_LOG_FORMAT, API_STATEMENT_PREFIX, accessLogGroupName, aliasArn, httpApiName, integrationTimeoutMillis, routeConflicts, type HttpApiState } from './http-api';
import { API_ID, INTEGRATION_ID } from './plan';
import { PUBLIC_URL_STATEMENT_IDS, imageUri, planDeploy, type DeployState, type ImageBuild } from './plan-deploy';
import { deployReads, readDeployState } from './read-deploy-state';
import { runPlan, type WaitLimits } from './run-plan';

/** One deploy of one app to one stage. */
export interface DeployRequest {
  app: string;
  stage: string;
  /** The app's deploy.json as read (validated here). */
  deployFile: unknown;
  /** The workspace's package.json name: the stage's HTTP API is `<workspace>-<stage>`. */
  workspace: string;
  dryRun: boolean;
  git: GitState;
  /** The deploying environment: values for `deploy.fromEnvironment`. */
  env: Record<string, string | undefined>;
  /** Replaces the Dockerfile's AWS base image (an offline machine has only the local one). */
  baseImage?: string;
}

/** What a deploy talks to. */
export interface DeployDeps {
  aws: AwsAccess;
  docker: DockerRunner;
  print: (line: string) => void;
  waitLimits: WaitLimits;
  /** The clock a first deploy waits on while another deploy creates the stage's API. */
  sleep: (ms: number) => Promise<void>;
}

/** A dry run, or the version the alias `live` now points to and the URL of the stage's HTTP API. */
export type DeployOutcome = { dryRun: true } | { dryRun: false; version: string; imageUri: string; apiUrl: string; functionUrl: string | undefined };

/**
 * Deploys one app: checks every precondition first (one {@link DeployPreconditionError} listing
 * all that is missing: credentials, region, variables, a clean tree, and, read from AWS, the
 * execution role and route keys another app already has), reads what AWS holds, plans, prints the
 * plan, and runs it unless it is a dry run. A dry run without credentials or region prints the
 * plan for a first deploy and for a redeploy, with `<account>` and `<region>` placeholders.
 *
 * @example
 * await deployApp({ app, stage: 'prod', deployFile, workspace: 'serverless-microservices', dryRun: true, git, env: process.env }, { aws, docker, print: console.log, waitLimits, sleep });
 */
export async function deployApp(request: DeployRequest, deps: DeployDeps): Promise<DeployOutcome> {
  const { app, stage, dryRun, git } = request;
  const deployment = resolveDeployment(app, request.deployFile, stage);
  const apiName = httpApiName(request.workspace, stage);
  const local = localPreconditions(deployment, request);
  if (!dryRun && 'missing' in deps.aws) throw new DeployPreconditionError(`deploy ${app} to ${stage}`, [...deps.aws.missing, ...local]);

  const { print } = deps;
  const build: ImageBuild = { gitSha: git.sha, ...(request.baseImage === undefined ? {} : { baseImage: request.baseImage }) };
  print(`${dryRun ? 'Dry run: deploy' : 'Deploy'} ${app} (${git.sha}) to stage ${stage} as ${deployment.functionName}, alias ${LIVE_ALIAS}, on the HTTP API ${apiName}${dryRun ? '; nothing will be changed' : ''}`);
  const printMissing = (missing: readonly string[]): void => {
    if (missing.length === 0) return;
    print('A real deploy would stop before any work; missing:');
    for (const item of missing) print(`  - ${item}`);
  };

  if ('missing' in deps.aws) {
    printMissing([...deps.aws.missing, ...local]);
    printPlansWithoutAccess(deployment, apiName, build, deps.aws.region, print);
    return { dryRun: true };
  }

  print(`Reads (${deps.aws.region}):`);
  const { state, registryPassword, missing: remote } = await readDeployState(deployment, apiName, deps.aws, (read) => print(`        ${describeRead(read)}`));
  const missing = [...local, ...remote, ...routeConflicts(deployment, state.httpApi, state)];
  if (!dryRun && missing.length > 0) throw new DeployPreconditionError(`deploy ${app} to ${stage}`, missing);
  printMissing(missing);
  const steps = planDeploy(withAccount(deployment, state.account), state, build);
  print(`Plan for ${describeState(deployment, state)}:`);
  for (const line of formatSteps(steps)) print(line);
  if (dryRun) {
    print('Dry run: nothing was changed.');
    return { dryRun: true };
  }

  const aliasStep = steps.findIndex((step) => step.kind === 'aws' && (step.call.command === 'CreateAlias' || step.call.command === 'UpdateAlias')) + 1;
  const before = state.existing?.alias ?? null;
  const result = await runPlan(steps, {
    clients: deps.aws.clients,
    docker: deps.docker,
    registryPassword,
    env: request.env,
    waitLimits: deps.waitLimits,
    sleep: deps.sleep,
    onStep: (step, stepNumber) => print(`[${stepNumber}/${steps.length}] ${describeStep(step)}`),
    failureNote: (stepNumber) =>
      stepNumber > aliasStep
        ? `The alias ${LIVE_ALIAS} already points to the new version.`
        : before === null
          ? `The alias ${LIVE_ALIAS} was not created.`
          : `The alias ${LIVE_ALIAS} was not moved from version ${before.version}.`,
  });
  const version = result.publishedVersion ?? '';
  const uri = imageUri(deployment, state, git.sha);
  const apiUrl = result.api?.endpoint ?? state.httpApi.api?.endpoint ?? '';
  print(`Deployed ${deployment.functionName}: alias ${LIVE_ALIAS} -> version ${version} (${uri}), routes on ${apiUrl}${result.functionUrl === undefined ? '' : `, Function URL ${result.functionUrl}`}`);
  return { dryRun: false, version, imageUri: uri, apiUrl, functionUrl: result.functionUrl };
}

/** What only this machine can say is missing: the role, variables from the environment, a clean tree. */
function localPreconditions(deployment: FunctionDeployment, request: DeployRequest): string[] {
  const missing: string[] = [];
  if (deployment.roleArn === undefined) {
    missing.push(`execution role: none for stage ${deployment.stage} (set deploy.roleArn or deploy.stages.${deployment.stage}.roleArn in apps/${deployment.app}/deploy.json)`);
  }
  for (const name of deployment.fromEnvironment) {
    const value = request.env[name];
    if (value === undefined || value === '') missing.push(`${name}: not set in the environment (deploy.fromEnvironment of ${deployment.app})`);
  }
  if (request.git.dirty) missing.push(`a clean work tree: the image is tagged ${request.git.sha} but the work tree has changes (commit or stash them)`);
  return missing;
}

function describeState(deployment: FunctionDeployment, state: DeployState): string {
  const api = state.httpApi.api === null ? `the HTTP API ${state.httpApi.name} does not exist yet` : `the HTTP API ${state.httpApi.name} is ${state.httpApi.api.id}`;
  if (state.existing === null) return `${deployment.functionName}, which does not exist yet (${api})`;
  const alias = state.existing.alias;
  return `${deployment.functionName}, which exists (${LIVE_ALIAS} ${alias === null ? 'does not exist' : `-> version ${alias.version}`}; ${api})`;
}

function printPlansWithoutAccess(deployment: FunctionDeployment, apiName: string, build: ImageBuild, knownRegion: string | undefined, print: (line: string) => void): void {
  const account = '<account>';
  const region = knownRegion ?? '<region>';
  const placeholder = withAccount(deployment, account);
  const registry = `${account}.dkr.ecr.${region}.amazonaws.com`;
  print('Reads a real deploy makes first (not made now: no AWS access; those about the API after DescribeLogGroups only when it exists, those after GetFunction only when the function exists):');
  for (const read of deployReads(deployment, apiName)) print(`        ${describeRead(read)}`);
  const noApi: HttpApiState = { name: apiName, logGroupExists: false, api: null };
  const first: DeployState = { account, region, registry, repositoryExists: false, existing: null, httpApi: noApi };
  const deployed: HttpApiState = {
    name: apiName,
    logGroupExists: true,
    api: {
      id: API_ID,
      endpoint: `https://${API_ID}.execute-api.${region}.amazonaws.com`,
      stage: { autoDeploy: true, accessLog: { destinationArn: `arn:aws:logs:${region}:${account}:log-group:${accessLogGroupName(apiName)}`, format: ACCESS_LOG_FORMAT } },
      integrations: [{ id: INTEGRATION_ID, uri: aliasArn(deployment, { region, account }), payloadFormatVersion: '2.0', timeoutInMillis: integrationTimeoutMillis(deployment.timeoutSeconds) }],
      routes: deployment.routes.filter((route) => route.api === 'api').map(({ routeKey }, index) => ({ id: `<route ${index + 1}>`, routeKey, target: `integrations/${INTEGRATION_ID}` })),
    },
  };
  const again: DeployState = {
    account,
    region,
    registry,
    repositoryExists: true,
    existing: {
      alias: { version: '<live version>', revisionId: '<alias revision>' },
      url: deployment.functionUrl,
      statementIds: [`${API_STATEMENT_PREFIX}${API_ID}`, ...(deployment.functionUrl?.authType === 'NONE' ? PUBLIC_URL_STATEMENT_IDS : [])],
    },
    httpApi: deployed,
  };
  for (const state of [first, again]) {
    print(`Plan if ${describeState(deployment, state)}:`);
    for (const line of formatSteps(planDeploy(placeholder, state, build))) print(line);
  }
  print('Dry run: nothing was changed.');
}
