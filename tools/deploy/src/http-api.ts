import type { Api } from '@aws-sdk/client-apigatewayv2';
import { MAX_INTEGRATION_TIMEOUT_MS, type AppRoute, type HttpApiName } from '@sm/app-deploy';
import { LIVE_ALIAS, type FunctionDeployment } from './deploy-config';
import { API_TOKENS, type PlanStep } from './plan';

/** What AWS holds of one of the stage's HTTP APIs, read before planning. */
export interface HttpApiState {
  /** Which of the stage's APIs: `api` (the services' routes, with the JWT authorizer) or `sites`. */
  kind: HttpApiName;
  /** `<workspace>-<stage>` or `<workspace>-<stage>-sites`: shared by every app. */
  name: string;
  logGroupExists: boolean;
  /** Null until the first deploy of an app to the stage that needs it creates it. */
  api: ExistingHttpApi | null;
}

/** A route as GetRoutes answers it, with its authorization. */
export interface ExistingRoute {
  id: string;
  routeKey: string;
  target: string | undefined;
  /** `NONE` when GetRoutes leaves it out. */
  authorizationType: string;
  authorizerId: string | undefined;
  authorizationScopes: string[];
}

/** One authorizer as GetAuthorizers answers it. */
export interface ExistingAuthorizer {
  id: string;
  name: string;
  type: string | undefined;
  identitySource: string[];
  jwt: { issuer: string | undefined; audience: string[] } | null;
}

/** A stage's HTTP API with its `$default` stage, authorizers, integrations and routes (every app's). */
export interface ExistingHttpApi {
  id: string;
  endpoint: string;
  stage: { autoDeploy: boolean; accessLog: { destinationArn: string; format: string } | null; variables: Record<string, string> } | null;
  authorizers: ExistingAuthorizer[];
  integrations: Array<{ id: string; uri: string; payloadFormatVersion: string | undefined; timeoutInMillis: number | undefined }>;
  routes: ExistingRoute[];
}

/** Where the API lives and what the deploy calls its function. */
export interface HttpApiTarget {
  region: string;
  account: string;
}

/** Marks the APIs this deploy manages; its value is the API's name. */
export const API_TAG_KEY = 'deploy:http-api';

/** Prefix of the statement that lets the stage's API invoke `live`; the API id follows. */
export const API_STATEMENT_PREFIX = 'HttpApiInvoke-';

/** The HTTP API stage every app is served from: auto-deployed, no stage segment in the URL. */
export const API_STAGE = '$default';

/**
 * The stage variable that tells the function which of the stage's APIs a request came through
 * (`event.stageVariables.httpApi`, read by the http lib's createHttpApi); same name as the local
 * gateway's HTTP_API_STAGE_VARIABLE, which the local-routes spec checks.
 */
export const HTTP_API_STAGE_VARIABLE = 'httpApi';

// HTTP API access logs take $context variables only (the documented list has no $request.header);
// $context.integration.requestId is the Lambda request id, which the http lib writes on every
// function log line beside the correlation id, so one join gives a request's correlation id.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  lambdaRequestId: '$context.integration.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integration.status',
  integrationError: '$context.integration.error',
  sourceIp: '$context.identity.sourceIp',
};

/** The access log line: one JSON object per request. */
export const ACCESS_LOG_FORMAT = JSON.stringify(ACCESS_LOG_FIELDS);

/**
 * The stage's HTTP API name, from the workspace's package.json name.
 *
 * @example
 * httpApiName('serverless-microservices', 'prod'); // 'serverless-microservices-prod'
 */
export function httpApiName(workspace: string, stage: string): string {
  return `${workspace.replace(/^@/, '').replace(/[^A-Za-z0-9_-]+/g, '-')}-${stage}`;
}

/**
 * The names of both of the stage's HTTP APIs; the sites API's ends in `-sites` (which is why no
 * stage name may end so).
 *
 * @example
 * httpApiNames('serverless-microservices', 'prod'); // { api: 'serverless-microservices-prod', sites: 'serverless-microservices-prod-sites' }
 */
export function httpApiNames(workspace: string, stage: string): Record<HttpApiName, string> {
  const name = httpApiName(workspace, stage);
  return { api: name, sites: `${name}-sites` };
}

/**
 * The deploy.json routes of an app that one of the stage's APIs holds.
 *
 * @example
 * routesOn(deployment, 'sites'); // [{ routeKey: 'GET /{proxy+}', api: 'sites', authorization: 'none', scopes: [] }]
 */
export function routesOn(deployment: FunctionDeployment, kind: HttpApiName): AppRoute[] {
  return deployment.routes.filter((route) => route.api === kind);
}

/**
 * The access log group of the stage's API (one API per stage, so one group per API and stage).
 *
 * @example
 * accessLogGroupName('serverless-microservices-prod'); // '/aws/apigateway/serverless-microservices-prod'
 */
export function accessLogGroupName(apiName: string): string {
  return `/aws/apigateway/${apiName}`;
}

/**
 * The ARN the app's integration invokes: the alias `live`, so routes follow every alias move.
 *
 * @example
 * aliasArn(deployment, { region: 'eu-west-1', account: '123456789012' }); // 'arn:aws:lambda:eu-west-1:123456789012:function:callback-service-prod:live'
 */
export function aliasArn(deployment: FunctionDeployment, target: HttpApiTarget): string {
  return `arn:aws:lambda:${target.region}:${target.account}:function:${deployment.functionName}:${LIVE_ALIAS}`;
}

/**
 * Lambda's integration timeout: the function's, capped at API Gateway's 30 seconds.
 *
 * @example
 * integrationTimeoutMillis(45); // 30000
 */
export function integrationTimeoutMillis(timeoutSeconds: number): number {
  return Math.min(timeoutSeconds * 1000, MAX_INTEGRATION_TIMEOUT_MS);
}

/**
 * The API created first among several with one name: the earliest CreatedDate, then the lowest id.
 * Every deploy that sees the same APIs picks the same one, on any machine: ids compare by code
 * unit, not by the locale's collation.
 *
 * @example
 * firstCreated([{ ApiId: 'b', CreatedDate: t1 }, { ApiId: 'a', CreatedDate: t2 }]); // the one created at t1
 */
export function firstCreated<T extends Pick<Api, 'ApiId' | 'CreatedDate'>>(apis: readonly T[]): T | undefined {
  const time = (api: T): number => api.CreatedDate?.getTime() ?? Number.MAX_SAFE_INTEGER;
  const id = (api: T): string => api.ApiId ?? '';
  return [...apis].sort((a, b) => time(a) - time(b) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0))[0];
}

/**
 * Route keys this app asks for on one of the stage's APIs that another app's integration already
 * has there: each one, naming both apps. Checked before any change, since API Gateway keeps one
 * route per key and API.
 *
 * @example
 * routeConflicts(deployment, httpApi, target); // ['route GET /health: already reaches integration-service ...']
 */
export function routeConflicts(deployment: FunctionDeployment, httpApi: HttpApiState, target: HttpApiTarget): string[] {
  const api = httpApi.api;
  if (api === null) return [];
  const ours = aliasArn(deployment, target);
  return routesOn(deployment, httpApi.kind).flatMap(({ routeKey }) => {
    const route = api.routes.find((candidate) => candidate.routeKey === routeKey);
    if (route === undefined) return [];
    const integration = api.integrations.find((candidate) => `integrations/${candidate.id}` === route.target);
    if (integration?.uri === ours) return [];
    const owner = integration === undefined ? `target ${route.target ?? '(none)'}` : ownerOf(integration.uri, deployment.stage);
    return [
      `route ${routeKey}: already reaches ${owner} on the HTTP API ${httpApi.name} (${api.id}); ${deployment.app} asks for it too, and one route key reaches one app (remove it from one of the two deploy.json files)`,
    ];
  });
}

/**
 * Makes sure one of the stage's APIs, its `$default` stage (auto-deployed, access logs, the stage
 * variable naming the API) and access log group exist and are as they should be. Runs before the
 * function is created or updated, whose variables may hold the API's URL.
 *
 * @example
 * planHttpApi(httpApi, { region: 'eu-west-1', account: '123456789012' });
 */
export function planHttpApi(httpApi: HttpApiState, target: HttpApiTarget): PlanStep[] {
  const { kind, name, api } = httpApi;
  const logGroupName = accessLogGroupName(name);
  const steps: PlanStep[] = [];
  if (api === null) {
    // CreateApi takes no idempotency token and API names need not be unique, so the log group's
    // creation elects the one deploy that creates the API (claimHttpApi).
    steps.push({ kind: 'claim-api', input: { httpApi: kind, logGroupName, api: { Name: name, ProtocolType: 'HTTP', Tags: { [API_TAG_KEY]: name } } } });
  } else if (!httpApi.logGroupExists) {
    steps.push({ kind: 'aws', call: { service: 'CloudWatchLogs', command: 'CreateLogGroup', input: { logGroupName } } });
  }
  const ApiId = api?.id ?? API_TOKENS[kind].id;
  const AccessLogSettings = { DestinationArn: `arn:aws:logs:${target.region}:${target.account}:log-group:${logGroupName}`, Format: ACCESS_LOG_FORMAT };
  const StageVariables = { [HTTP_API_STAGE_VARIABLE]: kind };
  const wanted = { ApiId, StageName: API_STAGE, AutoDeploy: true, AccessLogSettings, StageVariables };
  const stage = api?.stage ?? null;
  if (stage === null) {
    steps.push({ kind: 'aws', call: { service: 'ApiGatewayV2', command: 'CreateStage', input: wanted } });
  } else if (
    !stage.autoDeploy ||
    stage.accessLog?.destinationArn !== AccessLogSettings.DestinationArn ||
    stage.accessLog.format !== AccessLogSettings.Format ||
    stage.variables[HTTP_API_STAGE_VARIABLE] !== kind
  ) {
    steps.push({ kind: 'aws', call: { service: 'ApiGatewayV2', command: 'UpdateStage', input: wanted } });
  }
  return steps;
}

/**
 * This app's part of one of the stage's APIs, after `live` exists: the permission for the API to
 * invoke `live`, one AWS_PROXY integration, a route per deploy.json route key on this API with the
 * authorization deploy.json gives it (updated when it differs), and no route of this app that
 * deploy.json no longer lists there. Other apps' routes are never touched. An app with no route on
 * the API only loses the routes it had there.
 *
 * @example
 * planAppRoutes(deployment, httpApi, target, statementIds, authorizationOf);
 */
export function planAppRoutes(
  deployment: FunctionDeployment,
  httpApi: HttpApiState,
  target: HttpApiTarget,
  statementIds: readonly string[],
  authorizationOf: (route: AppRoute) => RouteAuthorization,
): PlanStep[] {
  const { functionName: FunctionName } = deployment;
  const api = httpApi.api;
  const tokens = API_TOKENS[httpApi.kind];
  const ApiId = api?.id ?? tokens.id;
  const IntegrationUri = aliasArn(deployment, target);
  const wantedRoutes = routesOn(deployment, httpApi.kind);
  const integration = api?.integrations.find((candidate) => candidate.uri === IntegrationUri);
  const routes = api?.routes ?? [];
  const ourTarget = integration === undefined ? undefined : `integrations/${integration.id}`;
  const removals: PlanStep[] = routes
    .filter((route) => ourTarget !== undefined && route.target === ourTarget && !wantedRoutes.some((wanted) => wanted.routeKey === route.routeKey))
    .map((route) => ({ kind: 'aws', call: { service: 'ApiGatewayV2', command: 'DeleteRoute', input: { ApiId, RouteId: route.id } } }));
  if (wantedRoutes.length === 0) return removals;

  const steps: PlanStep[] = [];
  const StatementId = apiStatementId(ApiId);
  // The permission comes first so that no route ever reaches a function that refuses the API. Its
  // SourceArn covers every stage, method and path of this API only.
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
  if (!statementIds.includes(StatementId)) {
    steps.push({
      kind: 'aws',
      call: {
        service: 'Lambda',
        command: 'AddPermission',
        input: { FunctionName, Qualifier: LIVE_ALIAS, StatementId, Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:${target.region}:${target.account}:${ApiId}/*` },
      },
    });
  }

  const wanted = { IntegrationType: 'AWS_PROXY' as const, IntegrationUri, PayloadFormatVersion: '2.0', TimeoutInMillis: integrationTimeoutMillis(deployment.timeoutSeconds) };
  if (integration === undefined) {
    steps.push({ kind: 'aws', call: { service: 'ApiGatewayV2', command: 'CreateIntegration', input: { ApiId, ...wanted } }, idToken: tokens.integrationId });
  } else if (integration.payloadFormatVersion !== wanted.PayloadFormatVersion || integration.timeoutInMillis !== wanted.TimeoutInMillis) {
    steps.push({ kind: 'aws', call: { service: 'ApiGatewayV2', command: 'UpdateIntegration', input: { ApiId, IntegrationId: integration.id, ...wanted } } });
  }

  const Target = ourTarget ?? `integrations/${tokens.integrationId}`;
  for (const route of wantedRoutes) {
    const authorization = authorizationOf(route);
    const existing = routes.find((candidate) => candidate.routeKey === route.routeKey);
    if (existing === undefined) {
      steps.push({ kind: 'aws', call: { service: 'ApiGatewayV2', command: 'CreateRoute', input: { ApiId, RouteKey: route.routeKey, Target, ...authorization } } });
    } else if (!sameAuthorization(existing, authorization)) {
      steps.push({ kind: 'aws', call: { service: 'ApiGatewayV2', command: 'UpdateRoute', input: { ApiId, RouteId: existing.id, ...authorization } } });
    }
  }
  return [...steps, ...removals];
}

/**
 * A route's authorization as CreateRoute and UpdateRoute take it: `JWT` through the API's
 * authorizer with the scopes a token needs one of, or `NONE`. AuthorizationScopes is always sent,
 * empty for NONE, so an update from JWT to NONE clears the old scopes.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
export type RouteAuthorization =
  | { AuthorizationType: 'JWT'; AuthorizerId: string; AuthorizationScopes: string[] }
  | { AuthorizationType: 'NONE'; AuthorizationScopes: string[] };

/**
 * The statement that lets one API invoke `live`.
 *
 * @example
 * apiStatementId('a1b2c3d4e5'); // 'HttpApiInvoke-a1b2c3d4e5'
 */
export function apiStatementId(apiId: string): string {
  return `${API_STATEMENT_PREFIX}${apiId}`;
}

/**
 * The API statements on `live` that no API this app has routes on needs any more (an API that is
 * gone, or one the app left): removed last, after the routes that used them.
 *
 * @example
 * planStaleStatements(deployment, ['HttpApiInvoke-a1b2c3d4e5'], ['HttpApiInvoke-a1b2c3d4e5', 'HttpApiInvoke-old']); // RemovePermission HttpApiInvoke-old
 */
export function planStaleStatements(deployment: FunctionDeployment, wanted: readonly string[], statementIds: readonly string[]): PlanStep[] {
  return statementIds
    .filter((id) => id.startsWith(API_STATEMENT_PREFIX) && !wanted.includes(id))
    .map((StatementId) => ({ kind: 'aws', call: { service: 'Lambda', command: 'RemovePermission', input: { FunctionName: deployment.functionName, Qualifier: LIVE_ALIAS, StatementId } } }));
}

function sameAuthorization(route: ExistingRoute, wanted: RouteAuthorization): boolean {
  const scopes = (list: readonly string[]): string => [...list].sort().join(' ');
  if (route.authorizationType !== wanted.AuthorizationType || scopes(route.authorizationScopes) !== scopes(wanted.AuthorizationScopes)) return false;
  return wanted.AuthorizationType === 'NONE' || route.authorizerId === wanted.AuthorizerId;
}

function ownerOf(integrationUri: string, stage: string): string {
  const functionName = /:function:([^:]+)/.exec(integrationUri)?.[1];
  if (functionName === undefined) return `the integration ${integrationUri}`;
  return functionName.endsWith(`-${stage}`) ? functionName.slice(0, -stage.length - 1) : functionName;
}
