import { UpdateAliasCommand, CreateAliasCommand, PublishVersionCommand } from '@aws-sdk/client-lambda';
import { deployApp, type DeployRequest } from './deploy-app';
import { DeployConfigError, DeployPreconditionError, DeployStepError } from './errors';
import { FAKE, fakeAws, fakeDocker, type FakeAccount } from './fake-aws';

const sha = '0123456789abcdef0123456789abcdef01234567';
const image = `${FAKE.registry}/callback-service:${sha}`;
const FunctionName = 'callback-service-prod';
const secret = 'whsec_c2VjcmV0LXZhbHVlLWZvci10ZXN0cw==';

const deployFile = {
  function: { handler: 'src/main.ts', timeoutSeconds: 10, memoryMB: 512 },
  routes: ['GET /health'],
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
  dryRun: false,
  git: { sha, dirty: false },
  env: { WEBHOOK_SECRET: secret },
};

const variables = { CALLBACKS_TABLE: 'callbacks-prod', WEBHOOK_SECRET: secret, APP_VERSION: sha };
const configuration = { Role: `arn:aws:iam::${FAKE.account}:role/lambda-callback-service-prod`, MemorySize: 1024, Timeout: 10, Environment: { Variables: variables } };
const fastWaits = { maxWaitTime: 1, minDelay: 0.05, maxDelay: 0.05 };

const deployedOnce: FakeAccount = {
  repositoryExists: true,
  fn: {
    versions: ['1', '2', '3'],
    alias: { version: '3', revisionId: 'revision-3' },
    url: 'NONE',
    statementIds: ['FunctionURLAllowPublicAccess', 'FunctionURLInvokeAllowPublicAccess'],
    updateNeverSettles: false,
  },
};

function setUp(initial: FakeAccount, failDocker?: (args: readonly string[]) => boolean) {
  const aws = fakeAws(initial);
  const output: string[] = [];
  const deps = {
    aws: { clients: aws.clients, region: FAKE.region },
    docker: fakeDocker(aws.journal, (command) => failDocker?.(command.args) ?? false),
    print: (line: string) => output.push(line),
    waitLimits: fastWaits,
  };
  return { aws, deps, output };
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
      { call: 'ECR.DescribeRepositories', input: { repositoryNames: ['callback-service'] } },
      { call: 'Lambda.GetFunction', input: { FunctionName } },
      {
        call: 'docker',
        input: { args: ['build', '--network', 'host', '--platform', 'linux/amd64', '-f', 'docker/Dockerfile', '--build-arg', 'APP=callback-service', '-t', `callback-service:${sha}`, '-t', 'callback-service:latest', '.'] },
      },
      { call: 'ECR.CreateRepository', input: { repositoryName: 'callback-service', imageScanningConfiguration: { scanOnPush: true } } },
      { call: 'docker', input: { args: ['tag', `callback-service:${sha}`, image] } },
      { call: 'docker', input: { args: ['login', '--username', 'AWS', '--password-stdin', FAKE.registry], stdin: FAKE.registryPassword } },
      { call: 'docker', input: { args: ['push', image] } },
      { call: 'Lambda.CreateFunction', input: { FunctionName, PackageType: 'Image', Code: { ImageUri: image }, Architectures: ['x86_64'], ...configuration } },
      { call: 'Lambda.GetFunction', input: { FunctionName } },
      { call: 'Lambda.PublishVersion', input: { FunctionName, Description: `callback-service ${sha}` } },
      { call: 'Lambda.GetFunctionConfiguration', input: { FunctionName, Qualifier: '1' } },
      { call: 'Lambda.CreateAlias', input: { FunctionName, Name: 'live', FunctionVersion: '1' } },
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
    expect(outcome).toEqual({ dryRun: false, version: '1', imageUri: image, functionUrl: FAKE.functionUrl });
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
      { call: 'ECR.DescribeRepositories', input: { repositoryNames: ['callback-service'] } },
      { call: 'Lambda.GetFunction', input: { FunctionName } },
      { call: 'Lambda.GetAlias', input: { FunctionName, Name: 'live' } },
      { call: 'Lambda.GetFunctionUrlConfig', input: { FunctionName, Qualifier: 'live' } },
      { call: 'Lambda.GetPolicy', input: { FunctionName, Qualifier: 'live' } },
      {
        call: 'docker',
        input: { args: ['build', '--network', 'host', '--platform', 'linux/amd64', '-f', 'docker/Dockerfile', '--build-arg', 'APP=callback-service', '-t', `callback-service:${sha}`, '-t', 'callback-service:latest', '.'] },
      },
      { call: 'docker', input: { args: ['tag', `callback-service:${sha}`, image] } },
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
    await expect(failure).rejects.toThrow(/step 4\/11 failed: docker push .*\n.*connection refused\nThe steps after it did not run\. The alias live was not moved from version 3\./);
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
    await expect(failure).rejects.toThrow(/step 6\/11 failed: Lambda waitUntilFunctionUpdatedV2 .*\n[^\n]*TimeoutError/);
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
      'ECR.DescribeRepositories',
      'Lambda.GetFunction',
      'Lambda.GetAlias',
      'Lambda.GetFunctionUrlConfig',
      'Lambda.GetPolicy',
    ]);
    expect(output).toContain(`Plan for ${FunctionName}, which exists (live -> version 3):`);
    expect(output).toContain(`  11. Lambda UpdateAlias {"FunctionName":"${FunctionName}","Name":"live","FunctionVersion":"<published version>","RevisionId":"revision-3"}`);
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
    const deps = { aws: { missing: ['AWS credentials: none found'], region: 'eu-west-1' }, docker: fakeDocker([]), print: (line: string) => output.push(line), waitLimits: fastWaits };

    // act
    await deployApp({ ...request, dryRun: true, env: {} }, deps);

    // assess
    expect(output).toEqual(
      expect.arrayContaining([
        'A real deploy would stop before any work; missing:',
        '  - AWS credentials: none found',
        '  - WEBHOOK_SECRET: not set in the environment (deploy.fromEnvironment of callback-service)',
        `Plan if ${FunctionName}, which does not exist yet:`,
        `   5. docker push '<account>.dkr.ecr.eu-west-1.amazonaws.com/callback-service:${sha}'`,
        `Plan if ${FunctionName}, which exists (live -> version <live version>):`,
        'Dry run: nothing was changed.',
      ]),
    );
  });
});
