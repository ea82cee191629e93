import type { AwsAccess } from './aws-clients';
import { HTTP_API_NAMES, type HttpApiName } from '@sm/app-deploy';
import { LIVE_ALIAS, SITES_URL_PLACEHOLDER, resolveDeployment, withAccount, type FunctionDeployment } from './deploy-config';
import type { DockerRunner } from './docker';
import { DeployPreconditionError } from './errors';
import { describeRead, describeStep, formatSteps } from './format-plan';
import type { GitState } from './git';
import {
  ACCESS_LOG_FORMAT,
  HTTP_API_STAGE_VARIABLE,
  accessLogGroupName,
  aliasArn,
  apiStatementId,
  httpApiNames,
  integrationTimeoutMillis,
  routeConflicts,
  routesOn,
  type HttpApiState,
} from './http-api';
import { AUTHORIZER_NAME, routeAuthorization } from './jwt-authorizer';
import { API_TOKENS, AUTHORIZER_ID } from './plan';
import { PUBLIC_URL_STATEMENT_IDS, imageUri, planDeploy, type DeployState, type ImageBuild } from './plan-deploy';
import { deployReads, readDeployState } from './read-deploy-state';
import { runPlan, type WaitLimits } from './run-plan';
import { scheduleGroupName, scheduleInput, schedulerInvokePolicy, schedulerTrustPolicy, type SchedulesState } from './schedules';
import { readStageAuth, type StageAuth } from './stage-auth';

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
  /** The deploying environment: values for `deploy.fromEnvironment`, and the stage's AUTH_ISSUER, AUTH_AUDIENCE and AUTH_SCOPE_PREFIX. */
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

/** A dry run, or the version the alias `live` now points to and the URL of the stage's HTTP API (and of its sites API, when the app has sites routes). */
export type DeployOutcome =
  | { dryRun: true }
  | { dryRun: false; version: string; imageUri: string; apiUrl: string; sitesUrl: string | undefined; functionUrl: string | undefined };

/**
 * Deploys one app: checks every precondition first (one {@link DeployPreconditionError} listing
 * all that is missing: credentials, region, variables, the stage's issuer and audience when the app
 * has a jwt route, a clean tree, and, read from AWS, the execution role and route keys another app
 * already has), reads what AWS holds, plans, prints the
 * plan, and runs it unless it is a dry run. A dry run without credentials or region prints the
 * plan for a first deploy and for a redeploy, with `<account>` and `<region>` placeholders.
 *
 * @example
 * await deployApp({ app, stage: 'prod', deployFile, workspace: 'serverless-microservices', dryRun: true, git, env: process.env }, { aws, docker, print: console.log, waitLimits, sleep });
 */
export async function deployApp(request: DeployRequest, deps: DeployDeps): Promise<DeployOutcome> {
  const { app, stage, dryRun, git } = request;
  const deployment = resolveDeployment(app, request.deployFile, stage);
  const apiNames = httpApiNames(request.workspace, stage);
  const scheduleGroup = scheduleGroupName(request.workspace, stage);
  const { auth, problems: authProblems } = readStageAuth(request.env, app, deployment.routes.some((route) => route.authorization === 'jwt'));
  const local = [...localPreconditions(deployment, request), ...authProblems];
  if (!dryRun && 'missing' in deps.aws) throw new DeployPreconditionError(`deploy ${app} to ${stage}`, [...deps.aws.missing, ...local]);

  const { print } = deps;
  const build: ImageBuild = { gitSha: git.sha, ...(request.baseImage === undefined ? {} : { baseImage: request.baseImage }) };
  const onApis = HTTP_API_NAMES.filter((kind) => routesOn(deployment, kind).length > 0).map((kind) => apiNames[kind]);
  print(`${dryRun ? 'Dry run: deploy' : 'Deploy'} ${app} (${git.sha}) to stage ${stage} as ${deployment.functionName}, alias ${LIVE_ALIAS}, on the HTTP API${onApis.length > 1 ? 's' : ''} ${onApis.join(' and ')}${dryRun ? '; nothing will be changed' : ''}`);
  const printMissing = (missing: readonly string[]): void => {
    if (missing.length === 0) return;
    print('A real deploy would stop before any work; missing:');
    for (const item of missing) print(`  - ${item}`);
  };

  if ('missing' in deps.aws) {
    printMissing([...deps.aws.missing, ...local]);
    printPlansWithoutAccess(deployment, apiNames, scheduleGroup, build, auth, deps.aws.region, print);
    return { dryRun: true };
  }

  print(`Reads (${deps.aws.region}):`);
  const { state, registryPassword, missing: remote } = await readDeployState(deployment, apiNames, scheduleGroup, deps.aws, (read) => print(`        ${describeRead(read)}`));
  const conflicts = HTTP_API_NAMES.flatMap((kind) => routeConflicts(deployment, state.httpApis[kind], state));
  const missing = [...local, ...remote, ...conflicts, ...sitesUrlProblem(deployment, state.httpApis.sites)];
  if (!dryRun && missing.length > 0) throw new DeployPreconditionError(`deploy ${app} to ${stage}`, missing);
  printMissing(missing);
  const steps = planDeploy(withAccount(deployment, state.account), state, build, auth);
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
  const urlOf = (kind: HttpApiName): string | undefined => result.apis[kind]?.endpoint ?? state.httpApis[kind].api?.endpoint;
  const apiUrl = urlOf('api') ?? '';
  const sitesUrl = routesOn(deployment, 'sites').length > 0 ? urlOf('sites') : undefined;
  print(
    `Deployed ${deployment.functionName}: alias ${LIVE_ALIAS} -> version ${version} (${uri}), routes on ${apiUrl}${sitesUrl === undefined ? '' : ` and ${sitesUrl}`}${result.functionUrl === undefined ? '' : `, Function URL ${result.functionUrl}`}`,
  );
  return { dryRun: false, version, imageUri: uri, apiUrl, sitesUrl, functionUrl: result.functionUrl };
}

// `${sitesUrl}` needs the sites API, which only an app with a sites route creates.
function sitesUrlProblem(deployment: FunctionDeployment, sites: HttpApiState): string[] {
  const uses = Object.entries(deployment.environment).filter(([, value]) => value.includes(SITES_URL_PLACEHOLDER));
  if (sites.api !== null || routesOn(deployment, 'sites').length > 0 || uses.length === 0) return [];
  return [`${uses.map(([name]) => name).join(', ')}: deploy.json sets ${SITES_URL_PLACEHOLDER}, but the sites API ${sites.name} does not exist yet (deploy an app with a sites route first)`];
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
  const apis = HTTP_API_NAMES.filter((kind) => kind === 'api' || routesOn(deployment, kind).length > 0)
    .map((kind) => state.httpApis[kind])
    .map((httpApi) => (httpApi.api === null ? `the HTTP API ${httpApi.name} does not exist yet` : `the HTTP API ${httpApi.name} is ${httpApi.api.id}`))
    .join('; ');
  if (state.existing === null) return `${deployment.functionName}, which does not exist yet (${apis})`;
  const alias = state.existing.alias;
  return `${deployment.functionName}, which exists (${LIVE_ALIAS} ${alias === null ? 'does not exist' : `-> version ${alias.version}`}; ${apis})`;
}

function printPlansWithoutAccess(
  deployment: FunctionDeployment,
  apiNames: Record<HttpApiName, string>,
  scheduleGroup: string,
  build: ImageBuild,
  auth: StageAuth,
  knownRegion: string | undefined,
  print: (line: string) => void,
): void {
  const account = '<account>';
  const region = knownRegion ?? '<region>';
  const placeholder = withAccount(deployment, account);
  const registry = `${account}.dkr.ecr.${region}.amazonaws.com`;
  print(
    'Reads a real deploy makes first (not made now: no AWS access; those about an API after DescribeLogGroups only when it exists, those after GetFunction only when the function exists, ListSchedules and GetSchedule only when the schedule group exists, GetRolePolicy only when the role does):',
  );
  for (const read of deployReads(deployment, apiNames, scheduleGroup)) print(`        ${describeRead(read)}`);
  const none = (kind: HttpApiName): HttpApiState => ({ kind, name: apiNames[kind], logGroupExists: false, api: null });
  const noSchedules: SchedulesState = { group: scheduleGroup, groupExists: false, role: null, existing: {} };
  const first: DeployState = { account, region, registry, repositoryExists: false, existing: null, httpApis: { api: none('api'), sites: none('sites') }, schedules: noSchedules };
  // Redeployed: the group holds this app's schedules as deploy.json has them, with their role.
  const target = { region, account };
  const scheduled: SchedulesState = {
    group: scheduleGroup,
    groupExists: true,
    role: deployment.schedules.length === 0 ? null : { exists: true, trustPolicy: schedulerTrustPolicy(account), invokePolicy: schedulerInvokePolicy(placeholder, target) },
    existing: Object.fromEntries(deployment.schedules.map((schedule) => {
      const { Name, ...definition } = scheduleInput(placeholder, schedule, target, scheduleGroup);
      return [Name, definition];
    })),
  };
  // Redeployed: every API this app has routes on holds its integration and routes as deploy.json
  // has them; the api API holds the authorizer as the environment gives it.
  const deployed = (kind: HttpApiName): HttpApiState => {
    const id = API_TOKENS[kind].id;
    const integrationId = API_TOKENS[kind].integrationId;
    const routes = routesOn(deployment, kind);
    if (routes.length === 0) return none(kind);
    return {
      kind,
      name: apiNames[kind],
      logGroupExists: true,
      api: {
        id,
        endpoint: `https://${id}.execute-api.${region}.amazonaws.com`,
        stage: {
          autoDeploy: true,
          accessLog: { destinationArn: `arn:aws:logs:${region}:${account}:log-group:${accessLogGroupName(apiNames[kind])}`, format: ACCESS_LOG_FORMAT },
          variables: { [HTTP_API_STAGE_VARIABLE]: kind },
        },
        authorizers:
          kind === 'api'
            ? [{ id: AUTHORIZER_ID, name: AUTHORIZER_NAME, type: 'JWT', identitySource: ['$request.header.Authorization'], jwt: { issuer: auth.issuer, audience: auth.audience } }]
            : [],
        integrations: [{ id: integrationId, uri: aliasArn(deployment, { region, account }), payloadFormatVersion: '2.0', timeoutInMillis: integrationTimeoutMillis(deployment.timeoutSeconds) }],
        routes: routes.map((route, index) => {
          const authorization = routeAuthorization(route, AUTHORIZER_ID, auth.scopePrefix);
          return {
            id: `<${kind} route ${index + 1}>`,
            routeKey: route.routeKey,
            target: `integrations/${integrationId}`,
            authorizationType: authorization.AuthorizationType,
            authorizerId: authorization.AuthorizationType === 'JWT' ? authorization.AuthorizerId : undefined,
            authorizationScopes: authorization.AuthorizationScopes,
          };
        }),
      },
    };
  };
  const httpApis = { api: deployed('api'), sites: deployed('sites') };
  const again: DeployState = {
    account,
    region,
    registry,
    repositoryExists: true,
    existing: {
      alias: { version: '<live version>', revisionId: '<alias revision>' },
      url: deployment.functionUrl,
      statementIds: [
        ...HTTP_API_NAMES.flatMap((kind) => (httpApis[kind].api === null ? [] : [apiStatementId(API_TOKENS[kind].id)])),
        ...(deployment.functionUrl?.authType === 'NONE' ? PUBLIC_URL_STATEMENT_IDS : []),
      ],
    },
    httpApis,
    schedules: scheduled,
  };
  for (const state of [first, again]) {
    print(`Plan if ${describeState(deployment, state)}:`);
    for (const line of formatSteps(planDeploy(placeholder, state, build, auth))) print(line);
  }
  print('Dry run: nothing was changed.');
}
