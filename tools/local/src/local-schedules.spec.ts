import type { AppScheduledEvent } from '@sm/app-deploy';
import { startLocalSchedules, type LocalSchedule, type RunningSchedules, type ScheduleRunReport } from './local-schedules';
import { virtualClock } from './virtual-clock';

const target = { account: '123456789012', region: 'us-east-1' };

interface Harness {
  clock: ReturnType<typeof virtualClock>;
  events: Array<{ app: string; event: AppScheduledEvent }>;
  reports: ScheduleRunReport[];
  running: RunningSchedules;
  /** Resolves once `count` reports have arrived. */
  reported(count: number): Promise<ScheduleRunReport[]>;
}

function start(schedules: LocalSchedule[], invoke: (app: string, event: AppScheduledEvent) => Promise<unknown> = async () => null): Harness {
  const clock = virtualClock(Date.parse('2026-01-01T00:00:00Z'));
  const events: Harness['events'] = [];
  const reports: ScheduleRunReport[] = [];
  let waiting: { count: number; resolve: () => void } | undefined;
  const running = startLocalSchedules({
    schedules,
    target,
    clock,
    invoke: (app, event) => {
      events.push({ app, event });
      return invoke(app, event);
    },
    onRun: (report) => {
      reports.push(report);
      if (waiting !== undefined && reports.length >= waiting.count) waiting.resolve();
    },
  });
  const reported = (count: number) =>
    reports.length >= count ? Promise.resolve(reports) : new Promise<ScheduleRunReport[]>((resolve) => (waiting = { count, resolve: () => resolve(reports) }));
  return { clock, events, reports, running, reported };
}

const deliverDue: LocalSchedule = { app: 'integration-service', name: 'deliver-due', expression: 'rate(1 minute)' };

describe('the local schedules of npm start', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.running.close();
    harness = undefined;
  });

  it("sends the app's function the contract's scheduled event at each time of a rate, counted from the start", async () => {
    harness = start([deliverDue]);

    await harness.clock.advance(59_999);
    expect(harness.events).toEqual([]);
    await harness.clock.advance(60_001);
    await harness.reported(2);

    expect(harness.events.map(({ app, event }) => ({ app, time: event.time }))).toEqual([
      { app: 'integration-service', time: '2026-01-01T00:01:00Z' },
      { app: 'integration-service', time: '2026-01-01T00:02:00Z' },
    ]);
    const [first, second] = harness.events.map(({ event }) => event);
    expect(first).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      account: '123456789012',
      time: '2026-01-01T00:01:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:scheduler:us-east-1:123456789012:schedule/local/integration-service.deliver-due'],
      detail: { schedule: 'deliver-due' },
    });
    expect(second?.id).not.toBe(first?.id);
    expect(harness.reports).toEqual([
      { app: 'integration-service', schedule: 'deliver-due', scheduledTime: '2026-01-01T00:01:00Z', outcome: 'succeeded', durationMs: expect.any(Number) },
      { app: 'integration-service', schedule: 'deliver-due', scheduledTime: '2026-01-01T00:02:00Z', outcome: 'succeeded', durationMs: expect.any(Number) },
    ]);
  });

  it('runs a cron schedule at the UTC minutes its fields give', async () => {
    harness = start([{ app: 'reports', name: 'quarter-hour', expression: 'cron(0/15 * * * ? *)' }]);

    await harness.clock.advance(46 * 60_000);
    await harness.reported(3);

    expect(harness.events.map(({ event }) => event.time)).toEqual(['2026-01-01T00:15:00Z', '2026-01-01T00:30:00Z', '2026-01-01T00:45:00Z']);
  });

  it('never starts a run while the previous one of the same schedule is going: that time is skipped and said so', async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    harness = start([deliverDue], () => slow);

    await harness.clock.advance(2 * 60_000);
    await harness.reported(1);
    release();
    await harness.reported(2);
    await harness.clock.advance(60_000);
    await harness.reported(3);

    expect(harness.events.map(({ event }) => event.time)).toEqual(['2026-01-01T00:01:00Z', '2026-01-01T00:03:00Z']);
    expect(harness.reports.map(({ scheduledTime, outcome }) => `${scheduledTime} ${outcome}`)).toEqual([
      '2026-01-01T00:02:00Z skipped',
      '2026-01-01T00:01:00Z succeeded',
      '2026-01-01T00:03:00Z succeeded',
    ]);
    expect(harness.reports[0]).toMatchObject({ reason: 'the previous run is still going' });
  });

  it('runs two schedules independently: one still going does not hold the other back', async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    harness = start([deliverDue, { app: 'callback-service', name: 'tick', expression: 'rate(1 minute)' }], (app) => (app === 'integration-service' ? slow : Promise.resolve()));

    await harness.clock.advance(2 * 60_000);
    await harness.reported(3);
    release();

    expect(harness.reports.map(({ app, outcome }) => `${app} ${outcome}`).sort()).toEqual(['callback-service succeeded', 'callback-service succeeded', 'integration-service skipped']);
  });

  it("reports a failed run with the function's error and goes on at the next time", async () => {
    let calls = 0;
    harness = start([deliverDue], async () => {
      calls += 1;
      if (calls === 1) throw new Error('Error: unknown schedule deliver-due');
      return null;
    });

    await harness.clock.advance(2 * 60_000);
    await harness.reported(2);

    expect(harness.reports).toEqual([
      expect.objectContaining({ scheduledTime: '2026-01-01T00:01:00Z', outcome: 'failed', error: 'Error: unknown schedule deliver-due' }),
      expect.objectContaining({ scheduledTime: '2026-01-01T00:02:00Z', outcome: 'succeeded' }),
    ]);
  });

  it('stops firing once closed, after the run in flight has ended', async () => {
    let release: () => void = () => undefined;
    harness = start([deliverDue], () => new Promise<void>((resolve) => (release = resolve)));
    await harness.clock.advance(60_000);

    const closed = harness.running.close();
    let done = false;
    void closed.then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    release();
    await closed;
    await harness.clock.advance(10 * 60_000);

    expect(harness.events).toHaveLength(1);
    expect(harness.reports).toEqual([expect.objectContaining({ outcome: 'succeeded' })]);
  });
});
