import type { ScheduledEvent } from 'aws-lambda';

/**
 * What a scheduled run hands the app's handler: an EventBridge `Scheduled Event` from
 * `aws.scheduler`, whose `detail.schedule` names the deploy.json schedule the handler dispatches on.
 */
export type AppScheduledEvent = ScheduledEvent<{ schedule: string }>;

/**
 * EventBridge Scheduler's context attributes, which it fills in a target's `Input` at each run.
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html
 */
export const SCHEDULER_CONTEXT = {
  executionId: '<aws.scheduler.execution-id>',
  scheduledTime: '<aws.scheduler.scheduled-time>',
  scheduleArn: '<aws.scheduler.schedule-arn>',
} as const;

/** The account and region a schedule's events claim (the local ones under `npm start`). */
export interface ScheduleTarget {
  account: string;
  region: string;
}

/**
 * The event of a schedule as the deploy gives it to EventBridge Scheduler (the target's `Input`),
 * with Scheduler's context attributes where each run's id, scheduled time and schedule ARN go.
 *
 * @example
 * const Input = JSON.stringify(scheduledEventInput('deliver-due', { account: '123456789012', region: 'eu-west-1' }));
 */
export function scheduledEventInput(schedule: string, target: ScheduleTarget): AppScheduledEvent {
  return {
    version: '0',
    id: SCHEDULER_CONTEXT.executionId,
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account: target.account,
    time: SCHEDULER_CONTEXT.scheduledTime,
    region: target.region,
    resources: [SCHEDULER_CONTEXT.scheduleArn],
    detail: { schedule },
  };
}

/** One run of a schedule: its execution id, the time it was due, and the schedule's ARN. */
export interface ScheduledRun {
  id: string;
  time: Date;
  scheduleArn: string;
}

/**
 * The event one run of a schedule hands the handler: {@link scheduledEventInput} with the context
 * attributes filled in as Scheduler fills them (the scheduled time in ISO 8601 without milliseconds).
 *
 * @example
 * const event = scheduledEvent('deliver-due', { account: '123456789012', region: 'us-east-1' }, { id: randomUUID(), time: new Date(), scheduleArn });
 */
export function scheduledEvent(schedule: string, target: ScheduleTarget, run: ScheduledRun): AppScheduledEvent {
  return {
    ...scheduledEventInput(schedule, target),
    id: run.id,
    time: run.time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    resources: [run.scheduleArn],
  };
}

/**
 * The name the deploy gives an app's schedule in the stage's schedule group: `<app>.<schedule>`. Both
 * parts are kebab-case, so the dot makes `<app>.` a prefix no other app's schedules share.
 *
 * @example
 * deployedScheduleName('integration-service', 'deliver-due'); // 'integration-service.deliver-due'
 */
export function deployedScheduleName(app: string, schedule: string): string {
  return `${app}.${schedule}`;
}

/**
 * A schedule's ARN in its group.
 *
 * @example
 * scheduleArn({ account: '123456789012', region: 'eu-west-1' }, 'serverless-microservices-prod', 'integration-service.deliver-due');
 * // 'arn:aws:scheduler:eu-west-1:123456789012:schedule/serverless-microservices-prod/integration-service.deliver-due'
 */
export function scheduleArn(target: ScheduleTarget, group: string, name: string): string {
  return `arn:aws:scheduler:${target.region}:${target.account}:schedule/${group}/${name}`;
}
