import { resolveDeployment, withAccount, type FunctionDeployment } from './deploy-config';
import { ACCESS_LOG_FORMAT, type ExistingHttpApi, type HttpApiState } from './http-api';
import type { PlanStep } from './plan';
import { PUBLIC_URL_STATEMENT_IDS, imageUri, planDeploy, type DeployState, type ExistingFunction } from './plan-deploy';
import type { StageAuth } from './stage-auth';

const sha = 'abc123';
const registry = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const apiStatement = 'HttpApiInvoke-a1b2c3d4e5';

// The stage's API with app-dev's integration and its one route in place.
const existingApi: ExistingHttpApi = {
    id: 'a1b2c3d4e5',
    endpoint: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
    stage: { autoDeploy: true, accessLog: { destinationArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/workspace-dev', format: ACCESS_LOG_FORMAT }, variables: { httpApi: 'api' } },
    authorizers: [],
    integrations: [{ id: 'int1', uri: 'arn:aws:lambda:eu-west-1:123456789012:function:app-dev:live', payloadFormatVersion: '2.0', timeoutInMillis: 10_000 }],
    routes: [{ id: 'rt1', routeKey: 'GET /health', target: 'integrations/int1', authorizationType: 'NONE', authorizerId: undefined, authorizationScopes: [] }],
};
const apiInPlace: HttpApiState = { kind: 'api', name: 'workspace-dev', logGroupExists: true, api: existingApi };
const noSites: HttpApiState = { kind: 'sites', name: 'workspace-dev-sites', logGroupExists: false, api: null };
const auth: StageAuth = { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_pool', audience: ['console'], scopePrefix: 'serverless-microservices/' };

function deploymentWith(deploy: Record<string, unknown>): FunctionDeployment {
  const file = {
    function: { handler: 'src/main.ts', timeoutSeconds: 10, memoryMB: 512 },
    routes: [{ routeKey: 'GET /health', authorization: 'none' }],
    deploy: { architecture: 'x86_64', roleArn: 'arn:aws:iam::${account}:role/app', stages: { dev: {} }, ...deploy },
  };
  return withAccount(resolveDeployment('app', file, 'dev'), '123456789012');
}

const siteRoutes = [
  { routeKey: 'GET /api/apps', authorization: 'jwt', scopes: ['apps:read'] },
  { routeKey: 'GET /{proxy+}', api: 'sites', authorization: 'none' },
];

function deploymentRouted(routes: unknown[], deploy: Record<string, unknown> = {}): FunctionDeployment {
  const file = {
    function: { handler: 'src/main.ts', timeoutSeconds: 10, memoryMB: 512 },
    routes,
    deploy: { architecture: 'x86_64', roleArn: 'arn:aws:iam::${account}:role/app', stages: { dev: {} }, ...deploy },
  };
  return withAccount(resolveDeployment('app', file, 'dev'), '123456789012');
}

function stateWith(existing: Partial<ExistingFunction>): DeployState {
  return {
    account: '123456789012',
    region: 'eu-west-1',
    registry,
    repositoryExists: true,
    existing: { alias: { version: '7', revisionId: 'r7' }, url: null, statementIds: [apiStatement], ...existing },
    httpApis: { api: apiInPlace, sites: noSites },
    schedules: { group: 'serverless-microservices-dev', groupExists: true, role: null, existing: {} },
  };
}

function commands(steps: PlanStep[]): string[] {
  return steps.map((step) => {
    switch (step.kind) {
      case 'aws':
        return step.call.command;
      case 'wait':
        return `wait ${step.waiter}`;
      case 'claim-api':
        return 'claim-api';
      case 'docker':
        return `docker ${step.args[0] ?? ''}`;
    }
  });
}

describe('planDeploy', () => {
  it('moves the alias only after the new version is published and active', () => {
    // prepare
    const deployment = deploymentWith({});

    // act
    const steps = commands(planDeploy(deployment, stateWith({}), { gitSha: sha }, auth));

    // assess
    expect(steps.slice(-3)).toEqual(['PublishVersion', 'wait PublishedVersionActive', 'UpdateAlias']);
  });

  it('makes no Function URL calls when deploy.json asks for none', () => {
    // prepare
    const deployment = deploymentWith({ functionUrl: null });

    // act
    const steps = commands(planDeploy(deployment, { ...stateWith({}), existing: null }, { gitSha: sha }, auth));

    // assess
    expect(steps.filter((command) => command.includes('FunctionUrl'))).toEqual([]);
  });

  it('creates an AWS_IAM Function URL without public-access statements', () => {
    // prepare
    const deployment = deploymentWith({ functionUrl: { authType: 'AWS_IAM' } });

    // act
    const steps = planDeploy(deployment, stateWith({}), { gitSha: sha }, auth).slice(-1);

    // assess
    expect(steps).toEqual([{ kind: 'aws', call: { service: 'Lambda', command: 'CreateFunctionUrlConfig', input: { FunctionName: 'app-dev', Qualifier: 'live', AuthType: 'AWS_IAM' } } }]);
  });

  it("changes a Function URL's auth type when it differs, and adds only the public statements the policy lacks", () => {
    // prepare
    const deployment = deploymentWith({ functionUrl: { authType: 'NONE' } });
    const state = stateWith({ url: { authType: 'AWS_IAM' }, statementIds: [apiStatement, 'FunctionURLAllowPublicAccess', 'unrelated'] });

    // act
    const steps = planDeploy(deployment, state, { gitSha: sha }, auth).slice(-2);

    // assess
    expect(steps).toEqual([
      { kind: 'aws', call: { service: 'Lambda', command: 'UpdateFunctionUrlConfig', input: { FunctionName: 'app-dev', Qualifier: 'live', AuthType: 'NONE' } } },
      {
        kind: 'aws',
        call: {
          service: 'Lambda',
          command: 'AddPermission',
          input: { FunctionName: 'app-dev', Qualifier: 'live', Principal: '*', StatementId: 'FunctionURLInvokeAllowPublicAccess', Action: 'lambda:InvokeFunction', InvokedViaFunctionUrl: true },
        },
      },
    ]);
  });

  it('leaves a public Function URL alone when it and both statements are in place', () => {
    // prepare
    const deployment = deploymentWith({ functionUrl: { authType: 'NONE' } });
    const state = stateWith({ url: { authType: 'NONE' }, statementIds: [apiStatement, ...PUBLIC_URL_STATEMENT_IDS] });

    // act
    const steps = commands(planDeploy(deployment, state, { gitSha: sha }, auth));

    // assess
    expect(steps.at(-1)).toBe('UpdateAlias');
  });

  it('creates the alias on a function that exists without one', () => {
    // prepare
    const deployment = deploymentWith({});

    // act
    const steps = commands(planDeploy(deployment, stateWith({ alias: null }), { gitSha: sha }, auth));

    // assess
    expect(steps.slice(steps.indexOf('UpdateFunctionCode'))).toContain('CreateAlias');
    expect(steps).not.toContain('UpdateAlias');
  });

  it('builds for linux/arm64 and sets that architecture when the function runs on arm64', () => {
    // prepare
    const deployment = deploymentWith({ architecture: 'arm64' });

    // act
    const [build, , , code] = planDeploy(deployment, stateWith({}), { gitSha: sha }, auth);

    // assess
    expect(build).toMatchObject({ kind: 'docker', args: expect.arrayContaining(['--platform', 'linux/arm64']) });
    expect(code).toMatchObject({ kind: 'aws', call: { command: 'UpdateFunctionCode', input: { Architectures: ['arm64'] } } });
  });

  it("builds on another base image when asked, for both of the Dockerfile's stages", () => {
    // prepare
    const deployment = deploymentWith({});

    // act
    const [build] = planDeploy(deployment, stateWith({}), { gitSha: sha, baseImage: 'lambda-base-local:24' }, auth);

    // assess
    expect(build).toMatchObject({ args: expect.arrayContaining(['--build-arg', 'BASE_IMAGE=lambda-base-local:24', '--build-arg', 'BUILD_IMAGE=lambda-base-local:24']) });
  });

  it('tags the image it builds only as the registry image it pushes, never as a shared local name', () => {
    // prepare
    const deployment = deploymentWith({});
    const state = stateWith({});

    // act
    const steps = planDeploy(deployment, state, { gitSha: sha }, auth);

    // assess
    const [build] = steps;
    const docker = steps.flatMap((step) => (step.kind === 'docker' ? [step.args] : []));
    expect(build).toMatchObject({ kind: 'docker', args: expect.arrayContaining(['-t', imageUri(deployment, state, sha)]) });
    expect(docker.flat().filter((arg) => arg === '-t')).toHaveLength(1);
    expect(docker.map((args) => args[0])).toEqual(['build', 'login', 'push']);
  });

  it('asks buildx for a single-platform image, which Lambda requires', () => {
    // prepare
    const deployment = deploymentWith({});

    // act
    const [build] = planDeploy(deployment, stateWith({}), { gitSha: sha }, auth);

    // assess
    expect(build).toMatchObject({ kind: 'docker', env: { BUILDX_NO_DEFAULT_ATTESTATIONS: '1' } });
  });

  it('deletes a Function URL deploy.json no longer asks for, with both of its public statements', () => {
    // prepare
    const deployment = deploymentWith({ functionUrl: null });
    const state = stateWith({ url: { authType: 'NONE' }, statementIds: [apiStatement, ...PUBLIC_URL_STATEMENT_IDS] });

    // act
    const steps = planDeploy(deployment, state, { gitSha: sha }, auth).slice(-3);

    // assess
    expect(steps).toEqual([
      { kind: 'aws', call: { service: 'Lambda', command: 'DeleteFunctionUrlConfig', input: { FunctionName: 'app-dev', Qualifier: 'live' } } },
      { kind: 'aws', call: { service: 'Lambda', command: 'RemovePermission', input: { FunctionName: 'app-dev', Qualifier: 'live', StatementId: 'FunctionURLAllowPublicAccess' } } },
      { kind: 'aws', call: { service: 'Lambda', command: 'RemovePermission', input: { FunctionName: 'app-dev', Qualifier: 'live', StatementId: 'FunctionURLInvokeAllowPublicAccess' } } },
    ]);
  });

  it('removes both public statements when a Function URL goes from NONE to AWS_IAM', () => {
    // prepare
    const deployment = deploymentWith({ functionUrl: { authType: 'AWS_IAM' } });
    const state = stateWith({ url: { authType: 'NONE' }, statementIds: [apiStatement, ...PUBLIC_URL_STATEMENT_IDS] });

    // act
    const steps = planDeploy(deployment, state, { gitSha: sha }, auth).slice(-3);

    // assess
    expect(steps).toEqual([
      { kind: 'aws', call: { service: 'Lambda', command: 'UpdateFunctionUrlConfig', input: { FunctionName: 'app-dev', Qualifier: 'live', AuthType: 'AWS_IAM' } } },
      { kind: 'aws', call: { service: 'Lambda', command: 'RemovePermission', input: { FunctionName: 'app-dev', Qualifier: 'live', StatementId: 'FunctionURLAllowPublicAccess' } } },
      { kind: 'aws', call: { service: 'Lambda', command: 'RemovePermission', input: { FunctionName: 'app-dev', Qualifier: 'live', StatementId: 'FunctionURLInvokeAllowPublicAccess' } } },
    ]);
  });

  it("gives the function the stage's API endpoint where deploy.json says ${apiUrl}", () => {
    // prepare
    const deployment = deploymentWith({ environment: { CALLBACK_SERVICE_URL: '${apiUrl}' } });

    // act
    const steps = planDeploy(deployment, stateWith({}), { gitSha: sha }, auth);

    // assess
    const configuration = steps.find((step) => step.kind === 'aws' && step.call.command === 'UpdateFunctionConfiguration');
    expect(configuration).toMatchObject({ call: { input: { Environment: { Variables: { CALLBACK_SERVICE_URL: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com' } } } } });
  });

  it('makes sure of the API before the function, and of the routes and permission only once live exists', () => {
    // prepare
    const deployment = deploymentWith({ environment: { CALLBACK_SERVICE_URL: '${apiUrl}' } });
    const state: DeployState = { ...stateWith({}), repositoryExists: false, existing: null, httpApis: { api: { ...apiInPlace, logGroupExists: false, api: null }, sites: noSites } };

    // act
    const steps = planDeploy(deployment, state, { gitSha: sha }, auth);

    // assess
    expect(commands(steps)).toEqual([
      'docker build',
      'CreateRepository',
      'docker login',
      'docker push',
      'claim-api',
      'CreateStage',
      'CreateFunction',
      'wait FunctionActiveV2',
      'PublishVersion',
      'wait PublishedVersionActive',
      'CreateAlias',
      'AddPermission',
      'CreateIntegration',
      'CreateRoute',
    ]);
    expect(steps.find((step) => step.kind === 'aws' && step.call.command === 'CreateFunction')).toMatchObject({ call: { input: { Environment: { Variables: { CALLBACK_SERVICE_URL: '<api url>' } } } } });
  });

  it("creates the stage's JWT authorizer before the function, and each jwt route with it and the prefixed scopes", () => {
    // prepare
    const deployment = deploymentRouted(siteRoutes.slice(0, 1));
    const state: DeployState = { ...stateWith({}), existing: null, httpApis: { api: { ...apiInPlace, api: null }, sites: noSites } };

    // act
    const steps = planDeploy(deployment, state, { gitSha: sha }, auth);

    // assess
    const calls = steps.flatMap((step) => (step.kind === 'aws' ? [step] : []));
    expect(commands(steps).indexOf('CreateAuthorizer')).toBeLessThan(commands(steps).indexOf('CreateFunction'));
    expect(calls.find((step) => step.call.command === 'CreateAuthorizer')).toEqual({
      kind: 'aws',
      call: {
        service: 'ApiGatewayV2',
        command: 'CreateAuthorizer',
        input: { ApiId: '<api id>', AuthorizerType: 'JWT', Name: 'jwt', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Issuer: auth.issuer, Audience: ['console'] } },
      },
      idToken: '<authorizer id>',
    });
    expect(calls.find((step) => step.call.command === 'CreateRoute')?.call.input).toEqual({
      ApiId: '<api id>',
      RouteKey: 'GET /api/apps',
      Target: 'integrations/<integration id>',
      AuthorizationType: 'JWT',
      AuthorizerId: '<authorizer id>',
      AuthorizationScopes: ['serverless-microservices/apps:read'],
    });
  });

  it('plans no authorizer for an app without jwt routes', () => {
    // prepare
    const deployment = deploymentWith({});

    // act
    const steps = commands(planDeploy(deployment, { ...stateWith({}), httpApis: { api: { ...apiInPlace, api: null }, sites: noSites } }, { gitSha: sha }, auth));

    // assess
    expect(steps.filter((command) => command.includes('Authorizer'))).toEqual([]);
  });

  it('claims the sites API with its stage variable and gives live its own permission, integration and routes there for an app with a sites route', () => {
    // prepare
    const deployment = deploymentRouted(siteRoutes);
    const state: DeployState = { ...stateWith({}), existing: null, httpApis: { api: apiInPlace, sites: noSites } };

    // act
    const steps = planDeploy(deployment, state, { gitSha: sha }, auth);

    // assess
    const sites = steps.filter((step) => (step.kind === 'claim-api' && step.input.httpApi === 'sites') || (step.kind === 'aws' && JSON.stringify(step.call.input).includes('<sites api id>')));
    expect(sites).toEqual([
      { kind: 'claim-api', input: { httpApi: 'sites', logGroupName: '/aws/apigateway/workspace-dev-sites', api: { Name: 'workspace-dev-sites', ProtocolType: 'HTTP', Tags: { 'deploy:http-api': 'workspace-dev-sites' } } } },
      {
        kind: 'aws',
        call: {
          service: 'ApiGatewayV2',
          command: 'CreateStage',
          input: {
            ApiId: '<sites api id>',
            StageName: '$default',
            AutoDeploy: true,
            AccessLogSettings: { DestinationArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/workspace-dev-sites', Format: ACCESS_LOG_FORMAT },
            StageVariables: { httpApi: 'sites' },
          },
        },
      },
      {
        kind: 'aws',
        call: {
          service: 'Lambda',
          command: 'AddPermission',
          input: {
            FunctionName: 'app-dev',
            Qualifier: 'live',
            StatementId: 'HttpApiInvoke-<sites api id>',
            Action: 'lambda:InvokeFunction',
            Principal: 'apigateway.amazonaws.com',
            SourceArn: 'arn:aws:execute-api:eu-west-1:123456789012:<sites api id>/*',
          },
        },
      },
      {
        kind: 'aws',
        call: {
          service: 'ApiGatewayV2',
          command: 'CreateIntegration',
          input: { ApiId: '<sites api id>', IntegrationType: 'AWS_PROXY', IntegrationUri: 'arn:aws:lambda:eu-west-1:123456789012:function:app-dev:live', PayloadFormatVersion: '2.0', TimeoutInMillis: 10_000 },
        },
        idToken: '<sites integration id>',
      },
      {
        kind: 'aws',
        call: {
          service: 'ApiGatewayV2',
          command: 'CreateRoute',
          input: { ApiId: '<sites api id>', RouteKey: 'GET /{proxy+}', Target: 'integrations/<sites integration id>', AuthorizationType: 'NONE', AuthorizationScopes: [] },
        },
      },
    ]);
  });

  it("gives the function the sites API's endpoint where deploy.json says ${sitesUrl}, and the stage's scope prefix", () => {
    // prepare
    const deployment = deploymentRouted(siteRoutes, { environment: { SITES_URL: '${sitesUrl}', CONSOLE_ORIGIN: '${apiUrl}' } });
    const sites: HttpApiState = { ...noSites, logGroupExists: true, api: { ...existingApi, id: 's1t2e3s4', endpoint: 'https://s1t2e3s4.execute-api.eu-west-1.amazonaws.com', integrations: [], routes: [] } };

    // act
    const steps = planDeploy(deployment, { ...stateWith({}), httpApis: { api: apiInPlace, sites } }, { gitSha: sha }, auth);

    // assess
    const configuration = steps.find((step) => step.kind === 'aws' && step.call.command === 'UpdateFunctionConfiguration');
    expect(configuration).toMatchObject({
      call: {
        input: {
          Environment: {
            Variables: { SITES_URL: 'https://s1t2e3s4.execute-api.eu-west-1.amazonaws.com', CONSOLE_ORIGIN: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com', AUTH_SCOPE_PREFIX: 'serverless-microservices/' },
          },
        },
      },
    });
  });

  it("removes this app's statement and routes on the sites API when deploy.json no longer has a sites route, and keeps the api API's", () => {
    // prepare
    const appArn = 'arn:aws:lambda:eu-west-1:123456789012:function:app-dev:live';
    const sitesApi = { ...existingApi, id: 's1t2e3s4', endpoint: 'https://s1t2e3s4.execute-api.eu-west-1.amazonaws.com' };
    const sites: HttpApiState = {
      ...noSites,
      logGroupExists: true,
      api: {
        ...sitesApi,
        stage: null,
        integrations: [{ id: 'int9', uri: appArn, payloadFormatVersion: '2.0', timeoutInMillis: 10_000 }],
        routes: [{ id: 'rt9', routeKey: 'GET /{proxy+}', target: 'integrations/int9', authorizationType: 'NONE', authorizerId: undefined, authorizationScopes: [] }],
      },
    };

    // act
    const steps = planDeploy(deploymentWith({}), { ...stateWith({ statementIds: [apiStatement, 'HttpApiInvoke-s1t2e3s4'] }), httpApis: { api: apiInPlace, sites } }, { gitSha: sha }, auth);

    // assess
    expect(steps.slice(-2)).toEqual([
      { kind: 'aws', call: { service: 'ApiGatewayV2', command: 'DeleteRoute', input: { ApiId: 's1t2e3s4', RouteId: 'rt9' } } },
      { kind: 'aws', call: { service: 'Lambda', command: 'RemovePermission', input: { FunctionName: 'app-dev', Qualifier: 'live', StatementId: 'HttpApiInvoke-s1t2e3s4' } } },
    ]);
  });
});
