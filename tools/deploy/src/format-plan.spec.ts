import { describeStep, formatSteps } from './format-plan';

describe('describeStep', () => {
  it('prints a docker command as you would type it, quoting words the shell would split', () => {
    // act
    const line = describeStep({ kind: 'docker', args: ['build', '--build-arg', 'NOTE=two words', '.'], env: { BUILDX_NO_DEFAULT_ATTESTATIONS: '1' } });

    // assess
    expect(line).toBe("BUILDX_NO_DEFAULT_ATTESTATIONS=1 docker build --build-arg 'NOTE=two words' .");
  });

  it('names what goes to stdin instead of showing it', () => {
    // act
    const line = describeStep({ kind: 'docker', args: ['login', '--username', 'AWS', '--password-stdin', 'registry.example'], stdin: 'registry password' });

    // assess
    expect(line).toBe('docker login --username AWS --password-stdin registry.example <<< (registry password from ECR GetAuthorizationToken)');
  });

  it('prints an AWS call as service, command and its input as JSON', () => {
    // act
    const line = describeStep({ kind: 'aws', call: { service: 'Lambda', command: 'PublishVersion', input: { FunctionName: 'app-dev' } } });

    // assess
    expect(line).toBe('Lambda PublishVersion {"FunctionName":"app-dev"}');
  });

  it('prints the claim after CreateApi as the list it makes and the delete it may make', () => {
    // act
    const line = describeStep({ kind: 'claim-api', input: { Name: 'ws-prod', Tags: { 'deploy:http-api': 'ws-prod' } } });

    // assess
    expect(line).toBe(
      'ApiGatewayV2 GetApis (every page) {"Name":"ws-prod","Tags":{"deploy:http-api":"ws-prod"}}, then DeleteApi <api id> if another deploy created one first (the first created is kept)',
    );
  });

  it('numbers the steps from 1', () => {
    // act
    const lines = formatSteps([{ kind: 'wait', waiter: 'FunctionUpdatedV2', input: { FunctionName: 'app-dev' } }]);

    // assess
    expect(lines).toEqual(['   1. Lambda waitUntilFunctionUpdatedV2 {"FunctionName":"app-dev"}']);
  });
});
