import { deployedScheduleName, scheduleArn, scheduledEvent, scheduledEventInput } from './scheduled-event';

const target = { account: '123456789012', region: 'eu-west-1' };

describe('scheduled events', () => {
  it("gives Scheduler the contract's event, with its context attributes where each run's values go", () => {
    expect(scheduledEventInput('deliver-due', target)).toEqual({
      version: '0',
      id: '<aws.scheduler.execution-id>',
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      account: '123456789012',
      time: '<aws.scheduler.scheduled-time>',
      region: 'eu-west-1',
      resources: ['<aws.scheduler.schedule-arn>'],
      detail: { schedule: 'deliver-due' },
    });
  });

  it('fills one run in as Scheduler does: the execution id, the scheduled time in whole seconds, the schedule ARN', () => {
    const arn = scheduleArn(target, 'serverless-microservices-prod', deployedScheduleName('integration-service', 'deliver-due'));

    const event = scheduledEvent('deliver-due', target, { id: 'c0ffee00-0000-4000-8000-000000000001', time: new Date('2026-01-01T00:01:00.000Z'), scheduleArn: arn });

    expect(event).toEqual({
      ...scheduledEventInput('deliver-due', target),
      id: 'c0ffee00-0000-4000-8000-000000000001',
      time: '2026-01-01T00:01:00Z',
      resources: ['arn:aws:scheduler:eu-west-1:123456789012:schedule/serverless-microservices-prod/integration-service.deliver-due'],
    });
  });
});
