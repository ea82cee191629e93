import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { deployedScheduleName, nextRunAfter, parseScheduleExpression, scheduleArn, scheduledEvent, type AppScheduledEvent, type ScheduleTarget } from '@sm/app-deploy';

/** The time the schedules run on: the system's, or a test's virtual one. */
export interface ScheduleClock {
  now(): number;
  /** Calls `fire` once `ms` have passed (or earlier, never later); the function returned cancels it. */
  after(ms: number, fire: () => void): () => void;
}

// setTimeout fires at once past 2^31 - 1 ms (about 24.8 days); a yearly cron waits in such steps.
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** Node's timers: a schedule's timer does not keep the process alive on its own. */
export const systemClock: ScheduleClock = {
  now: () => Date.now(),
  after: (ms, fire) => {
    const timer = setTimeout(fire, Math.min(Math.max(ms, 0), LONGEST_TIMER_MS));
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** A schedule of an app's deploy.json, as the stack runs it. */
export interface LocalSchedule {
  app: string;
  name: string;
  expression: string;
}

/** How one scheduled time went. */
export type ScheduleRunReport = { app: string; schedule: string; scheduledTime: string } & (
  | { outcome: 'succeeded' | 'failed'; durationMs: number; error?: string }
  | { outcome: 'skipped'; reason: string }
);

export interface LocalSchedulesOptions {
  schedules: readonly LocalSchedule[];
  /** Invokes the app's function with the event and answers its result; rejects on a function error. */
  invoke(app: string, event: AppScheduledEvent): Promise<unknown>;
  target: ScheduleTarget;
  clock: ScheduleClock;
  /** Told once per scheduled time: the run's outcome, or why it did not run. */
  onRun(report: ScheduleRunReport): void;
}

export interface RunningSchedules {
  /** Stops the timers; resolves once runs in flight have ended. */
  close(): Promise<void>;
}

/** The group the local schedules claim in their ARN, as a stage's group holds the deployed ones. */
const LOCAL_GROUP = 'local';

/**
 * Runs each schedule as EventBridge Scheduler would, in this process: at each time its expression
 * gives (a rate from when the stack started), the app's function gets the schedule's event, with a
 * fresh id and the scheduled time. A run still going at the schedule's next time makes that time
 * skipped and reported, so one schedule never overlaps itself here (EventBridge Scheduler gives no
 * such promise: a handler copes with overlapping runs anyway).
 *
 * @example
 * const running = startLocalSchedules({ schedules, invoke, target, clock: systemClock, onRun: (report) => console.log(report) });
 */
export function startLocalSchedules(options: LocalSchedulesOptions): RunningSchedules {
  const startedAt = options.clock.now();
  const inFlight = new Set<Promise<void>>();
  const cancels = new Set<() => void>();
  let closed = false;

  const runOnce = (schedule: LocalSchedule, due: number): Promise<void> => {
    const event = scheduledEvent(schedule.name, options.target, {
      id: randomUUID(),
      time: new Date(due),
      scheduleArn: scheduleArn(options.target, LOCAL_GROUP, deployedScheduleName(schedule.app, schedule.name)),
    });
    const started = performance.now();
    const report = (outcome: 'succeeded' | 'failed', error?: string) =>
      options.onRun({ app: schedule.app, schedule: schedule.name, scheduledTime: event.time, outcome, durationMs: Math.round(performance.now() - started), ...(error === undefined ? {} : { error }) });
    return options.invoke(schedule.app, event).then(
      () => report('succeeded'),
      (error: unknown) => report('failed', error instanceof Error ? error.message : String(error)),
    );
  };

  const follow = (schedule: LocalSchedule): void => {
    const expression = parseScheduleExpression(schedule.expression);
    let running: Promise<void> | undefined;
    const arm = (after: number): void => {
      const due = nextRunAfter(expression, after, startedAt);
      if (due === undefined || closed) return;
      const cancel = options.clock.after(due - options.clock.now(), () => {
        cancels.delete(cancel);
        if (closed) return;
        // A timer may fire early (the longest one Node keeps); wait on for the rest.
        if (options.clock.now() < due) return arm(after);
        arm(due);
        if (running !== undefined) {
          const scheduledTime = new Date(due).toISOString().replace(/\.\d{3}Z$/, 'Z');
          options.onRun({ app: schedule.app, schedule: schedule.name, scheduledTime, outcome: 'skipped', reason: 'the previous run is still going' });
          return;
        }
        const run = runOnce(schedule, due).finally(() => {
          running = undefined;
          inFlight.delete(run);
        });
        running = run;
        inFlight.add(run);
      });
      cancels.add(cancel);
    };
    arm(startedAt);
  };

  options.schedules.forEach(follow);
  return {
    close: async () => {
      closed = true;
      for (const cancel of cancels) cancel();
      cancels.clear();
      await Promise.all(inFlight);
    },
  };
}
