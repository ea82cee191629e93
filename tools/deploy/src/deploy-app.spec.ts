import { CreateLogGroupCommand, OperationAbortedException } from '@aws-sdk/client-cloudwatch-logs';
import { UpdateAliasCommand, CreateAliasCommand, PublishVersionCommand } from '@aws-sdk/client-lambda';
import { deployApp, type DeployRequest } from './deploy-app';
import { DeployConfigError, DeployPreconditionError, DeployStepError } from './errors';
import type { FakeApiGateway } from './fake-api-gateway';
import { FAKE, fakeAws, fakeDocker, type FakeAccount } from './fake-aws';
import { fakeClock, type FakeClock } from './fake-clock';
import { ACCESS_LOG_FORMAT } from './http-api';

const sha = '0123456789abcdef0123456789abcdef01234567';
const image = `${FAKE.registry}/callback-service:${sha}`;
const FunctionName = 'callback-service-prod';
const secret = 'whsec_c2VjcmV0LXZhbHVlLWZvci10ZXN0cw==';

const deployFile = {
  function: { handler: 'src/main.ts', timeoutSeconds: 10, memoryMB: 512 },
  routes: [{ routeKey: 'GET /health', authorization: 'none' }],
  resources: { tables: ['CALLBACKS_TABLE'], buckets: [] },
  deploy: {
    architecture: 'x86_64',
    roleArn: 'arn:aws:iam::${account}:role/lambda-${app}-${stage}',
    functionUrl: { authType: 'NONE' },
    environment: { CALLBACKS_TABLE: 'callbacks-${stage}' },
    fromEnvironment: ['WEBHOOK_SECRET'],
    stages: { prod: { memoryMB: 1024 } },
  },
};

const request: DeployRequest = {
  app: 'callback-service',
  stage: 'prod',
  deployFile,
  workspace: 'serverless-microservices',
  dryRun: false,
  git: { sha, dirty: false },
  env: { WEBHOOK_SECRET: secret },
};

const variables = { CALLBACKS_TABLE: 'callbacks-prod', WEBHOOK_SECRET: secret, APP_VERSION: sha, AUTH_SCOPE_PREFIX: '' };
const configuration = { Role: `arn:aws:iam::${FAKE.account}:role/lambda-callback-service-prod`, MemorySize: 1024, Timeout: 10, Environment: { Variables: variables } };
const fastWaits = { maxWaitTime: 1, minDelay: 0.05, maxDelay: 0.05 };

const apiName = 'serverless-microservices-prod';
const logGroupName = `/aws/apigateway/${apiName}`;
const aliasArn = `arn:aws:lambda:${FAKE.region}:${FAKE.account}:function:${FunctionName}:live`;
const AccessLogSettings = { DestinationArn: `arn:aws:logs:${FAKE.region}:${FAKE.account}:log-group:${logGroupName}`, Format: ACCESS_LOG_FORMAT };
const StageVariables = { httpApi: 'api' };
const NONE = { AuthorizationType: 'NONE', AuthorizationScopes: [] };
const Tags = { 'deploy:http-api': apiName };

// The stage's API after callback-service's first deploy: api000001 with its integration and route.
function stageApi(routes = [{ id: 'rt000003', routeKey: 'GET /health', target: 'integrations/int000002' }]): FakeApiGateway {
  return {
    apis: [
      {
        id: 'api000001',
        name: apiName,
        tags: Tags,
        createdDate: new Date('2026-01-01T00:00:01Z'),
        stage: { AutoDeploy: true, AccessLogSettings, StageVariables },
        authorizers: [],
        integrations: [{ id: 'int000002', uri: aliasArn, payloadFormatVersion: '2.0', timeoutInMillis: 10_000 }],
        routes,
      },
    ],
    logGroups: [logGroupName],
    created: 100,
  };
}

const integrationRequest: DeployRequest = {
  ...request,
  app: 'integration-service',
  deployFile: { ...deployFile, routes: [{ routeKey: 'ANY /api/integration', authorization: 'none' }], resources: { tables: [], buckets: [] }, deploy: { ...deployFile.deploy, functionUrl: null, environment: { CALLBACK_SERVICE_URL: '${apiUrl}' } } },
};

function apiUrlOf(apiId: string): string {
  return `https://${apiId}.execute-api.${FAKE.region}.amazonaws.com`;
}

const deployedOnce: FakeAccount = {
  repositoryExists: true,
  fn: {
    versions: ['1', '2', '3'],
    alias: { version: '3', revisionId: 'revision-3' },
    url: 'NONE',
    statementIds: ['HttpApiInvoke-api000001', 'FunctionURLAllowPublicAccess', 'FunctionURLInvokeAllowPublicAccess'],
    updateNeverSettles: false,
  },
};

function setUp(
  initial: FakeAccount,
  failDocker?: (args: readonly string[]) => boolean,
  apiGateway: FakeApiGateway = initial.fn === null ? { apis: [], logGroups: [], created: 0 } : stageApi(),
  clock: FakeClock = fakeClock(),
) {
  const aws = fakeAws(initial, { apiGateway });
  const output: string[] = [];
  const deps = {
    aws: { clients: aws.clients, region: FAKE.region },
    docker: fakeDocker(aws.journal, (command) => failDocker?.(command.args) ?? false),
    print: (line: string) => output.push(line),
    waitLimits: fastWaits,
    sleep: clock.sleep,
  };
  return { aws, deps, output, clock };
}

describe('deployApp', () => {
  it('deploys a function that does not exist yet with exactly these calls, in this order', async () => {
    // prepare
    const { aws, deps } = setUp({ repositoryExists: false, fn: null });

    // act
    const outcome = await deployApp(request, deps);

    // assess
    expect(aws.journal).toEqual([
      { call: 'STS.GetCallerIdentity', input: {} },
      { call: 'ECR.GetAuthorizationToken', input: {} },
      { call: 'IAM.GetRole', input: { RoleName: 'lambda-callback-service-prod' } },
      { call: 'ECR.DescribeRepositories', input: { repositoryNames: ['callback-service'] } },
      { call: 'ApiGatewayV2.GetApis', input: {} },
      { call: 'CloudWatchLogs.DescribeLogGroups', input: { logGroupNamePrefix: logGroupName } },
      { call: 'Lambda.GetFunction', input: { FunctionName } },
      { call: 'Scheduler.GetScheduleGroup', input: { Name: 'serverless-microservices-prod' } },
      {
        call: 'docker',
        input: { args: ['build', '--network', 'host', '--platform', 'linux/amd64', '-f', 'docker/Dockerfile', '--build-arg', 'APP=callback-service', '-t', image, '.'] },
      },
      { call: 'ECR.CreateRepository', input: { repositoryName: 'callback-service', imageScanningConfiguration: { scanOnPush: true } } },
      { call: 'docker', input: { args: ['login', '--username', 'AWS', '--password-stdin', FAKE.registry], stdin: FAKE.registryPassword } },
      { call: 'docker', input: { args: ['push', image] } },
      { call: 'CloudWatchLogs.CreateLogGroup', input: { logGroupName } },
      { call: 'ApiGatewayV2.CreateApi', input: { Name: apiName, ProtocolType: 'HTTP', Tags } },
      { call: 'ApiGatewayV2.GetApis', input: {} },
      { call: 'ApiGatewayV2.CreateStage', input: { ApiId: 'api000001', StageName: '$default', AutoDeploy: true, AccessLogSettings, StageVariables } },
      { call: 'Lambda.CreateFunction', input: { FunctionName, PackageType: 'Image', Code: { ImageUri: image }, Architectures: ['x86_64'], ...configuration } },
      { call: 'Lambda.GetFunction', input: { FunctionName } },
      { call: 'Lambda.PublishVersion', input: { FunctionName, Description: `callback-service ${sha}` } },
      { call: 'Lambda.GetFunctionConfiguration', input: { FunctionName, Qualifier: '1' } },
      { call: 'Lambda.CreateAlias', input: { FunctionName, Name: 'live', FunctionVersion: '1' } },
      {
        call: 'Lambda.AddPermission',
        input: {
          FunctionName,
          Qualifier: 'live',
          StatementId: 'HttpApiInvoke-api000001',
          Action: 'lambda:InvokeFunction',
          Principal: 'apigateway.amazonaws.com',
          SourceArn: `arn:aws:execute-api:${FAKE.region}:${FAKE.account}:api000001/*`,
        },
      },
      { call: 'ApiGatewayV2.CreateIntegration', input: { ApiId: 'api000001', IntegrationType: 'AWS_PROXY', IntegrationUri: aliasArn, PayloadFormatVersion: '2.0', TimeoutInMillis: 10_000 } },
      { call: 'ApiGatewayV2.CreateRoute', input: { ApiId: 'api000001', RouteKey: 'GET /health', Target: 'integrations/int000002', ...NONE } },
      { call: 'Lambda.CreateFunctionUrlConfig', input: { FunctionName, Qualifier: 'live', AuthType: 'NONE' } },
      {
        call: 'Lambda.AddPermission',
        input: { FunctionName, Qualifier: 'live', Principal: '*', StatementId: 'FunctionURLAllowPublicAccess', Action: 'lambda:InvokeFunctionUrl', FunctionUrlAuthType: 'NONE' },
      },
      {
        call: 'Lambda.AddPermission',
        input: { FunctionName, Qualifier: 'live', Principal: '*', StatementId: 'FunctionURLInvokeAllowPublicAccess', Action: 'lambda:InvokeFunction', InvokedViaFunctionUrl: true },
      },
    ]);
    expect(outcome).toEqual({ dryRun: false, version: '1', imageUri: image, apiUrl: `https://api000001.execute-api.${FAKE.region}.amazonaws.com`, sitesUrl: undefined, functionUrl: FAKE.functionUrl });
  });

  it('updates a function that exists with exactly these calls, in this order, and moves live from 3 to 4', async () => {
    // prepare
    const { aws, deps } = setUp(deployedOnce);

    // act
    const outcome = await deployApp(request, deps);

    // assess
    expect(aws.journal).toEqual([
      { call: 'STS.GetCallerIdentity', input: {} },
      { call: 'ECR.GetAuthorizationToken', input: {} },
      { call: 'IAM.GetRole', input: { RoleName: 'lambda-callback-service-prod' } },
      { call: 'ECR.DescribeRepositories', input: { repositoryNames: ['callback-service'] } },
      { call: 'ApiGatewayV2.GetApis', input: {} },
      { call: 'CloudWatchLogs.DescribeLogGroups', input: { logGroupNamePrefix: logGroupName } },
      { call: 'ApiGatewayV2.GetStage', input: { ApiId: 'api000001', StageName: '$default' } },
      { call: 'ApiGatewayV2.GetIntegrations', input: { ApiId: 'api000001' } },
      { call: 'ApiGatewayV2.GetRoutes', input: { ApiId: 'api000001' } },
      { call: 'ApiGatewayV2.GetAuthorizers', input: { ApiId: 'api000001' } },
      { call: 'Lambda.GetFunction', input: { FunctionName } },
      { call: 'Lambda.GetAlias', input: { FunctionName, Name: 'live' } },
      { call: 'Lambda.GetFunctionUrlConfig', input: { FunctionName, Qualifier: 'live' } },
      { call: 'Lambda.GetPolicy', input: { FunctionName, Qualifier: 'live' } },
      { call: 'Scheduler.GetScheduleGroup', input: { Name: 'serverless-microservices-prod' } },
      {
        call: 'docker',
        input: { args: ['build', '--network', 'host', '--platform', 'linux/amd64', '-f', 'docker/Dockerfile', '--build-arg', 'APP=callback-service', '-t', image, '.'] },
      },
      { call: 'docker', input: { args: ['login', '--username', 'AWS', '--password-stdin', FAKE.registry], stdin: FAKE.registryPassword } },
      { call: 'docker', input: { args: ['push', image] } },
      { call: 'Lambda.UpdateFunctionCode', input: { FunctionName, ImageUri: image, Architectures: ['x86_64'] } },
      { call: 'Lambda.GetFunction', input: { FunctionName } },
      { call: 'Lambda.UpdateFunctionConfiguration', input: { FunctionName, ...configuration } },
      { call: 'Lambda.GetFunction', input: { FunctionName } },
      { call: 'Lambda.PublishVersion', input: { FunctionName, Description: `callback-service ${sha}` } },
      { call: 'Lambda.GetFunctionConfiguration', input: { FunctionName, Qualifier: '4' } },
      { call: 'Lambda.UpdateAlias', input: { FunctionName, Name: 'live', FunctionVersion: '4', RevisionId: 'revision-3' } },
    ]);
    expect(aws.account.fn?.alias?.version).toBe('4');
    expect(outcome).toMatchObject({ version: '4' });
  });

  it('leaves live on version 3 and publishes nothing when docker push fails', async () => {
    // prepare
    const { aws, deps } = setUp(deployedOnce, (args) => args[0] === 'push');

    // act
    const failure = deployApp(request, deps);

    // assess
    await expect(failure).rejects.toThrow(DeployStepError);
    await expect(failure).rejects.toThrow(/step 3\/10 failed: docker push .*\n.*connection refused\nThe steps after it did not run\. The alias live was not moved from version 3\./);
    expect(aws.journal.at(-1)).toEqual({ call: 'docker', input: { args: ['push', image] } });
    expect(aws.mocks.lambda.commandCalls(PublishVersionCommand)).toHaveLength(0);
    expect(aws.mocks.lambda.commandCalls(UpdateAliasCommand)).toHaveLength(0);
    expect(aws.account.fn?.alias).toEqual({ version: '3', revisionId: 'revision-3' });
  });

  it('leaves live on version 3 and publishes nothing when the code update never finishes', async () => {
    // prepare
    const { aws, deps } = setUp({ ...deployedOnce, fn: deployedOnce.fn && { ...deployedOnce.fn, updateNeverSettles: true } });

    // act
    const failure = deployApp(request, deps);

    // assess
    await expect(failure).rejects.toThrow(/step 5\/10 failed: Lambda waitUntilFunctionUpdatedV2 .*\n[^\n]*TimeoutError/);
    expect(aws.mocks.lambda.commandCalls(PublishVersionCommand)).toHaveLength(0);
    expect(aws.mocks.lambda.commandCalls(UpdateAliasCommand)).toHaveLength(0);
    expect(aws.account.fn?.alias).toEqual({ version: '3', revisionId: 'revision-3' });
  });

  it('keeps the SDK error as the cause of a failed step', async () => {
    // prepare
    const { deps } = setUp(deployedOnce, (args) => args[0] === 'push');

    // act
    const error: unknown = await deployApp(request, deps).catch((thrown: unknown) => thrown);

    // assess
    expect(error).toBeInstanceOf(DeployStepError);
    expect(error instanceof DeployStepError && error.cause).toEqual(new Error('docker push failed: connection refused'));
  });

  it('creates no alias when a first deploy fails part-way, and says so', async () => {
    // prepare
    const { aws, deps } = setUp({ repositoryExists: true, fn: null }, (args) => args[0] === 'push');

    // act
    const failure = deployApp(request, deps);

    // assess
    await expect(failure).rejects.toThrow(/The alias live was not created\.$/);
    expect(aws.mocks.lambda.commandCalls(CreateAliasCommand)).toHaveLength(0);
  });

  it('stops before any call or docker command with one error listing credentials, region, role, secret and a dirty tree', async () => {
    // prepare
    const { aws, deps } = setUp({ repositoryExists: false, fn: null });
    const noAccess = { missing: ['AWS region: not set (set AWS_REGION)', 'AWS credentials: none found'], region: undefined };
    const withoutRole = { ...deployFile, deploy: { ...deployFile.deploy, roleArn: undefined } };

    // act
    const failure = deployApp({ ...request, deployFile: withoutRole, env: {}, git: { sha, dirty: true } }, { ...deps, aws: noAccess });

    // assess
    await expect(failure).rejects.toThrow(DeployPreconditionError);
    await expect(failure).rejects.toThrow(
      [
        'Cannot deploy callback-service to prod; nothing was changed. Missing:',
        '  - AWS region: not set (set AWS_REGION)',
        '  - AWS credentials: none found',
        '  - execution role: none for stage prod (set deploy.roleArn or deploy.stages.prod.roleArn in apps/callback-service/deploy.json)',
        '  - WEBHOOK_SECRET: not set in the environment (deploy.fromEnvironment of callback-service)',
        `  - a clean work tree: the image is tagged ${sha} but the work tree has changes (commit or stash them)`,
      ].join('\n'),
    );
    expect(aws.journal).toEqual([]);
  });

  it('stops on a deploy.json problem before any call', async () => {
    // prepare
    const { aws, deps } = setUp({ repositoryExists: false, fn: null });

    // act
    const failure = deployApp({ ...request, stage: 'qa' }, deps);

    // assess
    await expect(failure).rejects.toThrow(DeployConfigError);
    expect(aws.journal).toEqual([]);
  });

  it('makes only the reads in a dry run, and prints the plan it would run', async () => {
    // prepare
    const { aws, deps, output } = setUp(deployedOnce);

    // act
    const outcome = await deployApp({ ...request, dryRun: true }, deps);

    // assess
    expect(outcome).toEqual({ dryRun: true });
    expect(aws.journal.map((entry) => entry.call)).toEqual([
      'STS.GetCallerIdentity',
      'ECR.GetAuthorizationToken',
      'IAM.GetRole',
      'ECR.DescribeRepositories',
      'ApiGatewayV2.GetApis',
      'CloudWatchLogs.DescribeLogGroups',
      'ApiGatewayV2.GetStage',
      'ApiGatewayV2.GetIntegrations',
      'ApiGatewayV2.GetRoutes',
      'ApiGatewayV2.GetAuthorizers',
      'Lambda.GetFunction',
      'Lambda.GetAlias',
      'Lambda.GetFunctionUrlConfig',
      'Lambda.GetPolicy',
      'Scheduler.GetScheduleGroup',
    ]);
    expect(output).toContain(`Plan for ${FunctionName}, which exists (live -> version 3; the HTTP API ${apiName} is api000001):`);
    expect(output).toContain(`  10. Lambda UpdateAlias {"FunctionName":"${FunctionName}","Name":"live","FunctionVersion":"<published version>","RevisionId":"revision-3"}`);
    expect(output.at(-1)).toBe('Dry run: nothing was changed.');
  });

  it('never prints the registry password or a secret from the environment', async () => {
    // prepare
    const { deps, output } = setUp({ repositoryExists: false, fn: null });

    // act
    await deployApp(request, deps);

    // assess
    const printed = output.join('\n');
    expect(printed).not.toContain(FAKE.registryPassword);
    expect(printed).not.toContain(secret);
    expect(printed).toContain('"WEBHOOK_SECRET":"<from $WEBHOOK_SECRET>"');
  });

  it('prints, without AWS access, what is missing and the plans for a first deploy and a redeploy with placeholders', async () => {
    // prepare
    const output: string[] = [];
    const deps = { aws: { missing: ['AWS credentials: none found'], region: 'eu-west-1' }, docker: fakeDocker([]), print: (line: string) => output.push(line), waitLimits: fastWaits, sleep: fakeClock().sleep };

    // act
    await deployApp({ ...request, dryRun: true, env: {} }, deps);

    // assess
    expect(output).toEqual(
      expect.arrayContaining([
        'A real deploy would stop before any work; missing:',
        '  - AWS credentials: none found',
        '  - WEBHOOK_SECRET: not set in the environment (deploy.fromEnvironment of callback-service)',
        `Plan if ${FunctionName}, which does not exist yet (the HTTP API ${apiName} does not exist yet):`,
        `   4. docker push '<account>.dkr.ecr.eu-west-1.amazonaws.com/callback-service:${sha}'`,
        expect.stringMatching(/^ {3}5\. CloudWatchLogs CreateLogGroup \{"logGroupName":"\/aws\/apigateway\/serverless-microservices-prod"\} elects the API's creator: .*GetApis every 2 s for up to 60 s/),
        `  12. Lambda AddPermission {"FunctionName":"${FunctionName}","Qualifier":"live","StatementId":"HttpApiInvoke-<api id>","Action":"lambda:InvokeFunction","Principal":"apigateway.amazonaws.com","SourceArn":"arn:aws:execute-api:eu-west-1:<account>:<api id>/*"}`,
        `  14. ApiGatewayV2 CreateRoute {"ApiId":"<api id>","RouteKey":"GET /health","Target":"integrations/<integration id>","AuthorizationType":"NONE","AuthorizationScopes":[]}`,
        `Plan if ${FunctionName}, which exists (live -> version <live version>; the HTTP API ${apiName} is <api id>):`,
        'Dry run: nothing was changed.',
      ]),
    );
  });

  it('adds a route new in deploy.json and deletes the one it no longer lists, leaving the rest of the API alone', async () => {
    // prepare
    const apiGateway = stageApi([
      { id: 'rt000003', routeKey: 'GET /health', target: 'integrations/int000002' },
      { id: 'rt000004', routeKey: 'ANY /api/old', target: 'integrations/int000002' },
    ]);
    const { aws, deps } = setUp(deployedOnce, undefined, apiGateway);
    const routes = [
      { routeKey: 'GET /health', authorization: 'none' },
      { routeKey: 'ANY /api/callback', authorization: 'none' },
    ];

    // act
    await deployApp({ ...request, deployFile: { ...deployFile, routes } }, deps);

    // assess
    expect(aws.journal.filter((entry) => /^ApiGatewayV2\.(Create|Update|Delete)/.test(entry.call))).toEqual([
      { call: 'ApiGatewayV2.CreateRoute', input: { ApiId: 'api000001', RouteKey: 'ANY /api/callback', Target: 'integrations/int000002', ...NONE } },
      { call: 'ApiGatewayV2.DeleteRoute', input: { ApiId: 'api000001', RouteId: 'rt000004' } },
    ]);
    expect(apiGateway.apis[0]?.routes.map((route) => route.routeKey)).toEqual(['GET /health', 'ANY /api/callback']);
  });

  it("stops before any change, naming both apps, when a route key already reaches another app", async () => {
    // prepare
    const apiGateway = stageApi([]);
    const other = `arn:aws:lambda:${FAKE.region}:${FAKE.account}:function:integration-service-prod:live`;
    apiGateway.apis[0]?.integrations.push({ id: 'int000009', uri: other, payloadFormatVersion: '2.0', timeoutInMillis: 15_000 });
    apiGateway.apis[0]?.routes.push({ id: 'rt000010', routeKey: 'GET /health', target: 'integrations/int000009' });
    const { aws, deps } = setUp(deployedOnce, undefined, apiGateway);

    // act
    const failure = deployApp(request, deps);

    // assess
    await expect(failure).rejects.toThrow(DeployPreconditionError);
    await expect(failure).rejects.toThrow(
      `  - route GET /health: already reaches integration-service on the HTTP API ${apiName} (api000001); callback-service asks for it too, and one route key reaches one app (remove it from one of the two deploy.json files)`,
    );
    expect(aws.journal.filter((entry) => entry.call === 'docker' || !/\.(Get|Describe)/.test(entry.call))).toEqual([]);
  });

  it('lists a missing execution role with the other missing things, before any docker build', async () => {
    // prepare
    const { aws, deps } = setUp({ repositoryExists: false, fn: null, roles: {} });

    // act
    const failure = deployApp({ ...request, env: {} }, deps);

    // assess
    await expect(failure).rejects.toThrow(
      [
        'Cannot deploy callback-service to prod; nothing was changed. Missing:',
        '  - WEBHOOK_SECRET: not set in the environment (deploy.fromEnvironment of callback-service)',
        `  - execution role arn:aws:iam::${FAKE.account}:role/lambda-callback-service-prod: does not exist (create it once per account, see the README)`,
      ].join('\n'),
    );
    expect(aws.journal.filter((entry) => entry.call === 'docker')).toEqual([]);
  });

  it('refuses an execution role that Lambda may not assume', async () => {
    // prepare
    const ecsOnly = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const { aws, deps } = setUp({ repositoryExists: false, fn: null, roles: { 'lambda-callback-service-prod': ecsOnly } });

    // act
    const failure = deployApp(request, deps);

    // assess
    await expect(failure).rejects.toThrow(/execution role .*lambda-callback-service-prod: its trust policy does not let lambda\.amazonaws\.com assume it/);
    expect(aws.journal.filter((entry) => entry.call === 'docker')).toEqual([]);
  });

  it('ends with one API, created by the deploy that created its log group, holding both apps\' routes when two apps make the first deploys to a stage at once', async () => {
    // prepare
    const apiGateway: FakeApiGateway = { apis: [], logGroups: [], created: 0 };
    const clock = fakeClock();
    const callback = setUp({ repositoryExists: false, fn: null }, undefined, apiGateway, clock);
    const integration = setUp({ repositoryExists: false, fn: null }, undefined, apiGateway, clock);

    // act
    await Promise.all([deployApp(request, callback.deps), deployApp(integrationRequest, integration.deps)]);

    // assess
    const journal = [...callback.aws.journal, ...integration.aws.journal].map((entry) => entry.call);
    expect(journal.filter((call) => call === 'ApiGatewayV2.CreateApi')).toHaveLength(1);
    expect(journal.filter((call) => call === 'ApiGatewayV2.DeleteApi')).toHaveLength(0);
    expect(apiGateway.apis).toHaveLength(1);
    expect(apiGateway.apis[0]?.routes.map((route) => route.routeKey).sort()).toEqual(['ANY /api/integration', 'GET /health']);
    const created = integration.aws.journal.find((entry) => entry.call === 'Lambda.CreateFunction');
    expect(created?.input).toMatchObject({ Environment: { Variables: { CALLBACK_SERVICE_URL: `https://${apiGateway.apis[0]?.id ?? ''}.execute-api.${FAKE.region}.amazonaws.com` } } });
  });

  it('ends with the same single API when two deploys create one each within the same second and one lists before the other\'s create', async () => {
    // prepare: the log group's creator crashed, so both wait 60 s, list, find nothing and create;
    // the first CreateApi takes 0.5 s, so the other deploy creates and lists before it lands, in the
    // same second, and the later API's random id sorts first
    const clock = fakeClock();
    let creates = 0;
    const beforeCreateApi = async (): Promise<void> => {
      creates += 1;
      if (creates === 1) await clock.sleep(500);
    };
    const apiGateway: FakeApiGateway = { apis: [], logGroups: [logGroupName], created: 0, now: clock.now, apiIds: ['apizzzzzz1', 'apiaaaaaa2'], beforeCreateApi };
    const callback = setUp({ repositoryExists: false, fn: null }, undefined, apiGateway, clock);
    const integration = setUp({ repositoryExists: false, fn: null }, undefined, apiGateway, clock);

    // act
    const outcomes = await Promise.all([deployApp(request, callback.deps), deployApp(integrationRequest, integration.deps)]);

    // assess
    const journal = [...callback.aws.journal, ...integration.aws.journal];
    expect(journal.filter((entry) => entry.call === 'ApiGatewayV2.CreateApi')).toHaveLength(2);
    expect(journal.filter((entry) => entry.call === 'ApiGatewayV2.DeleteApi')).toEqual([{ call: 'ApiGatewayV2.DeleteApi', input: { ApiId: 'apizzzzzz1' } }]);
    expect(outcomes).toEqual([expect.objectContaining({ apiUrl: apiUrlOf('apiaaaaaa2') }), expect.objectContaining({ apiUrl: apiUrlOf('apiaaaaaa2') })]);
    expect(apiGateway.apis.map((api) => [api.id, api.routes.map((route) => route.routeKey).sort()])).toEqual([['apiaaaaaa2', ['ANY /api/integration', 'GET /health']]]);
  });

  it('waits for the API when its log group exists but the API does not yet, and uses the API the other deploy creates', async () => {
    // prepare: the other deploy created the log group and creates its API 6 s later
    const clock = fakeClock();
    const apiGateway: FakeApiGateway = { apis: [], logGroups: [logGroupName], created: 0 };
    const { aws, deps } = setUp({ repositoryExists: false, fn: null }, undefined, apiGateway, clock);
    const start = clock.now();
    deps.sleep = async (ms) => {
      await clock.sleep(ms);
      if (clock.now() - start === 6_000) apiGateway.apis.push({ id: 'apiother', name: apiName, tags: Tags, createdDate: new Date(clock.now()), stage: null, authorizers: [], integrations: [], routes: [] });
    };

    // act
    const outcome = await deployApp(request, deps);

    // assess
    expect(aws.journal.filter((entry) => /^(CloudWatchLogs\.Create|ApiGatewayV2\.(GetApis|CreateApi|DeleteApi|CreateStage))/.test(entry.call)).map((entry) => entry.call)).toEqual([
      'ApiGatewayV2.GetApis',
      'CloudWatchLogs.CreateLogGroup',
      'ApiGatewayV2.GetApis',
      'ApiGatewayV2.GetApis',
      'ApiGatewayV2.GetApis',
      'ApiGatewayV2.GetApis',
      'ApiGatewayV2.GetApis',
      'ApiGatewayV2.CreateStage',
    ]);
    expect(clock.sleeps).toEqual([2_000, 2_000, 2_000, 2_000]);
    expect(outcome).toMatchObject({ apiUrl: apiUrlOf('apiother') });
    expect(apiGateway.apis.map((api) => api.id)).toEqual(['apiother']);
  });

  it('waits for the other deploy\'s API when its CreateLogGroup is aborted by the other\'s at the same moment', async () => {
    // prepare: CloudWatch Logs answers OperationAbortedException to a create that conflicts with
    // another in progress; the other deploy then creates the group and, 2 s later, its API
    const clock = fakeClock();
    const apiGateway: FakeApiGateway = { apis: [], logGroups: [], created: 0 };
    const { aws, deps } = setUp({ repositoryExists: false, fn: null }, undefined, apiGateway, clock);
    aws.mocks.logs.on(CreateLogGroupCommand).callsFake(async (input: { logGroupName: string }) => {
      aws.journal.push({ call: 'CloudWatchLogs.CreateLogGroup', input });
      apiGateway.logGroups.push(input.logGroupName);
      void clock.sleep(2_000).then(() => apiGateway.apis.push({ id: 'apiother', name: apiName, tags: Tags, createdDate: new Date(clock.now()), stage: null, authorizers: [], integrations: [], routes: [] }));
      throw new OperationAbortedException({ message: 'A conflicting operation is currently in progress against this resource', $metadata: {} });
    });

    // act
    const outcome = await deployApp(request, deps);

    // assess
    expect(aws.journal.filter((entry) => entry.call === 'ApiGatewayV2.CreateApi')).toEqual([]);
    expect(outcome).toMatchObject({ apiUrl: apiUrlOf('apiother') });
  });

  it('creates the API itself after waiting 60 s when its log group exists and no API appears', async () => {
    // prepare: the log group was made by hand, or its creator crashed before CreateApi
    const clock = fakeClock();
    const apiGateway: FakeApiGateway = { apis: [], logGroups: [logGroupName], created: 0 };
    const { aws, deps } = setUp({ repositoryExists: false, fn: null }, undefined, apiGateway, clock);

    // act
    const outcome = await deployApp(request, deps);

    // assess
    const calls = aws.journal.map((entry) => entry.call);
    const claim = calls.slice(calls.indexOf('CloudWatchLogs.CreateLogGroup'), calls.indexOf('ApiGatewayV2.CreateStage'));
    expect(claim).toEqual(['CloudWatchLogs.CreateLogGroup', ...Array<string>(31).fill('ApiGatewayV2.GetApis'), 'ApiGatewayV2.CreateApi', 'ApiGatewayV2.GetApis']);
    expect(clock.sleeps).toEqual([...Array<number>(30).fill(2_000), 2_000]);
    expect(apiGateway.apis).toHaveLength(1);
    expect(outcome).toMatchObject({ apiUrl: apiUrlOf(apiGateway.apis[0]?.id ?? '') });
  });

  it('keeps the API another first deploy created just before its own, deleting its own, and routes the app there', async () => {
    // prepare: the other deploy's API appears after this one's reads, while it pushes
    const apiGateway: FakeApiGateway = { apis: [], logGroups: [], created: 0 };
    const { aws, deps } = setUp({ repositoryExists: false, fn: null }, undefined, apiGateway);
    const docker = deps.docker;
    deps.docker = async (command) => {
      if (command.args[0] === 'push') {
        apiGateway.created += 1;
        apiGateway.apis.push({ id: 'apiother', name: apiName, tags: Tags, createdDate: new Date('2025-12-31T23:59:59Z'), stage: { AutoDeploy: true, AccessLogSettings, StageVariables }, authorizers: [], integrations: [], routes: [] });
      }
      await docker(command);
    };

    // act
    const outcome = await deployApp(request, deps);

    // assess
    expect(aws.journal.filter((entry) => /^ApiGatewayV2\.(Create|Delete)/.test(entry.call))).toEqual([
      { call: 'ApiGatewayV2.CreateApi', input: { Name: apiName, ProtocolType: 'HTTP', Tags } },
      { call: 'ApiGatewayV2.DeleteApi', input: { ApiId: 'api000002' } },
      { call: 'ApiGatewayV2.CreateStage', input: { ApiId: 'apiother', StageName: '$default', AutoDeploy: true, AccessLogSettings, StageVariables } },
      { call: 'ApiGatewayV2.CreateIntegration', input: expect.objectContaining({ ApiId: 'apiother' }) },
      { call: 'ApiGatewayV2.CreateRoute', input: expect.objectContaining({ ApiId: 'apiother', RouteKey: 'GET /health' }) },
    ]);
    expect(apiGateway.apis.map((api) => api.id)).toEqual(['apiother']);
    expect(outcome).toMatchObject({ apiUrl: `https://apiother.execute-api.${FAKE.region}.amazonaws.com` });
  });

  it('deletes a Function URL deploy.json no longer asks for, with its public statements', async () => {
    // prepare
    const { aws, deps } = setUp(deployedOnce);

    // act
    await deployApp({ ...request, deployFile: { ...deployFile, deploy: { ...deployFile.deploy, functionUrl: null } } }, deps);

    // assess
    expect(aws.journal.slice(-3)).toEqual([
      { call: 'Lambda.DeleteFunctionUrlConfig', input: { FunctionName, Qualifier: 'live' } },
      { call: 'Lambda.RemovePermission', input: { FunctionName, Qualifier: 'live', StatementId: 'FunctionURLAllowPublicAccess' } },
      { call: 'Lambda.RemovePermission', input: { FunctionName, Qualifier: 'live', StatementId: 'FunctionURLInvokeAllowPublicAccess' } },
    ]);
    expect(aws.account.fn).toMatchObject({ url: null, statementIds: ['HttpApiInvoke-api000001'] });
  });

  it('removes both public statements when the Function URL goes from NONE to AWS_IAM', async () => {
    // prepare
    const { aws, deps } = setUp(deployedOnce);

    // act
    await deployApp({ ...request, deployFile: { ...deployFile, deploy: { ...deployFile.deploy, functionUrl: { authType: 'AWS_IAM' } } } }, deps);

    // assess
    expect(aws.account.fn).toMatchObject({ url: 'AWS_IAM', statementIds: ['HttpApiInvoke-api000001'] });
  });
});
