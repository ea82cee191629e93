import {
  GetApisCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStageCommand,
  NotFoundException,
  type Api,
  type ApiGatewayV2Client,
  type Integration,
  type Route,
} from '@aws-sdk/client-apigatewayv2';
import { DescribeLogGroupsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { API_STAGE, API_TAG_KEY, accessLogGroupName, firstCreated, type ExistingHttpApi, type HttpApiState } from './http-api';
import type { AwsRead, ReportedRead } from './plan';

function namedReads(name: string, ApiId: string) {
  return {
    apis: { service: 'ApiGatewayV2', command: 'GetApis', input: {} },
    logGroups: { service: 'CloudWatchLogs', command: 'DescribeLogGroups', input: { logGroupNamePrefix: accessLogGroupName(name) } },
    stage: { service: 'ApiGatewayV2', command: 'GetStage', input: { ApiId, StageName: API_STAGE } },
    integrations: { service: 'ApiGatewayV2', command: 'GetIntegrations', input: { ApiId } },
    routes: { service: 'ApiGatewayV2', command: 'GetRoutes', input: { ApiId } },
  } satisfies Record<string, AwsRead>;
}

/**
 * The reads about the stage's API, in order; those after DescribeLogGroups only when the API exists.
 *
 * @example
 * httpApiReads('serverless-microservices-prod', '<api id>').map((read) => read.command); // ['GetApis', 'DescribeLogGroups', 'GetStage', ...]
 */
export function httpApiReads(name: string, ApiId: string): AwsRead[] {
  return Object.values(namedReads(name, ApiId));
}

/**
 * Every API named `name` that carries this deploy's tag, from every page of GetApis (HTTP APIs
 * have no unique names, so there may be more than one).
 *
 * @example
 * const apis = await listHttpApis(client, 'serverless-microservices-prod');
 */
export async function listHttpApis(client: ApiGatewayV2Client, name: string): Promise<Api[]> {
  const apis = await everyPage<Api>((NextToken) => client.send(new GetApisCommand({ NextToken })));
  return apis.filter((api) => api.Name === name && api.Tags?.[API_TAG_KEY] === name);
}

/**
 * Reads the stage's API (the first created, if several), its `$default` stage, every integration
 * and route (all apps'), and whether its access log group exists. Changes nothing.
 *
 * @example
 * const httpApi = await readHttpApi({ apigateway, logs }, 'serverless-microservices-prod', read);
 */
export async function readHttpApi(clients: { apigateway: ApiGatewayV2Client; logs: CloudWatchLogsClient }, name: string, read: ReportedRead): Promise<HttpApiState> {
  const { apigateway, logs } = clients;
  const found = firstCreated(await read(namedReads(name, '').apis, () => listHttpApis(apigateway, name)));
  const logGroupName = accessLogGroupName(name);
  const groups = await read(namedReads(name, '').logGroups, () => logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName })));
  const logGroupExists = (groups.logGroups ?? []).some((group) => group.logGroupName === logGroupName);
  if (found?.ApiId === undefined) return { name, logGroupExists, api: null };
  if (found.ApiEndpoint === undefined) throw new Error(`ApiGatewayV2 GetApis answered without the endpoint of ${found.ApiId}`);

  const ApiId = found.ApiId;
  const reads = namedReads(name, ApiId);
  const stage = await read(reads.stage, () =>
    apigateway.send(new GetStageCommand({ ApiId, StageName: API_STAGE })).catch((error: unknown) => {
      if (error instanceof NotFoundException) return null;
      throw error;
    }),
  );
  const integrations = await read(reads.integrations, () => everyPage<Integration>((NextToken) => apigateway.send(new GetIntegrationsCommand({ ApiId, NextToken }))));
  const routes = await read(reads.routes, () => everyPage<Route>((NextToken) => apigateway.send(new GetRoutesCommand({ ApiId, NextToken }))));
  const api: ExistingHttpApi = {
    id: ApiId,
    endpoint: found.ApiEndpoint,
    stage:
      stage === null
        ? null
        : {
            autoDeploy: stage.AutoDeploy === true,
            accessLog:
              stage.AccessLogSettings?.DestinationArn === undefined ? null : { destinationArn: stage.AccessLogSettings.DestinationArn, format: stage.AccessLogSettings.Format ?? '' },
          },
    integrations: integrations.flatMap((integration) =>
      integration.IntegrationId === undefined || integration.IntegrationUri === undefined
        ? []
        : [{ id: integration.IntegrationId, uri: integration.IntegrationUri, payloadFormatVersion: integration.PayloadFormatVersion, timeoutInMillis: integration.TimeoutInMillis }],
    ),
    routes: routes.flatMap((route) => (route.RouteId === undefined || route.RouteKey === undefined ? [] : [{ id: route.RouteId, routeKey: route.RouteKey, target: route.Target }])),
  };
  return { name, logGroupExists, api };
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
