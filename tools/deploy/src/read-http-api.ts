import {
  GetApisCommand,
  GetAuthorizersCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStageCommand,
  NotFoundException,
  type Api,
  type ApiGatewayV2Client,
  type Authorizer,
  type Integration,
  type Route,
} from '@aws-sdk/client-apigatewayv2';
import { DescribeLogGroupsCommand, type CloudWatchLogsClient, type LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { HttpApiName } from '@sm/app-deploy';
import { API_STAGE, API_TAG_KEY, accessLogGroupName, firstCreated, type ExistingHttpApi, type HttpApiState } from './http-api';
import { API_TOKENS, type AwsRead, type ReportedRead } from './plan';

function stageReads(names: Record<HttpApiName, string>) {
  return {
    apis: { service: 'ApiGatewayV2', command: 'GetApis', input: {} },
    // One prefix covers both APIs' groups: the sites API's name extends the API's.
    logGroups: { service: 'CloudWatchLogs', command: 'DescribeLogGroups', input: { logGroupNamePrefix: accessLogGroupName(names.api) } },
  } satisfies Record<string, AwsRead>;
}

function apiReads(ApiId: string) {
  return {
    stage: { service: 'ApiGatewayV2', command: 'GetStage', input: { ApiId, StageName: API_STAGE } },
    integrations: { service: 'ApiGatewayV2', command: 'GetIntegrations', input: { ApiId } },
    routes: { service: 'ApiGatewayV2', command: 'GetRoutes', input: { ApiId } },
    authorizers: { service: 'ApiGatewayV2', command: 'GetAuthorizers', input: { ApiId } },
  } satisfies Record<string, AwsRead>;
}

/**
 * The reads about the stage's APIs, in order; those after DescribeLogGroups only for an API that
 * exists, GetAuthorizers only for `api` (the sites API has no authorizer).
 *
 * @example
 * httpApiReads({ api: 'serverless-microservices-prod', sites: 'serverless-microservices-prod-sites' }).map((read) => read.command); // ['GetApis', 'DescribeLogGroups', 'GetStage', ...]
 */
export function httpApiReads(names: Record<HttpApiName, string>): AwsRead[] {
  const { apis, logGroups } = stageReads(names);
  const api = apiReads(API_TOKENS.api.id);
  const sites = apiReads(API_TOKENS.sites.id);
  return [apis, logGroups, api.stage, api.integrations, api.routes, api.authorizers, sites.stage, sites.integrations, sites.routes];
}

/**
 * Every API named `name` that carries this deploy's tag, from every page of GetApis (HTTP APIs
 * have no unique names, so there may be more than one).
 *
 * @example
 * const apis = await listHttpApis(client, 'serverless-microservices-prod');
 */
export async function listHttpApis(client: ApiGatewayV2Client, name: string): Promise<Api[]> {
  return namedFrom(await everyPage<Api>((NextToken) => client.send(new GetApisCommand({ NextToken }))), name);
}

function namedFrom(apis: readonly Api[], name: string): Api[] {
  return apis.filter((api) => api.Name === name && api.Tags?.[API_TAG_KEY] === name);
}

/**
 * Reads both of the stage's APIs (for each, the first created, if several): its `$default` stage,
 * every integration and route (all apps'), the `api` API's authorizers, and whether each access log
 * group exists. Changes nothing.
 *
 * @example
 * const httpApis = await readHttpApis({ apigateway, logs }, httpApiNames('serverless-microservices', 'prod'), read);
 */
export async function readHttpApis(
  clients: { apigateway: ApiGatewayV2Client; logs: CloudWatchLogsClient },
  names: Record<HttpApiName, string>,
  read: ReportedRead,
): Promise<Record<HttpApiName, HttpApiState>> {
  const { apigateway, logs } = clients;
  const first = stageReads(names);
  const every = await read(first.apis, () => everyPage<Api>((NextToken) => apigateway.send(new GetApisCommand({ NextToken }))));
  const groups = await read(first.logGroups, () => everyPage<LogGroup>((nextToken) => logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: accessLogGroupName(names.api), nextToken })).then(({ logGroups, nextToken: next }) => ({ Items: logGroups, NextToken: next }))));
  const state = async (kind: HttpApiName): Promise<HttpApiState> => {
    const name = names[kind];
    const logGroupExists = groups.some((group) => group.logGroupName === accessLogGroupName(name));
    const found = firstCreated(namedFrom(every, name));
    if (found?.ApiId === undefined) return { kind, name, logGroupExists, api: null };
    if (found.ApiEndpoint === undefined) throw new Error(`ApiGatewayV2 GetApis answered without the endpoint of ${found.ApiId}`);
    return { kind, name, logGroupExists, api: await readApi(apigateway, kind, { ApiId: found.ApiId, endpoint: found.ApiEndpoint }, read) };
  };
  const api = await state('api');
  return { api, sites: await state('sites') };
}

async function readApi(apigateway: ApiGatewayV2Client, kind: HttpApiName, found: { ApiId: string; endpoint: string }, read: ReportedRead): Promise<ExistingHttpApi> {
  const { ApiId } = found;
  const reads = apiReads(ApiId);
  const stage = await read(reads.stage, () =>
    apigateway.send(new GetStageCommand({ ApiId, StageName: API_STAGE })).catch((error: unknown) => {
      if (error instanceof NotFoundException) return null;
      throw error;
    }),
  );
  const integrations = await read(reads.integrations, () => everyPage<Integration>((NextToken) => apigateway.send(new GetIntegrationsCommand({ ApiId, NextToken }))));
  const routes = await read(reads.routes, () => everyPage<Route>((NextToken) => apigateway.send(new GetRoutesCommand({ ApiId, NextToken }))));
  const authorizers = kind === 'api' ? await read(reads.authorizers, () => everyPage<Authorizer>((NextToken) => apigateway.send(new GetAuthorizersCommand({ ApiId, NextToken })))) : [];
  return {
    id: ApiId,
    endpoint: found.endpoint,
    stage:
      stage === null
        ? null
        : {
            autoDeploy: stage.AutoDeploy === true,
            accessLog:
              stage.AccessLogSettings?.DestinationArn === undefined ? null : { destinationArn: stage.AccessLogSettings.DestinationArn, format: stage.AccessLogSettings.Format ?? '' },
            variables: stage.StageVariables ?? {},
          },
    authorizers: authorizers.flatMap((authorizer) =>
      authorizer.AuthorizerId === undefined || authorizer.Name === undefined
        ? []
        : [
            {
              id: authorizer.AuthorizerId,
              name: authorizer.Name,
              type: authorizer.AuthorizerType,
              identitySource: authorizer.IdentitySource ?? [],
              jwt: authorizer.JwtConfiguration === undefined ? null : { issuer: authorizer.JwtConfiguration.Issuer, audience: authorizer.JwtConfiguration.Audience ?? [] },
            },
          ],
    ),
    integrations: integrations.flatMap((integration) =>
      integration.IntegrationId === undefined || integration.IntegrationUri === undefined
        ? []
        : [{ id: integration.IntegrationId, uri: integration.IntegrationUri, payloadFormatVersion: integration.PayloadFormatVersion, timeoutInMillis: integration.TimeoutInMillis }],
    ),
    routes: routes.flatMap((route) =>
      route.RouteId === undefined || route.RouteKey === undefined
        ? []
        : [
            {
              id: route.RouteId,
              routeKey: route.RouteKey,
              target: route.Target,
              authorizationType: route.AuthorizationType ?? 'NONE',
              authorizerId: route.AuthorizerId,
              authorizationScopes: route.AuthorizationScopes ?? [],
            },
          ],
    ),
  };
}

async function everyPage<T>(page: (NextToken: string | undefined) => Promise<{ Items?: T[] | undefined; NextToken?: string | undefined }>): Promise<T[]> {
  const items: T[] = [];
  let NextToken: string | undefined;
  do {
    const answer = await page(NextToken);
    items.push(...(answer.Items ?? []));
    NextToken = answer.NextToken;
  } while (NextToken !== undefined);
  return items;
}
