import { resolveDeployment, withAccount, type FunctionDeployment } from './deploy-config';
import { ACCESS_LOG_FORMAT, type HttpApiState } from './http-api';
import type { PlanStep } from './plan';
import { PUBLIC_URL_STATEMENT_IDS, imageUri, planDeploy, type DeployState, type ExistingFunction } from './plan-deploy';

const sha = 'abc123';
const registry = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const apiStatement = 'HttpApiInvoke-a1b2c3d4e5';

// The stage's API with app-dev's integration and its one route in place.
const apiInPlace: HttpApiState = {
  name: 'workspace-dev',
  logGroupExists: true,
  api: {
    id: 'a1b2c3d4e5',
    endpoint: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
    stage: { autoDeploy: true, accessLog: { destinationArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/workspace-dev', format: ACCESS_LOG_FORMAT } },
    integrations: [{ id: 'int1', uri: 'arn:aws:lambda:eu-west-1:123456789012:function:app-dev:live', payloadFormatVersion: '2.0', timeoutInMillis: 10_000 }],
    routes: [{ id: 'rt1', routeKey: 'GET /health', target: 'integrations/int1' }],
  },
};

function deploymentWith(deploy: Record<string, unknown>): FunctionDeployment {
  const file = {
    function: { handler: 'src/main.ts', timeoutSeconds: 10, memoryMB: 512 },
    routes: ['GET /health'],
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
    httpApi: apiInPlace,
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
    const steps = commands(planDeploy(deployment, stateWith({}), { gitSha: sha }));

    // assess
    expect(steps.slice(-3)).toEqual(['PublishVersion', 'wait PublishedVersionActive', 'UpdateAlias']);
  });

  it('makes no Function URL calls when deploy.json asks for none', () => {
    // prepare
    const deployment = deploymentWith({ functionUrl: null });

    // act
    const steps = commands(planDeploy(deployment, { ...stateWith({}), existing: null }, { gitSha: sha }));

    // assess
    expect(steps.filter((command) => command.includes('FunctionUrl'))).toEqual([]);
  });

  it('creates an AWS_IAM Function URL without public-access statements', () => {
    // prepare
    const deployment = deploymentWith({ functionUrl: { authType: 'AWS_IAM' } });

    // act
    const steps = planDeploy(deployment, stateWith({}), { gitSha: sha }).slice(-1);

    // assess
    expect(steps).toEqual([{ kind: 'aws', call: { service: 'Lambda', command: 'CreateFunctionUrlConfig', input: { FunctionName: 'app-dev', Qualifier: 'live', AuthType: 'AWS_IAM' } } }]);
  });

  it("changes a Function URL's auth type when it differs, and adds only the public statements the policy lacks", () => {
    // prepare
    const deployment = deploymentWith({ functionUrl: { authType: 'NONE' } });
    const state = stateWith({ url: { authType: 'AWS_IAM' }, statementIds: [apiStatement, 'FunctionURLAllowPublicAccess', 'unrelated'] });

    // act
    const steps = planDeploy(deployment, state, { gitSha: sha }).slice(-2);

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
    const steps = commands(planDeploy(deployment, state, { gitSha: sha }));

    // assess
    expect(steps.at(-1)).toBe('UpdateAlias');
  });

  it('creates the alias on a function that exists without one', () => {
    // prepare
    const deployment = deploymentWith({});

    // act
    const steps = commands(planDeploy(deployment, stateWith({ alias: null }), { gitSha: sha }));

    // assess
    expect(steps.slice(steps.indexOf('UpdateFunctionCode'))).toContain('CreateAlias');
    expect(steps).not.toContain('UpdateAlias');
  });

  it('builds for linux/arm64 and sets that architecture when the function runs on arm64', () => {
    // prepare
    const deployment = deploymentWith({ architecture: 'arm64' });

    // act
    const [build, , , code] = planDeploy(deployment, stateWith({}), { gitSha: sha });

    // assess
    expect(build).toMatchObject({ kind: 'docker', args: expect.arrayContaining(['--platform', 'linux/arm64']) });
    expect(code).toMatchObject({ kind: 'aws', call: { command: 'UpdateFunctionCode', input: { Architectures: ['arm64'] } } });
  });

  it("builds on another base image when asked, for both of the Dockerfile's stages", () => {
    // prepare
    const deployment = deploymentWith({});

    // act
    const [build] = planDeploy(deployment, stateWith({}), { gitSha: sha, baseImage: 'lambda-base-local:24' });

    // assess
    expect(build).toMatchObject({ args: expect.arrayContaining(['--build-arg', 'BASE_IMAGE=lambda-base-local:24', '--build-arg', 'BUILD_IMAGE=lambda-base-local:24']) });
  });

  it('tags the image it builds only as the registry image it pushes, never as a shared local name', () => {
    // prepare
    const deployment = deploymentWith({});
    const state = stateWith({});

    // act
    const steps = planDeploy(deployment, state, { gitSha: sha });

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
    const [build] = planDeploy(deployment, stateWith({}), { gitSha: sha });

    // assess
    expect(build).toMatchObject({ kind: 'docker', env: { BUILDX_NO_DEFAULT_ATTESTATIONS: '1' } });
  });

  it('deletes a Function URL deploy.json no longer asks for, with both of its public statements', () => {
    // prepare
    const deployment = deploymentWith({ functionUrl: null });
    const state = stateWith({ url: { authType: 'NONE' }, statementIds: [apiStatement, ...PUBLIC_URL_STATEMENT_IDS] });

    // act
    const steps = planDeploy(deployment, state, { gitSha: sha }).slice(-3);

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
    const steps = planDeploy(deployment, state, { gitSha: sha }).slice(-3);

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
    const steps = planDeploy(deployment, stateWith({}), { gitSha: sha });

    // assess
    const configuration = steps.find((step) => step.kind === 'aws' && step.call.command === 'UpdateFunctionConfiguration');
    expect(configuration).toMatchObject({ call: { input: { Environment: { Variables: { CALLBACK_SERVICE_URL: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com' } } } } });
  });

  it('makes sure of the API before the function, and of the routes and permission only once live exists', () => {
    // prepare
    const deployment = deploymentWith({ environment: { CALLBACK_SERVICE_URL: '${apiUrl}' } });
    const state: DeployState = { ...stateWith({}), repositoryExists: false, existing: null, httpApi: { name: 'workspace-dev', logGroupExists: false, api: null } };

    // act
    const steps = planDeploy(deployment, state, { gitSha: sha });

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
});
