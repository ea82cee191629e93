import { deployApp, type DeployRequest } from './deploy-app';
import { DeployPreconditionError } from './errors';
import type { FakeApiGateway } from './fake-api-gateway';
import { FAKE, fakeAws, fakeDocker, type FakeAccount } from './fake-aws';
import { fakeClock } from './fake-clock';

// The stage's JWT authorizer, each route's authorization and the sites API, deployed against the
// fakes: first deploys, redeploys with changed deploy.json or environment, and refusals.
const sha = '0123456789abcdef0123456789abcdef01234567';
const issuer = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_pool';
const authEnv = { AUTH_ISSUER: issuer, AUTH_AUDIENCE: 'console-client, manager-client', AUTH_SCOPE_PREFIX: 'serverless-microservices/' };
const fastWaits = { maxWaitTime: 1, minDelay: 0.05, maxDelay: 0.05 };
const apiName = 'serverless-microservices-prod';
const sitesName = `${apiName}-sites`;

function deployFileWith(routes: unknown[], environment: Record<string, string> = {}) {
  return {
    function: { handler: 'src/main.ts', timeoutSeconds: 10, memoryMB: 512 },
    routes,
    deploy: { architecture: 'x86_64', roleArn: 'arn:aws:iam::${account}:role/lambda-${app}-${stage}', environment, stages: { prod: {} } },
  };
}

const callbackRoutes = [
  { routeKey: 'POST /api/callback', authorization: 'none' },
  { routeKey: 'GET /api/callbacks', authorization: 'jwt', scopes: ['callbacks:read'] },
];
const managerRoutes = [
  { routeKey: 'GET /api/apps', authorization: 'jwt', scopes: ['apps:read'] },
  { routeKey: 'GET /{proxy+}', api: 'sites', authorization: 'none' },
];

function requestFor(app: string, routes: unknown[], env: Record<string, string> = authEnv, environment: Record<string, string> = {}): DeployRequest {
  return { app, stage: 'prod', deployFile: deployFileWith(routes, environment), workspace: 'serverless-microservices', dryRun: false, git: { sha, dirty: false }, env };
}

function setUp(apiGateway: FakeApiGateway, initial: FakeAccount = { repositoryExists: false, fn: null }) {
  const aws = fakeAws(initial, { apiGateway });
  const output: string[] = [];
  const deps = { aws: { clients: aws.clients, region: FAKE.region }, docker: fakeDocker(aws.journal), print: (line: string) => output.push(line), waitLimits: fastWaits, sleep: fakeClock().sleep };
  return { aws, deps, output };
}

const emptyAccount = (): FakeApiGateway => ({ apis: [], logGroups: [], created: 0 });
const writes = (journal: ReadonlyArray<{ call: string }>) => journal.filter((entry) => entry.call === 'docker' || !/\.(Get|Describe|List)/.test(entry.call));
const apiNamed = (apiGateway: FakeApiGateway, name: string) => apiGateway.apis.find((api) => api.name === name);

describe('deployApp with authorization', () => {
  it("creates the stage's JWT authorizer and each route with its authorization and prefixed scopes on a first deploy", async () => {
    // prepare
    const apiGateway = emptyAccount();
    const { aws, deps } = setUp(apiGateway);

    // act
    await deployApp(requestFor('callback-service', callbackRoutes), deps);

    // assess
    const api = apiNamed(apiGateway, apiName);
    expect(aws.journal.find((entry) => entry.call === 'ApiGatewayV2.CreateAuthorizer')?.input).toEqual({
      ApiId: api?.id,
      AuthorizerType: 'JWT',
      Name: 'jwt',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: issuer, Audience: ['console-client', 'manager-client'] },
    });
    const authorizerId = api?.authorizers[0]?.id;
    expect(api?.authorizers).toHaveLength(1);
    expect(api?.routes.map(({ routeKey, authorizationType, authorizerId: id, authorizationScopes }) => ({ routeKey, authorizationType, id, authorizationScopes }))).toEqual([
      { routeKey: 'POST /api/callback', authorizationType: 'NONE', id: undefined, authorizationScopes: [] },
      { routeKey: 'GET /api/callbacks', authorizationType: 'JWT', id: authorizerId, authorizationScopes: ['serverless-microservices/callbacks:read'] },
    ]);
    expect(aws.journal.find((entry) => entry.call === 'Lambda.CreateFunction')?.input).toMatchObject({ Environment: { Variables: { AUTH_SCOPE_PREFIX: 'serverless-microservices/' } } });
  });

  it("reuses the stage's one authorizer when another app deploys", async () => {
    // prepare
    const apiGateway = emptyAccount();
    await deployApp(requestFor('callback-service', callbackRoutes), setUp(apiGateway).deps);
    const { aws, deps } = setUp(apiGateway);

    // act
    await deployApp(requestFor('integration-service', [{ routeKey: 'POST /api/integration', authorization: 'jwt', scopes: ['events:write'] }]), deps);

    // assess
    const api = apiNamed(apiGateway, apiName);
    expect(aws.journal.filter((entry) => /Authorizers?$/.test(entry.call)).map((entry) => entry.call)).toEqual(['ApiGatewayV2.GetAuthorizers']);
    expect(api?.authorizers).toHaveLength(1);
    expect(api?.routes.find((route) => route.routeKey === 'POST /api/integration')).toMatchObject({ authorizerId: api?.authorizers[0]?.id, authorizationScopes: ['serverless-microservices/events:write'] });
  });

  it('ends with one authorizer, used by both apps, when two apps with jwt routes make the first deploys to a stage at once', async () => {
    // prepare
    const apiGateway = emptyAccount();
    const clock = fakeClock();
    const callback = setUp(apiGateway);
    const integration = setUp(apiGateway);
    callback.deps.sleep = clock.sleep;
    integration.deps.sleep = clock.sleep;

    // act
    await Promise.all([
      deployApp(requestFor('callback-service', callbackRoutes), callback.deps),
      deployApp(requestFor('integration-service', [{ routeKey: 'POST /api/integration', authorization: 'jwt', scopes: ['events:write'] }]), integration.deps),
    ]);

    // assess
    const api = apiNamed(apiGateway, apiName);
    const creates = [...callback.aws.journal, ...integration.aws.journal].filter((entry) => entry.call === 'ApiGatewayV2.CreateAuthorizer');
    expect(creates).toHaveLength(2);
    expect(api?.authorizers).toHaveLength(1);
    expect(new Set(api?.routes.filter((route) => route.authorizationType === 'JWT').map((route) => route.authorizerId))).toEqual(new Set([api?.authorizers[0]?.id]));
  });

  it('updates a route whose scopes changed in deploy.json, and only that route', async () => {
    // prepare
    const apiGateway = emptyAccount();
    await deployApp(requestFor('callback-service', callbackRoutes), setUp(apiGateway).deps);
    const deployed = setUp(apiGateway, { repositoryExists: true, fn: { versions: ['1'], alias: { version: '1', revisionId: 'revision-1' }, url: null, statementIds: [`HttpApiInvoke-${apiGateway.apis[0]?.id ?? ''}`], updateNeverSettles: false } });
    const changed = [callbackRoutes[0], { routeKey: 'GET /api/callbacks', authorization: 'jwt', scopes: ['callbacks:read', 'callbacks:admin'] }];

    // act
    await deployApp(requestFor('callback-service', changed), deployed.deps);

    // assess
    const api = apiNamed(apiGateway, apiName);
    const route = api?.routes.find((candidate) => candidate.routeKey === 'GET /api/callbacks');
    expect(writes(deployed.aws.journal).filter((entry) => entry.call.startsWith('ApiGatewayV2'))).toEqual([
      {
        call: 'ApiGatewayV2.UpdateRoute',
        input: {
          ApiId: api?.id,
          RouteId: route?.id,
          AuthorizationType: 'JWT',
          AuthorizerId: api?.authorizers[0]?.id,
          AuthorizationScopes: ['serverless-microservices/callbacks:read', 'serverless-microservices/callbacks:admin'],
        },
      },
    ]);
    expect(route?.authorizationScopes).toEqual(['serverless-microservices/callbacks:read', 'serverless-microservices/callbacks:admin']);
  });

  it('updates the authorizer when AUTH_AUDIENCE changes', async () => {
    // prepare
    const apiGateway = emptyAccount();
    await deployApp(requestFor('callback-service', callbackRoutes), setUp(apiGateway).deps);
    const { aws, deps } = setUp(apiGateway);

    // act
    await deployApp(requestFor('integration-service', [{ routeKey: 'POST /api/integration', authorization: 'jwt', scopes: ['events:write'] }], { ...authEnv, AUTH_AUDIENCE: 'console-client' }), deps);

    // assess
    const api = apiNamed(apiGateway, apiName);
    expect(aws.journal.filter((entry) => entry.call === 'ApiGatewayV2.UpdateAuthorizer')).toEqual([
      {
        call: 'ApiGatewayV2.UpdateAuthorizer',
        input: {
          ApiId: api?.id,
          AuthorizerId: api?.authorizers[0]?.id,
          AuthorizerType: 'JWT',
          Name: 'jwt',
          IdentitySource: ['$request.header.Authorization'],
          JwtConfiguration: { Issuer: issuer, Audience: ['console-client'] },
        },
      },
    ]);
    expect(api?.authorizers.map((authorizer) => authorizer.jwt?.Audience)).toEqual([['console-client']]);
  });

  it('creates the sites API with its stage variable, and gives live a statement and an integration on each API', async () => {
    // prepare
    const apiGateway = emptyAccount();
    const { aws, deps } = setUp(apiGateway);

    // act
    const outcome = await deployApp(requestFor('react-app-manager', managerRoutes, authEnv, { SITES_URL: '${sitesUrl}', CONSOLE_ORIGIN: '${apiUrl}' }), deps);

    // assess
    const api = apiNamed(apiGateway, apiName);
    const sites = apiNamed(apiGateway, sitesName);
    expect(apiGateway.logGroups).toEqual([`/aws/apigateway/${apiName}`, `/aws/apigateway/${sitesName}`]);
    expect([api?.stage?.StageVariables, sites?.stage?.StageVariables]).toEqual([{ httpApi: 'api' }, { httpApi: 'sites' }]);
    expect(sites?.authorizers).toEqual([]);
    expect(sites?.routes).toEqual([expect.objectContaining({ routeKey: 'GET /{proxy+}', authorizationType: 'NONE', target: `integrations/${sites?.integrations[0]?.id ?? ''}` })]);
    expect(aws.account.fn?.statementIds).toEqual([`HttpApiInvoke-${api?.id ?? ''}`, `HttpApiInvoke-${sites?.id ?? ''}`]);
    expect(aws.journal.filter((entry) => entry.call === 'Lambda.AddPermission').map((entry) => entry.input)).toContainEqual(
      expect.objectContaining({ StatementId: `HttpApiInvoke-${sites?.id ?? ''}`, SourceArn: `arn:aws:execute-api:${FAKE.region}:${FAKE.account}:${sites?.id ?? ''}/*` }),
    );
    const sitesUrl = `https://${sites?.id ?? ''}.execute-api.${FAKE.region}.amazonaws.com`;
    expect(aws.journal.find((entry) => entry.call === 'Lambda.CreateFunction')?.input).toMatchObject({
      Environment: { Variables: { SITES_URL: sitesUrl, CONSOLE_ORIGIN: `https://${api?.id ?? ''}.execute-api.${FAKE.region}.amazonaws.com` } },
    });
    expect(outcome).toMatchObject({ sitesUrl });
  });

  it('creates no sites API for an app without sites routes', async () => {
    // prepare
    const apiGateway = emptyAccount();

    // act
    await deployApp(requestFor('callback-service', callbackRoutes), setUp(apiGateway).deps);

    // assess
    expect(apiGateway.apis.map((api) => api.name)).toEqual([apiName]);
  });

  it('stops before any write when an app with jwt routes is deployed without AUTH_ISSUER, and names what is wrong', async () => {
    // prepare
    const { aws, deps } = setUp(emptyAccount());

    // act
    const failure = deployApp(requestFor('callback-service', callbackRoutes, { AUTH_AUDIENCE: ' , x', AUTH_SCOPE_PREFIX: 'serverless-microservices' }), deps);

    // assess
    await expect(failure).rejects.toThrow(DeployPreconditionError);
    await expect(failure).rejects.toThrow(
      [
        "  - AUTH_ISSUER: not set in the environment (the token issuer of the stage's JWT authorizer, for the jwt routes of callback-service, e.g. https://cognito-idp.<region>.amazonaws.com/<user pool id>)",
        '  - AUTH_AUDIENCE: " , x" is not a comma-separated list of client ids',
        '  - AUTH_SCOPE_PREFIX: "serverless-microservices" must be empty or a resource server identifier followed by "/" (e.g. serverless-microservices/)',
      ].join('\n'),
    );
    expect(writes(aws.journal)).toEqual([]);
  });

  it('refuses an issuer that is not an https URL', async () => {
    // prepare
    const { aws, deps } = setUp(emptyAccount());

    // act
    const failure = deployApp(requestFor('callback-service', callbackRoutes, { ...authEnv, AUTH_ISSUER: 'http://127.0.0.1:3000/local-auth' }), deps);

    // assess
    await expect(failure).rejects.toThrow('AUTH_ISSUER: "http://127.0.0.1:3000/local-auth" is not an https URL without query or fragment');
    expect(writes(aws.journal)).toEqual([]);
  });

  it('deploys an app without jwt routes when no AUTH_ variable is set, with an empty scope prefix', async () => {
    // prepare
    const apiGateway = emptyAccount();
    const { aws, deps } = setUp(apiGateway);

    // act
    await deployApp(requestFor('health-only', [{ routeKey: 'GET /health-only/health', authorization: 'none' }], {}), deps);

    // assess
    expect(apiGateway.apis[0]?.authorizers).toEqual([]);
    expect(aws.journal.find((entry) => entry.call === 'Lambda.CreateFunction')?.input).toMatchObject({ Environment: { Variables: { AUTH_SCOPE_PREFIX: '' } } });
  });

  it('prints, in a dry run without AWS access or AUTH_ variables, the authorizer and each route with its authorization, with placeholders', async () => {
    // prepare
    const output: string[] = [];
    const deps = { aws: { missing: ['AWS credentials: none found'], region: 'eu-west-1' }, docker: fakeDocker([]), print: (line: string) => output.push(line), waitLimits: fastWaits, sleep: fakeClock().sleep };

    // act
    await deployApp({ ...requestFor('react-app-manager', managerRoutes, {}), dryRun: true }, deps);

    // assess
    const printed = output.join('\n');
    expect(printed).toContain('  - AUTH_ISSUER: not set in the environment');
    expect(printed).toContain(
      'ApiGatewayV2 CreateAuthorizer {"ApiId":"<api id>","AuthorizerType":"JWT","Name":"jwt","IdentitySource":["$request.header.Authorization"],"JwtConfiguration":{"Issuer":"<from $AUTH_ISSUER>","Audience":["<from $AUTH_AUDIENCE>"]}}',
    );
    expect(printed).toContain(
      'ApiGatewayV2 CreateRoute {"ApiId":"<api id>","RouteKey":"GET /api/apps","Target":"integrations/<integration id>","AuthorizationType":"JWT","AuthorizerId":"<authorizer id>","AuthorizationScopes":["apps:read"]}',
    );
    expect(printed).toContain('ApiGatewayV2 CreateRoute {"ApiId":"<sites api id>","RouteKey":"GET /{proxy+}","Target":"integrations/<sites integration id>","AuthorizationType":"NONE","AuthorizationScopes":[]}');
    expect(printed).toContain('ApiGatewayV2 GetAuthorizers {"ApiId":"<api id>"}');
    expect(printed).toContain(`Plan if react-app-manager-prod, which exists (live -> version <live version>; the HTTP API ${apiName} is <api id>; the HTTP API ${sitesName} is <sites api id>):`);
  });
});
