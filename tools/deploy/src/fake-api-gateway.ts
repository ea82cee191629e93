import {
  BadRequestException,
  ConflictException,
  CreateApiCommand,
  CreateAuthorizerCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  DeleteApiCommand,
  DeleteRouteCommand,
  GetApisCommand,
  GetAuthorizersCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStageCommand,
  NotFoundException,
  UpdateAuthorizerCommand,
  UpdateIntegrationCommand,
  UpdateRouteCommand,
  UpdateStageCommand,
  type AccessLogSettings,
  type ApiGatewayV2Client,
  type CreateAuthorizerCommandInput,
  type CreateRouteCommandInput,
  type UpdateAuthorizerCommandInput,
  type UpdateRouteCommandInput,
} from '@aws-sdk/client-apigatewayv2';
import { CreateLogGroupCommand, DescribeLogGroupsCommand, ResourceAlreadyExistsException, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsClientStub } from 'aws-sdk-client-mock';

/** One HTTP API as the fake holds it. */
export interface FakeHttpApi {
  id: string;
  name: string;
  tags: Record<string, string>;
  createdDate: Date;
  stage: { AutoDeploy: boolean; AccessLogSettings: AccessLogSettings | undefined; StageVariables?: Record<string, string> } | null;
  authorizers: FakeAuthorizer[];
  integrations: Array<{ id: string; uri: string; payloadFormatVersion: string; timeoutInMillis: number }>;
  routes: FakeRoute[];
}

/** One authorizer as the fake holds it. */
export interface FakeAuthorizer {
  id: string;
  name: string;
  type: string;
  identitySource: string[];
  jwt: { Issuer?: string; Audience?: string[] } | undefined;
}

/** One route as the fake holds it; without an authorization type it is `NONE`, as CreateRoute makes it. */
export interface FakeRoute {
  id: string;
  routeKey: string;
  target: string | undefined;
  authorizationType?: string;
  authorizerId?: string;
  authorizationScopes?: string[];
}

/** The account's HTTP APIs and log groups; two fakes share it to model two deploys to one stage. */
export interface FakeApiGateway {
  apis: FakeHttpApi[];
  logGroups: string[];
  /** How many resources were created, for ids and creation times that only grow. */
  created: number;
  /**
   * When set, CreateApi dates an API from this clock, cut to the second as API Gateway does, so two
   * APIs created within one second share their CreatedDate.
   */
  now?: () => number;
  /** When set, CreateApi hands out these ids in order: real ids are random, so a later API may sort first. */
  apiIds?: string[];
  /** Awaited before CreateApi takes effect: a slow request, to script how two deploys interleave. */
  beforeCreateApi?: () => Promise<void>;
}

const EPOCH = Date.parse('2026-01-01T00:00:00Z');

/**
 * Answers API Gateway v2 and CloudWatch Logs calls from `state` the way the services do where the
 * deploy depends on it: GetApis lists every API (names are not unique), a route key exists once
 * per API (ConflictException), a stage once per API, an authorizer name once per API, a log group
 * once (ResourceAlreadyExistsException); a JWT authorizer needs its JwtConfiguration, a JWT route an
 * authorizer of its API, and only a JWT route takes scopes (BadRequestException).
 *
 * @example
 * fakeApiGateway(state, { apigateway: mockClient(clients.apigateway), logs: mockClient(clients.logs) }, 'eu-west-1', log);
 */
export function fakeApiGateway(
  state: FakeApiGateway,
  mocks: { apigateway: AwsClientStub<ApiGatewayV2Client>; logs: AwsClientStub<CloudWatchLogsClient> },
  region: string,
  log: (call: string, input: unknown) => void,
): void {
  const next = (prefix: string): string => {
    state.created += 1;
    return `${prefix}${String(state.created).padStart(6, '0')}`;
  };
  const apiOf = (ApiId: string | undefined): FakeHttpApi => {
    const api = state.apis.find((candidate) => candidate.id === ApiId);
    if (api === undefined) throw new NotFoundException({ message: `Invalid API identifier specified ${ApiId ?? ''}`, $metadata: {} });
    return api;
  };
  const endpoint = (id: string): string => `https://${id}.execute-api.${region}.amazonaws.com`;
  const { apigateway, logs } = mocks;

  apigateway.on(GetApisCommand).callsFake(async (input) => {
    log('ApiGatewayV2.GetApis', input);
    return {
      Items: state.apis.map((api) => ({ ApiId: api.id, Name: api.name, Tags: api.tags, CreatedDate: api.createdDate, ApiEndpoint: endpoint(api.id), ProtocolType: 'HTTP', RouteSelectionExpression: '' })),
    };
  });
  apigateway.on(CreateApiCommand).callsFake(async (input: { Name: string; Tags?: Record<string, string> }) => {
    log('ApiGatewayV2.CreateApi', input);
    await state.beforeCreateApi?.();
    const id = state.apiIds?.shift() ?? next('api');
    const createdDate = state.now === undefined ? new Date(EPOCH + state.created * 1000) : new Date(Math.floor(state.now() / 1000) * 1000);
    state.apis.push({ id, name: input.Name, tags: input.Tags ?? {}, createdDate, stage: null, authorizers: [], integrations: [], routes: [] });
    return { ApiId: id, Name: input.Name, ApiEndpoint: endpoint(id) };
  });
  apigateway.on(DeleteApiCommand).callsFake(async (input: { ApiId: string }) => {
    log('ApiGatewayV2.DeleteApi', input);
    apiOf(input.ApiId);
    state.apis = state.apis.filter((api) => api.id !== input.ApiId);
    return {};
  });
  apigateway.on(GetStageCommand).callsFake(async (input: { ApiId: string }) => {
    log('ApiGatewayV2.GetStage', input);
    const stage = apiOf(input.ApiId).stage;
    if (stage === null) throw new NotFoundException({ message: 'Invalid stage identifier specified', $metadata: {} });
    return { StageName: '$default', ...stage, StageVariables: stage.StageVariables ?? {} };
  });
  type StageInput = { ApiId: string; AutoDeploy?: boolean; AccessLogSettings?: AccessLogSettings; StageVariables?: Record<string, string> };
  apigateway.on(CreateStageCommand).callsFake(async (input: StageInput) => {
    log('ApiGatewayV2.CreateStage', input);
    const api = apiOf(input.ApiId);
    if (api.stage !== null) throw new ConflictException({ message: 'Stage already exists', $metadata: {} });
    api.stage = { AutoDeploy: input.AutoDeploy === true, AccessLogSettings: input.AccessLogSettings, StageVariables: input.StageVariables ?? {} };
    return {};
  });
  // UpdateStage changes only what it is given; the stage variables it names are set, the others kept.
  apigateway.on(UpdateStageCommand).callsFake(async (input: StageInput) => {
    log('ApiGatewayV2.UpdateStage', input);
    const api = apiOf(input.ApiId);
    if (api.stage === null) throw new NotFoundException({ message: 'Invalid stage identifier specified', $metadata: {} });
    api.stage = {
      AutoDeploy: input.AutoDeploy ?? api.stage.AutoDeploy,
      AccessLogSettings: input.AccessLogSettings ?? api.stage.AccessLogSettings,
      StageVariables: { ...api.stage.StageVariables, ...input.StageVariables },
    };
    return {};
  });
  apigateway.on(GetAuthorizersCommand).callsFake(async (input: { ApiId: string }) => {
    log('ApiGatewayV2.GetAuthorizers', input);
    return {
      Items: apiOf(input.ApiId).authorizers.map((authorizer) => ({
        AuthorizerId: authorizer.id,
        Name: authorizer.name,
        AuthorizerType: authorizer.type,
        IdentitySource: authorizer.identitySource,
        JwtConfiguration: authorizer.jwt,
      })),
    };
  });
  const checkJwt = (authorizer: FakeAuthorizer): void => {
    if (authorizer.type === 'JWT' && (authorizer.jwt?.Issuer === undefined || (authorizer.jwt.Audience ?? []).length === 0)) {
      throw new BadRequestException({ message: 'JwtConfiguration with Issuer and Audience is required for a JWT authorizer', $metadata: {} });
    }
  };
  apigateway.on(CreateAuthorizerCommand).callsFake(async (input: CreateAuthorizerCommandInput) => {
    log('ApiGatewayV2.CreateAuthorizer', input);
    const api = apiOf(input.ApiId);
    if (api.authorizers.some((authorizer) => authorizer.name === input.Name)) throw new ConflictException({ message: `Authorizer name must be unique. Authorizer ${input.Name ?? ''} already exists in this Api.`, $metadata: {} });
    const authorizer: FakeAuthorizer = { id: next('au'), name: input.Name ?? '', type: input.AuthorizerType ?? '', identitySource: input.IdentitySource ?? [], jwt: input.JwtConfiguration };
    checkJwt(authorizer);
    api.authorizers.push(authorizer);
    return { AuthorizerId: authorizer.id };
  });
  apigateway.on(UpdateAuthorizerCommand).callsFake(async (input: UpdateAuthorizerCommandInput) => {
    log('ApiGatewayV2.UpdateAuthorizer', input);
    const api = apiOf(input.ApiId);
    const existing = api.authorizers.find((authorizer) => authorizer.id === input.AuthorizerId);
    if (existing === undefined) throw new NotFoundException({ message: 'Invalid authorizer identifier specified', $metadata: {} });
    const updated: FakeAuthorizer = {
      id: existing.id,
      name: input.Name ?? existing.name,
      type: input.AuthorizerType ?? existing.type,
      identitySource: input.IdentitySource ?? existing.identitySource,
      jwt: input.JwtConfiguration ?? existing.jwt,
    };
    checkJwt(updated);
    Object.assign(existing, updated);
    return {};
  });
  apigateway.on(GetIntegrationsCommand).callsFake(async (input: { ApiId: string }) => {
    log('ApiGatewayV2.GetIntegrations', input);
    return {
      Items: apiOf(input.ApiId).integrations.map((integration) => ({
        IntegrationId: integration.id,
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: integration.uri,
        PayloadFormatVersion: integration.payloadFormatVersion,
        TimeoutInMillis: integration.timeoutInMillis,
      })),
    };
  });
  apigateway.on(CreateIntegrationCommand).callsFake(async (input: { ApiId: string; IntegrationUri: string; PayloadFormatVersion: string; TimeoutInMillis: number }) => {
    log('ApiGatewayV2.CreateIntegration', input);
    const id = next('int');
    apiOf(input.ApiId).integrations.push({ id, uri: input.IntegrationUri, payloadFormatVersion: input.PayloadFormatVersion, timeoutInMillis: input.TimeoutInMillis });
    return { IntegrationId: id };
  });
  apigateway.on(UpdateIntegrationCommand).callsFake(async (input: { ApiId: string; IntegrationId: string; PayloadFormatVersion: string; TimeoutInMillis: number }) => {
    log('ApiGatewayV2.UpdateIntegration', input);
    const integration = apiOf(input.ApiId).integrations.find((candidate) => candidate.id === input.IntegrationId);
    if (integration === undefined) throw new NotFoundException({ message: 'Invalid integration identifier specified', $metadata: {} });
    Object.assign(integration, { payloadFormatVersion: input.PayloadFormatVersion, timeoutInMillis: input.TimeoutInMillis });
    return {};
  });
  apigateway.on(GetRoutesCommand).callsFake(async (input: { ApiId: string }) => {
    log('ApiGatewayV2.GetRoutes', input);
    return {
      Items: apiOf(input.ApiId).routes.map((route) => ({
        RouteId: route.id,
        RouteKey: route.routeKey,
        Target: route.target,
        AuthorizationType: route.authorizationType ?? 'NONE',
        ...(route.authorizerId === undefined ? {} : { AuthorizerId: route.authorizerId }),
        AuthorizationScopes: route.authorizationScopes ?? [],
      })),
    };
  });
  const checkAuthorization = (api: FakeHttpApi, route: FakeRoute): void => {
    const type = route.authorizationType ?? 'NONE';
    if (type === 'JWT' && !api.authorizers.some((authorizer) => authorizer.id === route.authorizerId && authorizer.type === 'JWT')) {
      throw new BadRequestException({ message: `Invalid authorizer identifier specified ${route.authorizerId ?? ''}`, $metadata: {} });
    }
    if (type !== 'JWT' && (route.authorizationScopes ?? []).length > 0) throw new BadRequestException({ message: 'AuthorizationScopes are supported only for JWT authorization', $metadata: {} });
  };
  apigateway.on(CreateRouteCommand).callsFake(async (input: CreateRouteCommandInput) => {
    log('ApiGatewayV2.CreateRoute', input);
    const api = apiOf(input.ApiId);
    if (api.routes.some((route) => route.routeKey === input.RouteKey)) throw new ConflictException({ message: `Route with key ${input.RouteKey ?? ''} already exists for this API`, $metadata: {} });
    const route: FakeRoute = {
      id: next('rt'),
      routeKey: input.RouteKey ?? '',
      target: input.Target,
      authorizationType: input.AuthorizationType ?? 'NONE',
      ...(input.AuthorizerId === undefined ? {} : { authorizerId: input.AuthorizerId }),
      authorizationScopes: input.AuthorizationScopes ?? [],
    };
    checkAuthorization(api, route);
    api.routes.push(route);
    return { RouteId: route.id };
  });
  // UpdateRoute changes only what it is given; a route made NONE no longer refers to an authorizer.
  apigateway.on(UpdateRouteCommand).callsFake(async (input: UpdateRouteCommandInput) => {
    log('ApiGatewayV2.UpdateRoute', input);
    const api = apiOf(input.ApiId);
    const existing = api.routes.find((route) => route.id === input.RouteId);
    if (existing === undefined) throw new NotFoundException({ message: 'Invalid route identifier specified', $metadata: {} });
    const authorizationType = input.AuthorizationType ?? existing.authorizationType ?? 'NONE';
    const authorizerId = authorizationType === 'NONE' ? undefined : (input.AuthorizerId ?? existing.authorizerId);
    const updated: FakeRoute = {
      id: existing.id,
      routeKey: input.RouteKey ?? existing.routeKey,
      target: input.Target ?? existing.target,
      authorizationType,
      ...(authorizerId === undefined ? {} : { authorizerId }),
      authorizationScopes: input.AuthorizationScopes ?? existing.authorizationScopes ?? [],
    };
    checkAuthorization(api, updated);
    api.routes[api.routes.indexOf(existing)] = updated;
    return {};
  });
  apigateway.on(DeleteRouteCommand).callsFake(async (input: { ApiId: string; RouteId: string }) => {
    log('ApiGatewayV2.DeleteRoute', input);
    const api = apiOf(input.ApiId);
    if (!api.routes.some((route) => route.id === input.RouteId)) throw new NotFoundException({ message: 'Invalid route identifier specified', $metadata: {} });
    api.routes = api.routes.filter((route) => route.id !== input.RouteId);
    return {};
  });

  logs.on(DescribeLogGroupsCommand).callsFake(async (input: { logGroupNamePrefix?: string }) => {
    log('CloudWatchLogs.DescribeLogGroups', input);
    return { logGroups: state.logGroups.filter((name) => name.startsWith(input.logGroupNamePrefix ?? '')).map((logGroupName) => ({ logGroupName })) };
  });
  logs.on(CreateLogGroupCommand).callsFake(async (input: { logGroupName: string }) => {
    log('CloudWatchLogs.CreateLogGroup', input);
    if (state.logGroups.includes(input.logGroupName)) throw new ResourceAlreadyExistsException({ message: 'The specified log group already exists', $metadata: {} });
    state.logGroups.push(input.logGroupName);
    return {};
  });
}
