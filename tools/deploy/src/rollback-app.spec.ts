import { UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { DeployPreconditionError, DeployStepError, NoPreviousVersionError } from './errors';
import { FAKE, fakeAws, type FakeFunction } from './fake-aws';
import { previousVersion, rollbackApp, type RollbackRequest } from './rollback-app';

const FunctionName = 'callback-service-prod';
const request: RollbackRequest = {
  app: 'callback-service',
  stage: 'prod',
  dryRun: false,
  deployFile: {
    function: { handler: 'src/main.ts', timeoutSeconds: 10, memoryMB: 512 },
    routes: [{ routeKey: 'GET /health', authorization: 'none' }],
    deploy: { architecture: 'x86_64', roleArn: 'arn:aws:iam::${account}:role/r', stages: { prod: {} } },
  },
};

function setUp(fn: Partial<FakeFunction>) {
  const aws = fakeAws({ repositoryExists: true, fn: { versions: ['1', '2', '3'], alias: { version: '3', revisionId: 'r3' }, url: null, statementIds: [], updateNeverSettles: false, ...fn } });
  const output: string[] = [];
  return { aws, output, deps: { aws: { clients: aws.clients, region: FAKE.region }, print: (line: string) => output.push(line) } };
}

describe('previousVersion', () => {
  it('is the highest published version below the current one, ignoring $LATEST', () => {
    // act
    const previous = previousVersion(['$LATEST', '1', '10', '2', '9'], '10');

    // assess
    expect(previous).toBe('9');
  });
});

describe('rollbackApp', () => {
  it('moves live from 3 to 2 with exactly these calls', async () => {
    // prepare
    const { aws, deps } = setUp({});

    // act
    const outcome = await rollbackApp(request, deps);

    // assess
    expect(aws.journal).toEqual([
      { call: 'Lambda.GetAlias', input: { FunctionName, Name: 'live' } },
      { call: 'Lambda.ListVersionsByFunction', input: { FunctionName } },
      { call: 'Lambda.UpdateAlias', input: { FunctionName, Name: 'live', FunctionVersion: '2', RevisionId: 'r3' } },
    ]);
    expect(outcome).toEqual({ dryRun: false, from: '3', to: '2' });
  });

  it('makes no API Gateway call: the routes follow the alias', async () => {
    // prepare
    const { aws, deps } = setUp({});

    // act
    await rollbackApp(request, deps);

    // assess
    expect(aws.mocks.apigateway.calls()).toHaveLength(0);
    expect(aws.journal.filter((entry) => !entry.call.startsWith('Lambda.'))).toEqual([]);
  });

  it('goes one version further back each time it runs', async () => {
    // prepare
    const { aws, deps } = setUp({});
    await rollbackApp(request, deps);

    // act
    await rollbackApp(request, deps);

    // assess
    expect(aws.account.fn?.alias?.version).toBe('1');
  });

  it('fails clearly when live already points to the oldest version', async () => {
    // prepare
    const { aws, deps } = setUp({ alias: { version: '1', revisionId: 'r1' } });

    // act
    const failure = rollbackApp(request, deps);

    // assess
    await expect(failure).rejects.toThrow(NoPreviousVersionError);
    await expect(failure).rejects.toThrow('Cannot roll back callback-service-prod: live points to version 1, and no published version is older.');
    expect(aws.mocks.lambda.commandCalls(UpdateAliasCommand)).toHaveLength(0);
  });

  it('fails clearly when the function has no alias live', async () => {
    // prepare
    const { deps } = setUp({ alias: null });

    // act
    const failure = rollbackApp(request, deps);

    // assess
    await expect(failure).rejects.toThrow('Cannot roll back callback-service-prod: it has no alias live (deploy it first).');
  });

  it('does not undo a deploy that moved the alias between the read and the move', async () => {
    // prepare
    const { aws, deps } = setUp({});
    aws.mocks.lambda.on(UpdateAliasCommand).rejects(new Error('The RevisionId does not match the latest RevisionId of the alias'));

    // act
    const failure = rollbackApp(request, deps);

    // assess
    await expect(failure).rejects.toThrow(DeployStepError);
    await expect(failure).rejects.toThrow(/The alias live was not moved from version 3\.$/);
  });

  it('prints the move and makes only the reads in a dry run', async () => {
    // prepare
    const { aws, deps, output } = setUp({});

    // act
    await rollbackApp({ ...request, dryRun: true }, deps);

    // assess
    expect(aws.journal.map((entry) => entry.call)).toEqual(['Lambda.GetAlias', 'Lambda.ListVersionsByFunction']);
    expect(output).toContain(`   1. Lambda UpdateAlias {"FunctionName":"${FunctionName}","Name":"live","FunctionVersion":"2","RevisionId":"r3"}`);
  });

  it('stops before any call when credentials or region are missing', async () => {
    // prepare
    const { aws, deps } = setUp({});

    // act
    const failure = rollbackApp(request, { ...deps, aws: { missing: ['AWS region: not set (set AWS_REGION)'], region: undefined } });

    // assess
    await expect(failure).rejects.toThrow(DeployPreconditionError);
    await expect(failure).rejects.toThrow('Cannot roll back callback-service on prod; nothing was changed. Missing:\n  - AWS region: not set (set AWS_REGION)');
    expect(aws.journal).toEqual([]);
  });
});
