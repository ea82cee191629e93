import type { AppRoute } from '@sm/app-deploy';
import { resolveDeployment, withAccount, type FunctionDeployment } from './deploy-config';
import {
  ACCESS_LOG_FORMAT,
  firstCreated,
  httpApiName,
  httpApiNames,
  integrationTimeoutMillis,
  planAppRoutes,
  planHttpApi,
  planStaleStatements,
  routeConflicts,
  type ExistingRoute,
  type HttpApiState,
} from './http-api';
import { routeAuthorization } from './jwt-authorizer';

const target = { region: 'eu-west-1', account: '123456789012' };
const ApiId = 'a1b2c3d4e5';
const callbackArn = 'arn:aws:lambda:eu-west-1:123456789012:function:callback-service-prod:live';
const integrationArn = 'arn:aws:lambda:eu-west-1:123456789012:function:integration-service-prod:live';

// Route keys as public routes on the stage's `api` API, or deploy.json routes as written.
function deploymentOf(routes: Array<string | Record<string, unknown>>, timeoutSeconds = 10): FunctionDeployment {
  const file = { function: { handler: 'src/main.ts', timeoutSeconds, memoryMB: 512 }, routes: routes.map((route) => (typeof route === 'string' ? { routeKey: route, authorization: 'none' } : route)), deploy: { architecture: 'x86_64', roleArn: 'arn:aws:iam::${account}:role/r', stages: { prod: {} } } };
  return withAccount(resolveDeployment('callback-service', file, 'prod'), target.account);
}

// The stage's API holding callback-service's integration (int1) and integration-service's (int2).
const bothIntegrations = [
  { id: 'int1', uri: callbackArn, payloadFormatVersion: '2.0', timeoutInMillis: 10_000 },
  { id: 'int2', uri: integrationArn, payloadFormatVersion: '2.0', timeoutInMillis: 15_000 },
];

// A public route as GetRoutes answers it.
function publicRoute(id: string, routeKey: string, target: string): ExistingRoute {
  return { id, routeKey, target, authorizationType: 'NONE', authorizerId: undefined, authorizationScopes: [] };
}

function apiWith(routes: ExistingRoute[], integrations = bothIntegrations): HttpApiState {
  return {
    kind: 'api',
    name: 'serverless-microservices-prod',
    logGroupExists: true,
    api: {
      id: ApiId,
      endpoint: `https://${ApiId}.execute-api.eu-west-1.amazonaws.com`,
      stage: {
        autoDeploy: true,
        accessLog: { destinationArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/serverless-microservices-prod', format: ACCESS_LOG_FORMAT },
        variables: { httpApi: 'api' },
      },
      authorizers: [{ id: 'au1', name: 'jwt', type: 'JWT', identitySource: ['$request.header.Authorization'], jwt: { issuer: 'https://issuer.example', audience: ['console'] } }],
      integrations,
      routes,
    },
  };
}

const withPrefix = (route: AppRoute) => routeAuthorization(route, 'au1', 'serverless-microservices/');
const NONE = { AuthorizationType: 'NONE', AuthorizationScopes: [] };

describe('httpApiName', () => {
  it('names the API after the workspace and the stage, without the characters of an npm scope', () => {
    // act
    const name = httpApiName('@acme/serverless-microservices', 'prod');

    // assess
    expect(name).toBe('acme-serverless-microservices-prod');
  });
});

describe('httpApiNames', () => {
  it("names the stage's sites API after its API, so one log group prefix finds both", () => {
    // act
    const names = httpApiNames('serverless-microservices', 'prod');

    // assess
    expect(names).toEqual({ api: 'serverless-microservices-prod', sites: 'serverless-microservices-prod-sites' });
  });
});

describe('integrationTimeoutMillis', () => {
  it("is the function's timeout, capped at API Gateway's 30 seconds", () => {
    // act
    const timeouts = [integrationTimeoutMillis(10), integrationTimeoutMillis(45)];

    // assess
    expect(timeouts).toEqual([10_000, 30_000]);
  });
});

describe('firstCreated', () => {
  it('keeps the API created first, and the lowest id among those created at the same moment', () => {
    // prepare
    const moment = new Date('2026-12-02T10:00:00Z');
    const apis = [
      { ApiId: 'zzz', CreatedDate: moment },
      { ApiId: 'later', CreatedDate: new Date('2026-12-02T10:00:01Z') },
      { ApiId: 'aaa', CreatedDate: moment },
    ];

    // act
    const first = firstCreated(apis);

    // assess
    expect(first?.ApiId).toBe('aaa');
  });

  it('compares ids by code unit, so every machine breaks a tie the same way whatever its locale', () => {
    // prepare: a locale's collation puts 'a' before 'B'; code units put 'B' (66) before 'a' (97)
    const moment = new Date('2026-12-02T10:00:00Z');

    // act
    const first = firstCreated([{ ApiId: 'a1', CreatedDate: moment }, { ApiId: 'B1', CreatedDate: moment }]);

    // assess
    expect(first?.ApiId).toBe('B1');
  });
});

describe('planHttpApi', () => {
  it('creates the log group alone when the API exists without it', () => {
    // act
    const steps = planHttpApi({ ...apiWith([]), logGroupExists: false }, target);

    // assess
    expect(steps).toEqual([{ kind: 'aws', call: { service: 'CloudWatchLogs', command: 'CreateLogGroup', input: { logGroupName: '/aws/apigateway/serverless-microservices-prod' } } }]);
  });

  it('claims the API through its log group, with its tag, and creates the auto-deployed $default stage with access logs', () => {
    // act
    const steps = planHttpApi({ kind: 'api', name: 'serverless-microservices-prod', logGroupExists: false, api: null }, target);

    // assess
    const Tags = { 'deploy:http-api': 'serverless-microservices-prod' };
    expect(steps).toEqual([
      { kind: 'claim-api', input: { httpApi: 'api', logGroupName: '/aws/apigateway/serverless-microservices-prod', api: { Name: 'serverless-microservices-prod', ProtocolType: 'HTTP', Tags } } },
      {
        kind: 'aws',
        call: {
          service: 'ApiGatewayV2',
          command: 'CreateStage',
          input: {
            ApiId: '<api id>',
            StageName: '$default',
            AutoDeploy: true,
            AccessLogSettings: { DestinationArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/serverless-microservices-prod', Format: ACCESS_LOG_FORMAT },
            StageVariables: { httpApi: 'api' },
          },
        },
      },
    ]);
  });

  it("logs the request id and the Lambda request id, which joins the function's lines carrying the correlation id", () => {
    // act
    const format: unknown = JSON.parse(ACCESS_LOG_FORMAT);

    // assess
    expect(format).toMatchObject({ requestId: '$context.requestId', lambdaRequestId: '$context.integration.requestId' });
  });

  it('changes nothing when the API, its stage and log group are as they should be', () => {
    // act
    const steps = planHttpApi(apiWith([]), target);

    // assess
    expect(steps).toEqual([]);
  });
});

describe('planAppRoutes', () => {
  it("adds the API's permission on live, one AWS_PROXY integration and a route per key on a first deploy of the app", () => {
    // prepare
    const deployment = deploymentOf(['ANY /api/callback', 'GET /api/callbacks'], 45);
    const httpApi = apiWith([], []);

    // act
    const steps = planAppRoutes(deployment, httpApi, target, [], withPrefix);

    // assess
    expect(steps).toEqual([
      {
        kind: 'aws',
        call: {
          service: 'Lambda',
          command: 'AddPermission',
          input: {
            FunctionName: 'callback-service-prod',
            Qualifier: 'live',
            StatementId: `HttpApiInvoke-${ApiId}`,
            Action: 'lambda:InvokeFunction',
            Principal: 'apigateway.amazonaws.com',
            SourceArn: `arn:aws:execute-api:eu-west-1:123456789012:${ApiId}/*`,
          },
        },
      },
      {
        kind: 'aws',
        call: { service: 'ApiGatewayV2', command: 'CreateIntegration', input: { ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: callbackArn, PayloadFormatVersion: '2.0', TimeoutInMillis: 30_000 } },
        idToken: '<integration id>',
      },
      { kind: 'aws', call: { service: 'ApiGatewayV2', command: 'CreateRoute', input: { ApiId, RouteKey: 'ANY /api/callback', Target: 'integrations/<integration id>', ...NONE } } },
      { kind: 'aws', call: { service: 'ApiGatewayV2', command: 'CreateRoute', input: { ApiId, RouteKey: 'GET /api/callbacks', Target: 'integrations/<integration id>', ...NONE } } },
    ]);
  });

  it('adds a route new in deploy.json and deletes one no longer there, leaving the permission already present', () => {
    // prepare
    const deployment = deploymentOf(['ANY /api/callback', 'ANY /api/callbacks/{proxy+}']);
    const httpApi = apiWith([
      publicRoute('rt1', 'ANY /api/callback', 'integrations/int1'),
      publicRoute('rt2', 'ANY /api/old', 'integrations/int1'),
    ]);

    // act
    const steps = planAppRoutes(deployment, httpApi, target, [`HttpApiInvoke-${ApiId}`], withPrefix);

    // assess
    expect(steps).toEqual([
      { kind: 'aws', call: { service: 'ApiGatewayV2', command: 'CreateRoute', input: { ApiId, RouteKey: 'ANY /api/callbacks/{proxy+}', Target: 'integrations/int1', ...NONE } } },
      { kind: 'aws', call: { service: 'ApiGatewayV2', command: 'DeleteRoute', input: { ApiId, RouteId: 'rt2' } } },
    ]);
  });

  it("never deletes or changes another app's route", () => {
    // prepare
    const deployment = deploymentOf(['ANY /api/callback']);
    const httpApi = apiWith([
      publicRoute('rt1', 'ANY /api/callback', 'integrations/int1'),
      publicRoute('rt9', 'ANY /api/integration', 'integrations/int2'),
    ]);

    // act
    const steps = planAppRoutes(deployment, httpApi, target, [`HttpApiInvoke-${ApiId}`], withPrefix);

    // assess
    expect(steps).toEqual([]);
  });

  it("updates the integration when the function's timeout changed", () => {
    // prepare
    const deployment = deploymentOf(['ANY /api/callback'], 20);
    const httpApi = apiWith([publicRoute('rt1', 'ANY /api/callback', 'integrations/int1')]);

    // act
    const steps = planAppRoutes(deployment, httpApi, target, [`HttpApiInvoke-${ApiId}`], withPrefix);

    // assess
    expect(steps).toEqual([
      {
        kind: 'aws',
        call: { service: 'ApiGatewayV2', command: 'UpdateIntegration', input: { ApiId, IntegrationId: 'int1', IntegrationType: 'AWS_PROXY', IntegrationUri: callbackArn, PayloadFormatVersion: '2.0', TimeoutInMillis: 20_000 } },
      },
    ]);
  });

  it('adds the permission of the current API when live only has the statement of an API that is gone', () => {
    // prepare
    const deployment = deploymentOf(['ANY /api/callback']);
    const httpApi = apiWith([publicRoute('rt1', 'ANY /api/callback', 'integrations/int1')]);

    // act
    const steps = planAppRoutes(deployment, httpApi, target, ['HttpApiInvoke-oldapi0001'], withPrefix);

    // assess
    expect(steps.map((step) => (step.kind === 'aws' ? [step.call.command, step.call.input] : step.kind))).toEqual([
      ['AddPermission', expect.objectContaining({ StatementId: `HttpApiInvoke-${ApiId}` })],
    ]);
  });
});

describe('planStaleStatements', () => {
  it('removes the statement of an API that is gone and keeps both the api and the sites API statements', () => {
    // prepare
    const deployment = deploymentOf(['ANY /api/callback']);
    const wanted = [`HttpApiInvoke-${ApiId}`, 'HttpApiInvoke-sites00001'];

    // act
    const steps = planStaleStatements(deployment, wanted, [...wanted, 'HttpApiInvoke-oldapi0001', 'FunctionURLAllowPublicAccess']);

    // assess
    expect(steps).toEqual([
      { kind: 'aws', call: { service: 'Lambda', command: 'RemovePermission', input: { FunctionName: 'callback-service-prod', Qualifier: 'live', StatementId: 'HttpApiInvoke-oldapi0001' } } },
    ]);
  });
});

describe('routeConflicts', () => {
  it('names both apps for a route key another app already has', () => {
    // prepare
    const deployment = deploymentOf(['ANY /api/callback', 'GET /health']);
    const httpApi = apiWith([publicRoute('rt5', 'GET /health', 'integrations/int2')]);

    // act
    const conflicts = routeConflicts(deployment, httpApi, target);

    // assess
    expect(conflicts).toEqual([
      `route GET /health: already reaches integration-service on the HTTP API serverless-microservices-prod (${ApiId}); callback-service asks for it too, and one route key reaches one app (remove it from one of the two deploy.json files)`,
    ]);
  });

  it("finds none for the app's own routes", () => {
    // prepare
    const deployment = deploymentOf(['GET /health']);
    const httpApi = apiWith([publicRoute('rt5', 'GET /health', 'integrations/int1')]);

    // act
    const conflicts = routeConflicts(deployment, httpApi, target);

    // assess
    expect(conflicts).toEqual([]);
  });
});
