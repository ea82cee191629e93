import { appImageBuildCommand, HTTP_API_NAMES, type AppRoute, type HttpApiName } from '@sm/app-deploy';
import { API_URL_PLACEHOLDER, LIVE_ALIAS, SCOPE_PREFIX_VARIABLE, SITES_URL_PLACEHOLDER, VERSION_VARIABLE, type FunctionDeployment, type FunctionUrl } from './deploy-config';
import { apiStatementId, planAppRoutes, planHttpApi, planStaleStatements, routesOn, type HttpApiState } from './http-api';
import { planAuthorizer, routeAuthorization } from './jwt-authorizer';
import { API_TOKENS, AUTHORIZER_ID, PUBLISHED_VERSION, fromEnvironmentToken, type PlanStep } from './plan';
import { planSchedules, type SchedulesState } from './schedules';
import type { StageAuth } from './stage-auth';

/** What AWS already holds for a function and the stage's HTTP APIs, read before planning. */
export interface DeployState {
  account: string;
  region: string;
  /** The ECR registry host (`<account>.dkr.ecr.<region>.amazonaws.com`). */
  registry: string;
  repositoryExists: boolean;
  /** Null when the function does not exist yet. */
  existing: ExistingFunction | null;
  /** Both of the stage's APIs: `api`, and `sites` for the user apps' sites. */
  httpApis: Record<HttpApiName, HttpApiState>;
  /** The stage's schedule group, this app's schedules in it and the role Scheduler assumes for it. */
  schedules: SchedulesState;
}

/** An existing function's alias `live` and what hangs off it. */
export interface ExistingFunction {
  alias: { version: string; revisionId: string | undefined } | null;
  /** The Function URL on the alias, when there is one. */
  url: FunctionUrl | null;
  /** Statement ids in the alias's resource policy (the API's, the Function URL's, any other). */
  statementIds: string[];
}

/** The image to build: the commit it is tagged with, and a base image other than the Dockerfile's default. */
export interface ImageBuild {
  gitSha: string;
  baseImage?: string;
}

// A public (NONE) Function URL needs both statements since October 2025: InvokeFunctionUrl, and
// InvokeFunction limited to calls through the URL.
// https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
const PUBLIC_URL_STATEMENTS = [
  { StatementId: 'FunctionURLAllowPublicAccess', Action: 'lambda:InvokeFunctionUrl', FunctionUrlAuthType: 'NONE' as const },
  { StatementId: 'FunctionURLInvokeAllowPublicAccess', Action: 'lambda:InvokeFunction', InvokedViaFunctionUrl: true },
];

/** The statement ids a public Function URL needs in the alias's resource policy. */
export const PUBLIC_URL_STATEMENT_IDS = PUBLIC_URL_STATEMENTS.map((statement) => statement.StatementId);

/**
 * The image URI in ECR that the function runs.
 *
 * @example
 * imageUri(deployment, state, 'abc123'); // '123456789012.dkr.ecr.eu-west-1.amazonaws.com/callback-service:abc123'
 */
export function imageUri(deployment: FunctionDeployment, state: DeployState, gitSha: string): string {
  return `${state.registry}/${deployment.repositoryName}:${gitSha}`;
}

/**
 * Every docker command and AWS call of one deploy, in order, for what AWS holds now. Pure: the same
 * inputs give the same plan, which the runner executes and a dry run prints. The alias moves only
 * after the new version is published and active, so a failure before that leaves it where it was.
 * The stage's HTTP APIs this app needs (`api` always, with its JWT authorizer when the app has a
 * jwt route; `sites` when it has a sites route) are made sure of before the function (its variables
 * may hold their URLs); this app's routes on each API are reconciled after the alias exists, then
 * API statements no API needs are removed; a Function URL deploy.json no longer asks for is removed,
 * with its public statements. The role EventBridge Scheduler assumes is made sure of before the
 * function, the app's schedules (see planSchedules) last, once the alias they target exists.
 *
 * @example
 * const steps = planDeploy(withAccount(deployment, state.account), state, { gitSha: 'abc123' }, auth);
 */
export function planDeploy(deployment: FunctionDeployment, state: DeployState, build: ImageBuild, auth: StageAuth): PlanStep[] {
  const { functionName: FunctionName, app } = deployment;
  const remoteTag = imageUri(deployment, state, build.gitSha);
  const Role = deployment.roleArn ?? '<role>';
  const Architectures = [deployment.architecture];
  const Environment = { Variables: functionEnvironment(deployment, state, build.gitSha, auth) };
  const target = { region: state.region, account: state.account };
  const platform = deployment.architecture === 'arm64' ? 'linux/arm64' : 'linux/amd64';
  const steps: PlanStep[] = [
    // Tagged only as what it pushes: a local `<app>:latest` or `<app>:<sha>` would be shared with
    // every other checkout building on this Docker daemon.
    { kind: 'docker', ...appImageBuildCommand({ app, platform, baseImage: build.baseImage, tags: [remoteTag] }) },
  ];
  if (!state.repositoryExists) {
    steps.push({ kind: 'aws', call: { service: 'ECR', command: 'CreateRepository', input: { repositoryName: deployment.repositoryName, imageScanningConfiguration: { scanOnPush: true } } } });
  }
  steps.push(
    { kind: 'docker', args: ['login', '--username', 'AWS', '--password-stdin', state.registry], stdin: 'registry password' },
    { kind: 'docker', args: ['push', remoteTag] },
  );
  const needed = HTTP_API_NAMES.filter((kind) => kind === 'api' || routesOn(deployment, kind).length > 0);
  for (const kind of needed) steps.push(...planHttpApi(state.httpApis[kind], target));
  const jwtRoutes = deployment.routes.some((route) => route.authorization === 'jwt');
  const authorizer = jwtRoutes ? planAuthorizer(state.httpApis.api, auth) : null;
  steps.push(...(authorizer?.steps ?? []));

  // The scheduler role comes before the function: IAM makes a new role usable everywhere only after
  // a while, and the function's update and version give it that time before a schedule needs it.
  const schedules = planSchedules(deployment, state.schedules, target);
  steps.push(...schedules.roleSteps);

  const existing = state.existing;
  if (existing === null) {
    steps.push(
      {
        kind: 'aws',
        call: {
          service: 'Lambda',
          command: 'CreateFunction',
          input: { FunctionName, PackageType: 'Image', Code: { ImageUri: remoteTag }, Role, Architectures, MemorySize: deployment.memoryMB, Timeout: deployment.timeoutSeconds, Environment },
        },
      },
      { kind: 'wait', waiter: 'FunctionActiveV2', input: { FunctionName } },
    );
  } else {
    steps.push(
      { kind: 'aws', call: { service: 'Lambda', command: 'UpdateFunctionCode', input: { FunctionName, ImageUri: remoteTag, Architectures } } },
      { kind: 'wait', waiter: 'FunctionUpdatedV2', input: { FunctionName } },
      { kind: 'aws', call: { service: 'Lambda', command: 'UpdateFunctionConfiguration', input: { FunctionName, Role, MemorySize: deployment.memoryMB, Timeout: deployment.timeoutSeconds, Environment } } },
      { kind: 'wait', waiter: 'FunctionUpdatedV2', input: { FunctionName } },
    );
  }

  steps.push(
    { kind: 'aws', call: { service: 'Lambda', command: 'PublishVersion', input: { FunctionName, Description: `${app} ${build.gitSha}` } } },
    { kind: 'wait', waiter: 'PublishedVersionActive', input: { FunctionName, Qualifier: PUBLISHED_VERSION } },
  );
  const alias = existing?.alias ?? null;
  steps.push(
    alias === null
      ? { kind: 'aws', call: { service: 'Lambda', command: 'CreateAlias', input: { FunctionName, Name: LIVE_ALIAS, FunctionVersion: PUBLISHED_VERSION } } }
      : { kind: 'aws', call: { service: 'Lambda', command: 'UpdateAlias', input: { FunctionName, Name: LIVE_ALIAS, FunctionVersion: PUBLISHED_VERSION, RevisionId: alias.revisionId } } },
  );
  const hanging = alias === null ? null : existing;
  const statementIds = hanging?.statementIds ?? [];
  // An API that exists is visited even when this app no longer needs it: its routes there go.
  const visited = HTTP_API_NAMES.filter((kind) => needed.includes(kind) || state.httpApis[kind].api !== null);
  const authorizationOf = (route: AppRoute) => routeAuthorization(route, authorizer?.authorizerId ?? AUTHORIZER_ID, auth.scopePrefix);
  for (const kind of visited) steps.push(...planAppRoutes(deployment, state.httpApis[kind], target, statementIds, authorizationOf));
  const wantedStatements = needed.filter((kind) => routesOn(deployment, kind).length > 0).map((kind) => apiStatementId(state.httpApis[kind].api?.id ?? API_TOKENS[kind].id));
  steps.push(...planStaleStatements(deployment, wantedStatements, statementIds), ...planFunctionUrl(deployment, hanging));
  // Schedules target the alias, so they come once it exists; like the routes, they follow every move of it.
  steps.push(...schedules.scheduleSteps);
  return steps;
}

/**
 * The function's variables: literal ones with `${apiUrl}` and `${sitesUrl}` filled in (a token
 * until that API exists), tokens for those from the environment, the image's commit and the
 * stage's scope prefix.
 */
function functionEnvironment(deployment: FunctionDeployment, state: DeployState, gitSha: string, auth: StageAuth): Record<string, string> {
  const apiUrl = state.httpApis.api.api?.endpoint ?? API_TOKENS.api.url;
  const sitesUrl = state.httpApis.sites.api?.endpoint ?? API_TOKENS.sites.url;
  const literal = Object.fromEntries(
    Object.entries(deployment.environment).map(([name, value]) => [name, value.replaceAll(API_URL_PLACEHOLDER, apiUrl).replaceAll(SITES_URL_PLACEHOLDER, sitesUrl)]),
  );
  const fromEnvironment = Object.fromEntries(deployment.fromEnvironment.map((name) => [name, fromEnvironmentToken(name)]));
  return { ...literal, ...fromEnvironment, [VERSION_VARIABLE]: gitSha, [SCOPE_PREFIX_VARIABLE]: auth.scopePrefix };
}

function planFunctionUrl(deployment: FunctionDeployment, existing: ExistingFunction | null): PlanStep[] {
  const url = deployment.functionUrl;
  const FunctionName = deployment.functionName;
  const current = existing?.url ?? null;
  const present = new Set(existing?.statementIds ?? []);
  // Only a public URL needs the Principal "*" statements; a URL that is gone or now needs SigV4
  // must not leave them behind.
  const removePublic: PlanStep[] = PUBLIC_URL_STATEMENTS.filter(({ StatementId }) => present.has(StatementId)).map(({ StatementId }) => ({
    kind: 'aws',
    call: { service: 'Lambda', command: 'RemovePermission', input: { FunctionName, Qualifier: LIVE_ALIAS, StatementId } },
  }));
  if (url === null) {
    const deleteUrl: PlanStep[] = current === null ? [] : [{ kind: 'aws', call: { service: 'Lambda', command: 'DeleteFunctionUrlConfig', input: { FunctionName, Qualifier: LIVE_ALIAS } } }];
    return [...deleteUrl, ...removePublic];
  }
  const steps: PlanStep[] = [];
  if (current === null) {
    steps.push({ kind: 'aws', call: { service: 'Lambda', command: 'CreateFunctionUrlConfig', input: { FunctionName, Qualifier: LIVE_ALIAS, AuthType: url.authType } } });
  } else if (current.authType !== url.authType) {
    steps.push({ kind: 'aws', call: { service: 'Lambda', command: 'UpdateFunctionUrlConfig', input: { FunctionName, Qualifier: LIVE_ALIAS, AuthType: url.authType } } });
  }
  if (url.authType === 'AWS_IAM') return [...steps, ...removePublic];
  for (const statement of PUBLIC_URL_STATEMENTS.filter(({ StatementId }) => !present.has(StatementId))) {
    steps.push({ kind: 'aws', call: { service: 'Lambda', command: 'AddPermission', input: { FunctionName, Qualifier: LIVE_ALIAS, Principal: '*', ...statement } } });
  }
  return steps;
}
