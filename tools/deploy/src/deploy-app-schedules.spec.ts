import { deployApp, type DeployRequest } from './deploy-app';
import { DeployConfigError, DeployStepError } from './errors';
import { FAKE, fakeAws, fakeDocker, LAMBDA_TRUST_POLICY, type FakeAccount } from './fake-aws';
import { fakeClock } from './fake-clock';
import { ROLE_PROPAGATION } from './schedule-calls';

const sha = '0123456789abcdef0123456789abcdef01234567';
const app = 'integration-service';
const FunctionName = `${app}-prod`;
const group = 'serverless-microservices-prod';
const aliasArn = `arn:aws:lambda:${FAKE.region}:${FAKE.account}:function:${FunctionName}:live`;
const RoleName = `scheduler-${FunctionName}`;
const fastWaits = { maxWaitTime: 1, minDelay: 0.05, maxDelay: 0.05 };

const deliverDue = { name: 'deliver-due', expression: 'rate(1 minute)' };

function deployFile(schedules: unknown[]) {
  return {
    function: { handler: 'src/main.ts', timeoutSeconds: 15, memoryMB: 512 },
    routes: [{ routeKey: 'GET /integration-service/health', authorization: 'none' }],
    schedules,
    deploy: { architecture: 'x86_64', roleArn: 'arn:aws:iam::${account}:role/lambda-${app}-${stage}', stages: { prod: {} } },
  };
}

function request(schedules: unknown[], overrides: Partial<DeployRequest> = {}): DeployRequest {
  return { app, stage: 'prod', deployFile: deployFile(schedules), workspace: 'serverless-microservices', dryRun: false, git: { sha, dirty: false }, env: {}, ...overrides };
}

// Only the execution role exists at first: the scheduler role is the deploy's to make.
const firstTime: FakeAccount = { repositoryExists: false, fn: null, roles: { [`lambda-${FunctionName}`]: LAMBDA_TRUST_POLICY } };

function setUp(initial: FakeAccount = firstTime) {
  const aws = fakeAws(initial);
  const output: string[] = [];
  const clock = fakeClock();
  const deps = { aws: { clients: aws.clients, region: FAKE.region }, docker: fakeDocker(aws.journal), print: (line: string) => output.push(line), waitLimits: fastWaits, sleep: clock.sleep };
  return { aws, deps, output, clock };
}

/** The journal's IAM and Scheduler calls that change something, in order. */
function scheduleWrites(journal: ReadonlyArray<{ call: string; input: unknown }>, from = 0) {
  return journal.slice(from).filter((entry) => /^(IAM|Scheduler)\./.test(entry.call) && !/\.(Get|List)/.test(entry.call));
}

const expectedInput = {
  Name: `${app}.deliver-due`,
  GroupName: group,
  ScheduleExpression: 'rate(1 minute)',
  Description: `deliver-due of ${FunctionName} (apps/${app}/deploy.json)`,
  State: 'ENABLED',
  FlexibleTimeWindow: { Mode: 'OFF' },
  Target: {
    Arn: aliasArn,
    RoleArn: `arn:aws:iam::${FAKE.account}:role/${RoleName}`,
    Input: JSON.stringify({
      version: '0',
      id: '<aws.scheduler.execution-id>',
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      account: FAKE.account,
      time: '<aws.scheduler.scheduled-time>',
      region: FAKE.region,
      resources: ['<aws.scheduler.schedule-arn>'],
      detail: { schedule: 'deliver-due' },
    }),
    RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 60 },
  },
};

describe('nx deploy: the schedules of deploy.json on EventBridge Scheduler', () => {
  it('creates the scheduler role before the function, then the stage group and the schedule on the alias once it exists', async () => {
    // prepare
    const { aws, deps } = setUp();

    // act
    await deployApp(request([deliverDue]), deps);

    // assess
    expect(scheduleWrites(aws.journal)).toEqual([
      {
        call: 'IAM.CreateRole',
        input: {
          RoleName,
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': FAKE.account } } }],
          }),
          Description: `EventBridge Scheduler invokes ${FunctionName}:live for the schedules of apps/${app}/deploy.json`,
        },
      },
      {
        call: 'IAM.PutRolePolicy',
        input: {
          RoleName,
          PolicyName: 'invoke-function',
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: aliasArn }] }),
        },
      },
      { call: 'Scheduler.CreateScheduleGroup', input: { Name: group } },
      { call: 'Scheduler.CreateSchedule', input: expectedInput },
    ]);
    const order = aws.journal.map((entry) => entry.call);
    expect(order.indexOf('IAM.PutRolePolicy')).toBeLessThan(order.indexOf('Lambda.CreateFunction'));
    expect(order.indexOf('Lambda.CreateAlias')).toBeLessThan(order.indexOf('Scheduler.CreateSchedule'));
  });

  it('changes nothing about schedules on a redeploy of the same deploy.json', async () => {
    // prepare
    const { aws, deps } = setUp();
    await deployApp(request([deliverDue]), deps);
    const before = aws.journal.length;

    // act
    await deployApp(request([deliverDue]), deps);

    // assess
    expect(aws.journal.slice(before).filter((entry) => /^(IAM|Scheduler)\./.test(entry.call)).map((entry) => entry.call)).toEqual([
      'IAM.GetRole',
      'Scheduler.GetScheduleGroup',
      'Scheduler.ListSchedules',
      'Scheduler.GetSchedule',
      'IAM.GetRole',
      'IAM.GetRolePolicy',
    ]);
  });

  it('sends UpdateSchedule the whole definition when an expression changes, since it resets what it is not sent', async () => {
    // prepare
    const { aws, deps } = setUp();
    await deployApp(request([deliverDue]), deps);
    const before = aws.journal.length;

    // act
    await deployApp(request([{ name: 'deliver-due', expression: 'rate(5 minutes)' }]), deps);

    // assess
    const changed = { ...expectedInput, ScheduleExpression: 'rate(5 minutes)', Target: { ...expectedInput.Target, RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 300 } } };
    expect(scheduleWrites(aws.journal, before)).toEqual([{ call: 'Scheduler.UpdateSchedule', input: changed }]);
    expect(aws.account.scheduleGroups?.[group]?.[`${app}.deliver-due`]?.ScheduleExpression).toBe('rate(5 minutes)');
  });

  it("deletes the app's schedules deploy.json no longer declares, every page of them, and no other app's", async () => {
    // prepare: another app's schedule shares the group, one whose name only starts like this app's too
    const { aws, deps } = setUp();
    await deployApp(request([deliverDue, { name: 'nightly', expression: 'cron(0 2 * * ? *)' }, { name: 'weekly', expression: 'cron(0 3 ? * MON *)' }]), deps);
    const groupSchedules = aws.account.scheduleGroups?.[group] ?? {};
    groupSchedules['integration-service-archive.deliver-due'] = { ScheduleExpression: 'rate(1 hour)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: 'other', RoleArn: 'other' } };
    groupSchedules['callback-service.tick'] = { ScheduleExpression: 'rate(1 hour)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: 'other', RoleArn: 'other' } };
    const before = aws.journal.length;

    // act
    await deployApp(request([deliverDue]), deps);

    // assess
    expect(scheduleWrites(aws.journal, before)).toEqual([
      { call: 'Scheduler.DeleteSchedule', input: { Name: `${app}.nightly`, GroupName: group } },
      { call: 'Scheduler.DeleteSchedule', input: { Name: `${app}.weekly`, GroupName: group } },
    ]);
    expect(Object.keys(aws.account.scheduleGroups?.[group] ?? {}).sort()).toEqual(['callback-service.tick', 'integration-service-archive.deliver-due', `${app}.deliver-due`]);
  });

  it('removes the last schedule of an app that declares none any more, and reads no scheduler role for it', async () => {
    // prepare
    const { aws, deps } = setUp();
    await deployApp(request([deliverDue]), deps);
    const before = aws.journal.length;

    // act
    await deployApp(request([]), deps);

    // assess
    expect(scheduleWrites(aws.journal, before)).toEqual([{ call: 'Scheduler.DeleteSchedule', input: { Name: `${app}.deliver-due`, GroupName: group } }]);
    expect(aws.journal.slice(before).filter((entry) => entry.call === 'IAM.GetRole').map((entry) => entry.input)).toEqual([{ RoleName: `lambda-${FunctionName}` }]);
  });

  it('waits for IAM to make a new role usable: CreateSchedule refused for the execution role is tried again', async () => {
    // prepare
    const { aws, deps, clock } = setUp({ ...firstTime, roleUsableAfterCalls: 2 });

    // act
    await deployApp(request([deliverDue]), deps);

    // assess
    expect(aws.journal.filter((entry) => entry.call === 'Scheduler.CreateSchedule')).toHaveLength(3);
    expect(clock.sleeps.filter((ms) => ms === ROLE_PROPAGATION.pollMs)).toHaveLength(2);
    expect(aws.account.scheduleGroups?.[group]?.[`${app}.deliver-due`]).toBeDefined();
  });

  it('gives up on a role Scheduler never accepts, naming the step, with the alias already moved', async () => {
    // prepare
    const { deps } = setUp({ ...firstTime, roleUsableAfterCalls: 1000 });

    // act
    const failure = deployApp(request([deliverDue]), deps);

    // assess
    await expect(failure).rejects.toThrow(DeployStepError);
    await expect(failure).rejects.toThrow(/Scheduler CreateSchedule .*The alias live already points to the new version/s);
  });

  it('prints the schedule steps in a dry run and changes nothing', async () => {
    // prepare
    const { aws, deps, output } = setUp();

    // act
    await deployApp(request([deliverDue], { dryRun: true }), deps);

    // assess
    expect(aws.journal.filter((entry) => entry.call === 'docker' || !/\.(Get|Describe|List)/.test(entry.call))).toEqual([]);
    expect(output).toContainEqual(expect.stringMatching(/^ +\d+\. IAM CreateRole \{"RoleName":"scheduler-integration-service-prod"/));
    expect(output).toContainEqual(expect.stringMatching(/^ +\d+\. Scheduler CreateScheduleGroup \{"Name":"serverless-microservices-prod"\}$/));
    expect(output).toContainEqual(expect.stringMatching(/^ +\d+\. Scheduler CreateSchedule \{"Name":"integration-service.deliver-due","GroupName":"serverless-microservices-prod","ScheduleExpression":"rate\(1 minute\)"/));
  });

  it('prints, without AWS access, the reads about schedules and the steps of a first deploy, and none for an unchanged redeploy', async () => {
    // prepare
    const output: string[] = [];
    const deps = { aws: { missing: ['AWS credentials: none found'], region: 'eu-west-1' }, docker: fakeDocker([]), print: (line: string) => output.push(line), waitLimits: fastWaits, sleep: fakeClock().sleep };

    // act
    await deployApp(request([deliverDue], { dryRun: true }), deps);

    // assess
    const again = output.findIndex((line) => line.startsWith('Plan if') && line.includes('which exists'));
    expect(output).toContain('        Scheduler ListSchedules {"GroupName":"serverless-microservices-prod","NamePrefix":"integration-service."}');
    expect(output).toContain('        IAM GetRolePolicy {"RoleName":"scheduler-integration-service-prod","PolicyName":"invoke-function"}');
    expect(output.slice(0, again).some((line) => line.includes('Scheduler CreateSchedule {'))).toBe(true);
    expect(output.slice(again).filter((line) => /\. (IAM|Scheduler) /.test(line))).toEqual([]);
  });

  it('refuses a schedule whose deployed name would pass EventBridge Scheduler’s 64 characters', async () => {
    // prepare
    const { deps } = setUp();

    // act
    const failure = deployApp(request([{ name: `x${'-y'.repeat(22)}`, expression: 'rate(1 hour)' }]), deps);

    // assess
    await expect(failure).rejects.toThrow(DeployConfigError);
    await expect(failure).rejects.toThrow(/schedules x-y.*: the schedule's name integration-service\.x-y.* is longer than EventBridge Scheduler's 64 characters/);
  });
});
