import { join } from 'node:path';
import { readDeployFile, resolveDeployment, withAccount } from './deploy-config';
import { DeployConfigError } from './errors';

const workspaceRoot = join(__dirname, '../../..');

function deployFile(deploy: Record<string, unknown>, resources = { tables: ['CALLBACKS_TABLE'], buckets: [] }): unknown {
  return {
    function: { handler: 'src/main.ts', timeoutSeconds: 10, memoryMB: 512, environment: { TEMPLATES_DIR: '/var/task/templates' } },
    routes: [{ routeKey: 'GET /health', authorization: 'none' }],
    resources,
    deploy: {
      architecture: 'x86_64',
      roleArn: 'arn:aws:iam::${account}:role/lambda-${app}-${stage}',
      functionUrl: { authType: 'NONE' },
      environment: { CALLBACKS_TABLE: 'callbacks-${stage}', LOG_LEVEL: 'INFO' },
      fromEnvironment: ['WEBHOOK_SECRET'],
      stages: { dev: { environment: { LOG_LEVEL: 'DEBUG' } }, prod: { memoryMB: 1024, functionUrl: null } },
      ...deploy,
    },
  };
}

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof DeployConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a DeployConfigError');
}

describe('resolveDeployment', () => {
  it('names the function <app>-<stage> and its image repository after the app', () => {
    // prepare
    const file = deployFile({});

    // act
    const deployment = resolveDeployment('callback-service', file, 'dev');

    // assess
    expect(deployment).toMatchObject({ functionName: 'callback-service-dev', repositoryName: 'callback-service', architecture: 'x86_64' });
  });

  it("merges the image's, the app's and the stage's variables, the stage's winning, with ${stage} filled in", () => {
    // prepare
    const file = deployFile({});

    // act
    const deployment = resolveDeployment('callback-service', file, 'dev');

    // assess
    expect(deployment.environment).toEqual({ TEMPLATES_DIR: '/var/task/templates', CALLBACKS_TABLE: 'callbacks-dev', LOG_LEVEL: 'DEBUG' });
  });

  it("takes a stage's memory and Function URL over the app's, and the app's timeout where the stage names none", () => {
    // prepare
    const file = deployFile({});

    // act
    const deployment = resolveDeployment('callback-service', file, 'prod');

    // assess
    expect(deployment).toMatchObject({ memoryMB: 1024, timeoutSeconds: 10, functionUrl: null });
  });

  it('keeps ${account} in the role until the account is known, then fills it in', () => {
    // prepare
    const deployment = resolveDeployment('callback-service', deployFile({}), 'prod');

    // act
    const resolved = withAccount(deployment, '123456789012');

    // assess
    expect(deployment.roleArn).toBe('arn:aws:iam::${account}:role/lambda-callback-service-prod');
    expect(resolved.roleArn).toBe('arn:aws:iam::123456789012:role/lambda-callback-service-prod');
  });

  it('prefers the role a stage names over the app-wide one', () => {
    // prepare
    const file = deployFile({ stages: { prod: { roleArn: 'arn:aws:iam::${account}:role/prod-only' } } });

    // act
    const deployment = resolveDeployment('callback-service', file, 'prod');

    // assess
    expect(deployment.roleArn).toBe('arn:aws:iam::${account}:role/prod-only');
  });

  it('leaves the role undefined when neither the stage nor the app names one', () => {
    // prepare
    const file = deployFile({ roleArn: undefined });

    // act
    const deployment = resolveDeployment('callback-service', file, 'dev');

    // assess
    expect(deployment.roleArn).toBeUndefined();
  });

  it('refuses a stage deploy.json does not declare, naming the ones it does', () => {
    // prepare
    const file = deployFile({});

    // act
    const problems = problemsOf(() => resolveDeployment('callback-service', file, 'qa'));

    // assess
    expect(problems).toEqual(['deploy.stages: has no stage "qa" (known: dev, prod)']);
  });

  it('lists every problem at once: reserved variables, a secret also given literally, a table with no value, an unknown placeholder', () => {
    // prepare
    const file = deployFile(
      { environment: { AWS_REGION: 'eu-west-1', WEBHOOK_SECRET: 'whsec_x', LOG_LEVEL: '${region}' }, fromEnvironment: ['WEBHOOK_SECRET', 'APP_VERSION'] },
      { tables: ['CALLBACKS_TABLE'], buckets: [] },
    );

    // act
    const problems = problemsOf(() => resolveDeployment('callback-service', file, 'prod'));

    // assess
    expect(problems).toEqual([
      'environment LOG_LEVEL: unknown placeholder ${region} (use ${stage}, ${app}, ${account}, ${apiUrl}, ${sitesUrl})',
      'environment AWS_REGION: is set by Lambda',
      'environment APP_VERSION: is set by the deploy (the git sha)',
      'deploy.fromEnvironment WEBHOOK_SECRET: also has a literal value in deploy.json',
      'resources CALLBACKS_TABLE: no value for stage prod (add it to deploy.environment or deploy.fromEnvironment)',
    ]);
  });

  it('refuses a route key HTTP APIs do not take, and one listed twice', () => {
    // prepare
    const file = { ...(deployFile({}) as object), routes: ['GET /health', 'FETCH /x', 'GET /health'].map((routeKey) => ({ routeKey, authorization: 'none' })) };

    // act
    const problems = problemsOf(() => resolveDeployment('callback-service', file, 'prod'));

    // assess
    expect(problems).toEqual(['routes FETCH /x: not an HTTP API route key ("$default" or "<METHOD> /<path>")', 'routes GET /health: listed twice']);
  });

  it('keeps ${apiUrl} in the environment for the deploy to fill with the stage\'s API endpoint, and refuses it in the role', () => {
    // prepare
    const file = deployFile({ environment: { CALLBACKS_TABLE: 'callbacks-${stage}', CALLBACK_SERVICE_URL: '${apiUrl}' }, roleArn: 'arn:aws:iam::${account}:role/${apiUrl}' });

    // act
    const problems = problemsOf(() => resolveDeployment('callback-service', file, 'prod'));

    // assess
    expect(problems).toEqual(['roleArn: unknown placeholder ${apiUrl} (use ${stage}, ${app}, ${account})']);
  });

  it('refuses AUTH_SCOPE_PREFIX in deploy.json, which the deploy sets from the deploying environment', () => {
    // prepare
    const file = deployFile({ environment: { CALLBACKS_TABLE: 'callbacks-${stage}', AUTH_SCOPE_PREFIX: 'x/' } });

    // act
    const problems = problemsOf(() => resolveDeployment('callback-service', file, 'prod'));

    // assess
    expect(problems).toEqual(['environment AUTH_SCOPE_PREFIX: is set by the deploy (from the deploying environment)']);
  });

  it("refuses a stage name ending in -sites, which would name another stage's sites API", () => {
    // prepare
    const file = deployFile({ stages: { 'prod-sites': {} } });

    // act
    const problems = problemsOf(() => resolveDeployment('callback-service', file, 'prod-sites'));

    // assess
    expect(problems).toEqual([expect.stringMatching(/^deploy\.stages\.prod-sites: must not end in "-sites"/)]);
  });

  it('reports schema problems with their path', () => {
    // prepare
    const file = deployFile({ architecture: 'sparc', stages: { dev: { memoryMB: 64 } } });

    // act
    const problems = problemsOf(() => resolveDeployment('callback-service', file, 'dev'));

    // assess
    expect(problems).toEqual([expect.stringMatching(/^deploy\.architecture: /), expect.stringMatching(/^deploy\.stages\.dev\.memoryMB: /)]);
  });

  it("fails with DeployConfigError, naming the file, when an app's deploy.json cannot be read", () => {
    // act
    const problems = problemsOf(() => readDeployFile(join(workspaceRoot, 'apps', 'no-such-app'), 'no-such-app'));

    // assess
    expect(problems).toEqual([expect.stringContaining('apps/no-such-app/deploy.json')]);
  });

  it.each(['callback-service', 'integration-service', 'react-app-manager'])("resolves %s's own deploy.json for dev and prod", (app) => {
    // prepare
    const file = readDeployFile(join(workspaceRoot, 'apps', app), app);

    // act
    const stages = ['dev', 'prod'].map((stage) => resolveDeployment(app, file, stage));

    // assess
    expect(stages.map((deployment) => deployment.functionName)).toEqual([`${app}-dev`, `${app}-prod`]);
    expect(stages.every((deployment) => deployment.roleArn !== undefined)).toBe(true);
  });
});
