import { sendScheduleCall, type ScheduleCall } from './schedule-calls';
import { fakeAws } from './fake-aws';
import { fakeClock } from './fake-clock';

const group = 'serverless-microservices-prod';
const definition = { ScheduleExpression: 'rate(1 minute)', FlexibleTimeWindow: { Mode: 'OFF' as const }, Target: { Arn: 'arn:aws:lambda:eu-west-1:123456789012:function:app-prod:live', RoleArn: 'role' } };

function setUp(schedules: Record<string, typeof definition> | undefined) {
  const aws = fakeAws({ repositoryExists: true, fn: null, ...(schedules === undefined ? {} : { scheduleGroups: { [group]: schedules } }) });
  const send = (call: ScheduleCall) => sendScheduleCall(call, { iam: aws.clients.iam, scheduler: aws.clients.scheduler, sleep: fakeClock().sleep });
  return { aws, send };
}

describe('sendScheduleCall: what another deploy did meanwhile', () => {
  it('updates a schedule that another deploy created since the reads, with this definition', async () => {
    // prepare
    const { aws, send } = setUp({ 'app.tick': { ...definition, ScheduleExpression: 'rate(2 minutes)' } });

    // act
    await send({ service: 'Scheduler', command: 'CreateSchedule', input: { Name: 'app.tick', GroupName: group, ...definition } });

    // assess
    expect(aws.journal.map((entry) => entry.call)).toEqual(['Scheduler.CreateSchedule', 'Scheduler.UpdateSchedule']);
    expect(aws.account.scheduleGroups?.[group]?.['app.tick']?.ScheduleExpression).toBe('rate(1 minute)');
  });

  it('creates again a schedule deleted since the reads instead of updating it', async () => {
    // prepare
    const { aws, send } = setUp({});

    // act
    await send({ service: 'Scheduler', command: 'UpdateSchedule', input: { Name: 'app.tick', GroupName: group, ...definition } });

    // assess
    expect(aws.journal.map((entry) => entry.call)).toEqual(['Scheduler.UpdateSchedule', 'Scheduler.CreateSchedule']);
    expect(aws.account.scheduleGroups?.[group]?.['app.tick']).toEqual(definition);
  });

  it('counts a schedule already gone as deleted, and a group or role another deploy created as there', async () => {
    // prepare
    const { aws, send } = setUp({});
    await send({ service: 'IAM', command: 'CreateRole', input: { RoleName: 'scheduler-app-prod', AssumeRolePolicyDocument: '{}' } });

    // act
    const settled = Promise.all([
      send({ service: 'Scheduler', command: 'DeleteSchedule', input: { Name: 'app.gone', GroupName: group } }),
      send({ service: 'Scheduler', command: 'CreateScheduleGroup', input: { Name: group } }),
      send({ service: 'IAM', command: 'CreateRole', input: { RoleName: 'scheduler-app-prod', AssumeRolePolicyDocument: '{}' } }),
    ]);

    // assess
    await expect(settled).resolves.toBeDefined();
    expect(aws.journal.map((entry) => entry.call)).toEqual(['IAM.CreateRole', 'Scheduler.DeleteSchedule', 'Scheduler.CreateScheduleGroup', 'IAM.CreateRole']);
  });

  it('fails on what is no race: a schedule in a group that does not exist', async () => {
    // prepare
    const { send } = setUp(undefined);

    // act
    const failure = send({ service: 'Scheduler', command: 'CreateSchedule', input: { Name: 'app.tick', GroupName: group, ...definition } });

    // assess
    await expect(failure).rejects.toThrow(`Schedule group ${group} does not exist.`);
  });
});
