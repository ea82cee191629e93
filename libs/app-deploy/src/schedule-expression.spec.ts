import { nextRunAfter, parseScheduleExpression, ScheduleExpressionError } from './schedule-expression';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The next `count` runs of `expression` after `from`, as ISO strings. */
function runs(expression: string, from: string, count: number, startedAt = from): Array<string | undefined> {
  const parsed = parseScheduleExpression(expression);
  const times: Array<string | undefined> = [];
  let after: number | undefined = at(from);
  for (let index = 0; index < count && after !== undefined; index += 1) {
    after = nextRunAfter(parsed, after, at(startedAt));
    times.push(iso(after));
  }
  return times;
}

describe('parseScheduleExpression', () => {
  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(5 minutes)', 300_000],
    ['rate(1 hour)', 3_600_000],
    ['rate(2 days)', 172_800_000],
  ])('reads %s as every %i ms', (expression, everyMs) => {
    expect(parseScheduleExpression(expression)).toEqual({ kind: 'rate', everyMs, text: expression });
  });

  it.each([
    ['rate(0 minutes)', /at least 1/],
    ['rate(1 minutes)', /singular unit \(rate\(1 minute\)\)/],
    ['rate(5 minute)', /plural unit \(rate\(5 minutes\)\)/],
    ['rate(5 seconds)', /minute\(s\), hour\(s\) or day\(s\)/],
    ['rate(-1 minute)', /positive whole number/],
    ['rate(1.5 hours)', /positive whole number/],
    ['every minute', /must be rate\(<value> <unit>\) or cron\(/],
    ['cron(0 12 * * ?)', /six fields/],
    ['cron(0 12 * * * *)', /exactly one of day-of-month and day-of-week must be \?/],
    ['cron(0 12 ? * ? *)', /exactly one of day-of-month and day-of-week must be \?/],
    ['cron(60 12 * * ? *)', /minutes: "60" is not 0-59/],
    ['cron(0 24 * * ? *)', /hours: "24" is not 0-23/],
    ['cron(0 12 32 * ? *)', /day-of-month: "32" is not 1-31/],
    ['cron(0 12 * 13 ? *)', /month: "13" is not 1-12 or JAN-DEC/],
    ['cron(0 12 ? * 8 *)', /day-of-week: "8" is not 1-7 or SUN-SAT/],
    ['cron(0 12 ? * 3#6 *)', /occurrence must be 1 to 5/],
    ['cron(0 12 * * ? 2200)', /year: "2200" is not 1970-2199/],
    ['cron(0 12-10 * * ? *)', /runs backwards/],
    ['cron(0/0 12 * * ? *)', /step after \/ must be a positive whole number/],
    ['cron(0  12 * * ? *)', /six fields separated by single spaces/],
  ])('refuses %s, saying why', (expression, problem) => {
    expect(() => parseScheduleExpression(expression)).toThrow(ScheduleExpressionError);
    expect(() => parseScheduleExpression(expression)).toThrow(problem);
  });

  it('reads names, ranges, lists and steps in any field', () => {
    expect(() => parseScheduleExpression('cron(0/15 8-17 ? JAN,MAR-DEC MON-FRI 2026-2030)')).not.toThrow();
  });
});

describe('nextRunAfter', () => {
  it('runs a rate schedule every interval from when it started, whatever the wall clock', () => {
    expect(runs('rate(1 minute)', '2026-01-01T00:00:20.500Z', 3)).toEqual(['2026-01-01T00:01:20.500Z', '2026-01-01T00:02:20.500Z', '2026-01-01T00:03:20.500Z']);
  });

  it('skips the runs of a rate schedule that lie in the past', () => {
    expect(runs('rate(5 minutes)', '2026-01-01T00:12:00Z', 1, '2026-01-01T00:00:00Z')).toEqual(['2026-01-01T00:15:00.000Z']);
  });

  it('runs a cron schedule at whole UTC minutes, strictly after the given time', () => {
    expect(runs('cron(0/15 * * * ? *)', '2026-01-01T00:15:00Z', 3)).toEqual(['2026-01-01T00:30:00.000Z', '2026-01-01T00:45:00.000Z', '2026-01-01T01:00:00.000Z']);
  });

  it('runs at 8:00 on weekdays only', () => {
    // 2026-01-02 is a Friday.
    expect(runs('cron(0 8 ? * MON-FRI *)', '2026-01-02T09:00:00Z', 2)).toEqual(['2026-01-05T08:00:00.000Z', '2026-01-06T08:00:00.000Z']);
  });

  it('runs on the last day of each month, leap years included', () => {
    expect(runs('cron(30 23 L * ? *)', '2028-01-31T23:31:00Z', 2)).toEqual(['2028-02-29T23:30:00.000Z', '2028-03-31T23:30:00.000Z']);
  });

  it('runs on the weekday nearest a day without leaving the month', () => {
    // 2026-02-01 is a Sunday, 2026-03-01 a Sunday, 2026-08-01 a Saturday.
    expect(runs('cron(0 9 1W * ? *)', '2026-01-31T00:00:00Z', 2)).toEqual(['2026-02-02T09:00:00.000Z', '2026-03-02T09:00:00.000Z']);
    expect(runs('cron(0 9 1W AUG ? *)', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-08-03T09:00:00.000Z']);
  });

  it('runs on the second Tuesday and on the last Friday of the month', () => {
    expect(runs('cron(0 10 ? * 3#2 *)', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-01-13T10:00:00.000Z', '2026-02-10T10:00:00.000Z']);
    expect(runs('cron(0 10 ? * 6L *)', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-01-30T10:00:00.000Z', '2026-02-27T10:00:00.000Z']);
  });

  it('finds a yearly run far ahead, and none once its years have passed', () => {
    expect(runs('cron(0 0 29 FEB ? *)', '2026-03-01T00:00:00Z', 1)).toEqual(['2028-02-29T00:00:00.000Z']);
    expect(runs('cron(0 0 1 1 ? 2026)', '2026-06-01T00:00:00Z', 1)).toEqual([undefined]);
  });
});
