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

  it('prints the claim as the log group that elects the creator, the wait for its API and the choice of the first', () => {
    // act
    const line = describeStep({ kind: 'claim-api', input: { httpApi: 'api', logGroupName: '/aws/apigateway/ws-prod', api: { Name: 'ws-prod', ProtocolType: 'HTTP', Tags: { 'deploy:http-api': 'ws-prod' } } } });

    // assess
    expect(line).toBe(
      [
        'CloudWatchLogs CreateLogGroup {"logGroupName":"/aws/apigateway/ws-prod"} elects the API\'s creator:',
        'if it creates the group, ApiGatewayV2 CreateApi {"Name":"ws-prod","ProtocolType":"HTTP","Tags":{"deploy:http-api":"ws-prod"}};',
        "if the group exists, ApiGatewayV2 GetApis every 2 s for up to 60 s until another deploy's API appears, and CreateApi only if none does;",
        'then, 2 s later, GetApis again and keep the first created (earliest CreatedDate, then lowest id), DeleteApi <api id> if it is not ours',
      ].join(' '),
    );
  });

  it('numbers the steps from 1', () => {
    // act
    const lines = formatSteps([{ kind: 'wait', waiter: 'FunctionUpdatedV2', input: { FunctionName: 'app-dev' } }]);

    // assess
    expect(lines).toEqual(['   1. Lambda waitUntilFunctionUpdatedV2 {"FunctionName":"app-dev"}']);
  });
});
