/**
 * A recurring EventBridge Scheduler expression, parsed: `rate(value unit)` or AWS's six-field
 * `cron(minutes hours day-of-month month day-of-week year)`, evaluated in UTC (schedules carry no
 * time zone). https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 *
 * @example
 * const every = parseScheduleExpression('rate(5 minutes)'); // { kind: 'rate', everyMs: 300000, text: 'rate(5 minutes)' }
 */
export type ScheduleExpression = { kind: 'rate'; everyMs: number; text: string } | { kind: 'cron'; cron: CronFields; text: string };

/** The six fields of a cron expression, each as the values it allows. */
export interface CronFields {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  dayOfMonth: DayOfMonth;
  months: ReadonlySet<number>;
  dayOfWeek: DayOfWeek;
  years: ReadonlySet<number>;
}

/** `?`, a set of days, `L` (the last day) or `<day>W` (the weekday nearest that day, within the month). */
type DayOfMonth = { kind: 'any' } | { kind: 'days'; days: ReadonlySet<number> } | { kind: 'last' } | { kind: 'nearest-weekday'; day: number };
/** `?`, a set of weekdays (1 is Sunday), `<weekday>L` (its last one in the month) or `<weekday>#<n>` (its n-th). */
type DayOfWeek = { kind: 'any' } | { kind: 'weekdays'; weekdays: ReadonlySet<number> } | { kind: 'last'; weekday: number } | { kind: 'nth'; weekday: number; nth: number };

/**
 * A schedule expression AWS would refuse, with what is wrong in the words of the docs.
 *
 * @example
 * try { parseScheduleExpression('rate(0 minutes)'); } catch (error) { if (error instanceof ScheduleExpressionError) console.error(error.message); }
 */
export class ScheduleExpressionError extends Error {
  constructor(expression: string, problem: string) {
    super(`${JSON.stringify(expression)}: ${problem}`);
    this.name = 'ScheduleExpressionError';
  }
}

const MINUTE_MS = 60_000;
const RATE_UNITS: Record<string, number> = { minute: MINUTE_MS, hour: 60 * MINUTE_MS, day: 24 * 60 * MINUTE_MS };
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** The years a cron expression may name. */
const YEARS = { min: 1970, max: 2199 };

interface FieldRange {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MINUTES: FieldRange = { name: 'minutes', min: 0, max: 59 };
const HOURS: FieldRange = { name: 'hours', min: 0, max: 23 };
const DAYS: FieldRange = { name: 'day-of-month', min: 1, max: 31 };
const MONTHS: FieldRange = { name: 'month', min: 1, max: 12, names: MONTH_NAMES };
const WEEKDAYS: FieldRange = { name: 'day-of-week', min: 1, max: 7, names: DAY_NAMES };
const YEAR: FieldRange = { name: 'year', ...YEARS };

/**
 * Parses a recurring schedule expression as EventBridge Scheduler reads it, or throws a
 * {@link ScheduleExpressionError} saying what is wrong. `rate()` takes a positive whole number and
 * `minute`, `hour` or `day` (singular for 1, plural otherwise, as AWS requires); `cron()` takes six
 * fields with `, - * /` everywhere, `?` `L` `W` in day-of-month and `?` `L` `#` in day-of-week,
 * month and weekday names, and exactly one of the two day fields `?`.
 *
 * @example
 * parseScheduleExpression('cron(0 8 ? * MON-FRI *)').kind; // 'cron'
 */
export function parseScheduleExpression(text: string): ScheduleExpression {
  const rate = /^rate\((.*)\)$/.exec(text);
  if (rate) return { kind: 'rate', everyMs: parseRate(text, rate[1] ?? ''), text };
  const cron = /^cron\((.*)\)$/.exec(text);
  if (cron) return { kind: 'cron', cron: parseCron(text, cron[1] ?? ''), text };
  throw new ScheduleExpressionError(text, 'must be rate(<value> <unit>) or cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)');
}

function parseRate(text: string, inner: string): number {
  const match = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(inner);
  if (!match) throw new ScheduleExpressionError(text, 'rate() takes a positive whole number and a unit: minute(s), hour(s) or day(s), as in rate(5 minutes)');
  const value = Number(match[1]);
  const unit = match[2] ?? '';
  if (value < 1) throw new ScheduleExpressionError(text, 'the rate must be at least 1');
  const singular = !unit.endsWith('s');
  if (value === 1 && !singular) throw new ScheduleExpressionError(text, `a rate of 1 takes the singular unit (rate(1 ${unit.slice(0, -1)}))`);
  if (value > 1 && singular) throw new ScheduleExpressionError(text, `a rate above 1 takes the plural unit (rate(${value} ${unit}s))`);
  return value * (RATE_UNITS[singular ? unit : unit.slice(0, -1)] ?? 0);
}

function parseCron(text: string, inner: string): CronFields {
  const fields = inner.split(' ');
  if (fields.length !== 6 || fields.some((field) => field === '')) {
    throw new ScheduleExpressionError(text, 'cron() takes six fields separated by single spaces: minutes hours day-of-month month day-of-week year');
  }
  const [minutes = '', hours = '', dayOfMonth = '', month = '', dayOfWeek = '', year = ''] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new ScheduleExpressionError(text, 'exactly one of day-of-month and day-of-week must be ? (a value or * in one needs ? in the other)');
  }
  const field = (value: string, range: FieldRange) => parseField(text, value, range);
  return {
    minutes: field(minutes, MINUTES),
    hours: field(hours, HOURS),
    dayOfMonth: parseDayOfMonth(text, dayOfMonth),
    months: field(month, MONTHS),
    dayOfWeek: parseDayOfWeek(text, dayOfWeek),
    years: field(year, YEAR),
  };
}

function parseDayOfMonth(text: string, value: string): DayOfMonth {
  if (value === '?') return { kind: 'any' };
  if (value === 'L') return { kind: 'last' };
  const weekday = /^(\d+)W$/.exec(value);
  if (weekday) return { kind: 'nearest-weekday', day: parseValue(text, weekday[1] ?? '', DAYS) };
  return { kind: 'days', days: parseField(text, value, DAYS) };
}

function parseDayOfWeek(text: string, value: string): DayOfWeek {
  if (value === '?') return { kind: 'any' };
  const last = /^([^L#]+)L$/.exec(value);
  if (last) return { kind: 'last', weekday: parseValue(text, last[1] ?? '', WEEKDAYS) };
  if (value === 'L') return { kind: 'weekdays', weekdays: new Set([7]) };
  const nth = /^([^#]+)#(\d+)$/.exec(value);
  if (nth) {
    const n = Number(nth[2]);
    if (n < 1 || n > 5) throw new ScheduleExpressionError(text, `day-of-week ${value}: the # occurrence must be 1 to 5`);
    return { kind: 'nth', weekday: parseValue(text, nth[1] ?? '', WEEKDAYS), nth: n };
  }
  if (value.includes('#')) throw new ScheduleExpressionError(text, `day-of-week ${value}: # takes one weekday and one occurrence, as in 3#2`);
  return { kind: 'weekdays', weekdays: parseField(text, value, WEEKDAYS) };
}

/** `*`, `a`, `a-b`, each optionally `/step`, separated by commas. */
function parseField(text: string, value: string, range: FieldRange): Set<number> {
  const values = new Set<number>();
  for (const item of value.split(',')) {
    const [span = '', step, extra] = item.split('/');
    if (extra !== undefined || span === '') throw new ScheduleExpressionError(text, `${range.name} ${value}: ${JSON.stringify(item)} is not a value, a range or a step`);
    const by = step === undefined ? 1 : Number(step);
    if (!Number.isInteger(by) || by < 1 || !/^\d+$/.test(step ?? '1')) throw new ScheduleExpressionError(text, `${range.name} ${value}: the step after / must be a positive whole number`);
    let from = range.min;
    let to = range.max;
    if (span !== '*') {
      const [first = '', last] = span.split('-');
      from = parseValue(text, first, range);
      // `a/step` runs from a to the field's end.
      to = last === undefined ? (step === undefined ? from : range.max) : parseValue(text, last, range);
      if (to < from) throw new ScheduleExpressionError(text, `${range.name} ${value}: the range ${span} runs backwards`);
    }
    for (let current = from; current <= to; current += by) values.add(current);
  }
  return values;
}

function parseValue(text: string, value: string, range: FieldRange): number {
  const named = range.names?.indexOf(value.toUpperCase()) ?? -1;
  const number = named >= 0 ? named + 1 : /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isNaN(number) || number < range.min || number > range.max) {
    const names = range.names === undefined ? '' : ` or ${range.names[0]}-${range.names.at(-1)}`;
    throw new ScheduleExpressionError(text, `${range.name}: ${JSON.stringify(value)} is not ${range.min}-${range.max}${names}`);
  }
  return number;
}

/**
 * The first time the schedule runs strictly after `after` (milliseconds since the epoch): a rate
 * schedule every `everyMs` from `startedAt` (when whatever runs it started), a cron schedule at the next whole UTC minute its fields allow. Undefined when a
 * cron expression's years have all passed.
 *
 * @example
 * nextRunAfter(parseScheduleExpression('rate(1 minute)'), Date.parse('2026-01-01T00:00:30Z'), Date.parse('2026-01-01T00:00:00Z')); // 2026-01-01T00:01:00Z
 */
export function nextRunAfter(expression: ScheduleExpression, after: number, startedAt: number): number | undefined {
  if (expression.kind === 'rate') {
    const elapsed = Math.max(0, after - startedAt);
    return startedAt + (Math.floor(elapsed / expression.everyMs) + 1) * expression.everyMs;
  }
  return nextCronRun(expression.cron, after);
}

function nextCronRun(cron: CronFields, after: number): number | undefined {
  const at = new Date(Math.floor(after / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
  // Each miss moves to the start of the next month, day, hour or minute, so this ends within a few
  // thousand steps even for a yearly expression.
  while (at.getUTCFullYear() <= YEARS.max) {
    if (!cron.years.has(at.getUTCFullYear())) {
      at.setUTCFullYear(at.getUTCFullYear() + 1, 0, 1);
      at.setUTCHours(0, 0, 0, 0);
    } else if (!cron.months.has(at.getUTCMonth() + 1)) {
      at.setUTCMonth(at.getUTCMonth() + 1, 1);
      at.setUTCHours(0, 0, 0, 0);
    } else if (!dayMatches(cron, at)) {
      at.setUTCDate(at.getUTCDate() + 1);
      at.setUTCHours(0, 0, 0, 0);
    } else if (!cron.hours.has(at.getUTCHours())) {
      at.setUTCHours(at.getUTCHours() + 1, 0, 0, 0);
    } else if (!cron.minutes.has(at.getUTCMinutes())) {
      at.setUTCMinutes(at.getUTCMinutes() + 1, 0, 0);
    } else {
      return at.getTime();
    }
  }
  return undefined;
}

function dayMatches(cron: CronFields, at: Date): boolean {
  const day = at.getUTCDate();
  const lastDay = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 0)).getUTCDate();
  const weekday = at.getUTCDay() + 1;
  const dom = cron.dayOfMonth;
  const dow = cron.dayOfWeek;
  switch (dom.kind) {
    case 'days':
      return dom.days.has(day);
    case 'last':
      return day === lastDay;
    case 'nearest-weekday':
      return day === nearestWeekday(at, Math.min(dom.day, lastDay), lastDay);
    case 'any':
      switch (dow.kind) {
        case 'weekdays':
          return dow.weekdays.has(weekday);
        case 'last':
          return weekday === dow.weekday && day + 7 > lastDay;
        case 'nth':
          return weekday === dow.weekday && Math.ceil(day / 7) === dow.nth;
        case 'any':
          return true;
      }
  }
}

// `15W`: the 15th when it is a weekday, else the Friday before or the Monday after, never leaving the month.
function nearestWeekday(at: Date, day: number, lastDay: number): number {
  const weekday = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), day)).getUTCDay();
  if (weekday === 6) return day === 1 ? 3 : day - 1;
  if (weekday === 0) return day === lastDay ? day - 2 : day + 1;
  return day;
}
