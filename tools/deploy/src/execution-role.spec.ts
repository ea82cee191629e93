import { roleName, trustsLambda } from './execution-role';

const encoded = (policy: object): string => encodeURIComponent(JSON.stringify(policy));

describe('trustsLambda', () => {
  it('accepts the URL-encoded trust policy GetRole answers when it lets lambda.amazonaws.com assume the role', () => {
    // prepare
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['edgelambda.amazonaws.com', 'lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }] };

    // act
    const trusted = trustsLambda(encoded(policy));

    // assess
    expect(trusted).toBe(true);
  });

  it('also reads a policy an SDK already decoded, even with a % in it', () => {
    // prepare
    const policy = { Statement: [{ Sid: '100%lambda', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

    // act
    const trusted = trustsLambda(JSON.stringify(policy));

    // assess
    expect(trusted).toBe(true);
  });

  it('refuses a role that trusts another service', () => {
    // prepare
    const policy = { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' } };

    // act
    const trusted = trustsLambda(encoded(policy));

    // assess
    expect(trusted).toBe(false);
  });

  it('refuses a statement that denies, or allows another action', () => {
    // prepare
    const denied = { Statement: [{ Effect: 'Deny', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const tagOnly = { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:TagSession' }] };

    // act
    const trusted = [trustsLambda(encoded(denied)), trustsLambda(encoded(tagOnly))];

    // assess
    expect(trusted).toEqual([false, false]);
  });

  it('refuses a document that is not a policy', () => {
    // act
    const trusted = trustsLambda('%7Bnot json');

    // assess
    expect(trusted).toBe(false);
  });
});

describe('roleName', () => {
  it('is the last segment of the ARN, without the path', () => {
    // act
    const name = roleName('arn:aws:iam::123456789012:role/service-role/lambda-callback-service-prod');

    // assess
    expect(name).toBe('lambda-callback-service-prod');
  });
});
