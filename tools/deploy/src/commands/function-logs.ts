import { FilterLogEventsCommand, type CloudWatchLogsClient, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';

/** `--since` is not a duration such as 30s, 10m, 2h or 1d. */
export class SinceFormatError extends Error {
  constructor(since: string) {
    super(`--since ${since}: expected a duration such as 30s, 10m, 2h or 1d`);
    this.name = 'SinceFormatError';
  }
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * The milliseconds a `--since` duration stands for.
 *
 * @example
 * sinceMs('10m'); // 600000
 */
export function sinceMs(since: string): number {
  const match = /^(\d+)([smhd])$/.exec(since.trim());
  if (!match) throw new SinceFormatError(since);
  return Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
}

/**
 * One CloudWatch event as a local log line: a Powertools JSON line as
 * `<time> <LEVEL> <message> [<correlation id>]` followed by its other fields, the runtime's own
 * lines (START, END, REPORT, a crash's trace) as they were written.
 *
 * @example
 * formatLogEvent({ timestamp: 0, message: '{"level":"INFO","message":"request","timestamp":"2026-01-01T00:00:00.000Z","correlation_id":"c1"}' });
 * // '2026-01-01T00:00:00.000Z INFO  request [c1]'
 */
export function formatLogEvent(event: FilteredLogEvent): string {
  const message = (event.message ?? '').replace(/\n$/, '');
  const fields = jsonObject(message);
  if (!fields || typeof fields.level !== 'string' || typeof fields.message !== 'string') return message;
  const time = typeof fields.timestamp === 'string' ? fields.timestamp : new Date(event.timestamp ?? 0).toISOString();
  const correlation = typeof fields.correlation_id === 'string' ? ` [${fields.correlation_id}]` : '';
  return `${time} ${fields.level.padEnd(5)} ${fields.message}${correlation}${extraFields(fields)}`;
}

// Fields every Powertools line carries, already shown or the same on every line of a function.
const SHOWN = new Set(['level', 'message', 'timestamp', 'correlation_id', 'service', 'cold_start', 'function_arn', 'function_memory_size', 'function_name', 'sampling_rate', 'xray_trace_id']);

function extraFields(fields: Record<string, unknown>): string {
  const rest = Object.entries(fields).filter(([name]) => !SHOWN.has(name));
  return rest.length === 0 ? '' : ` ${rest.map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`).join(' ')}`;
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface FunctionLogsOptions {
  logGroupName: string;
  /** Epoch milliseconds of the first event. */
  startTime: number;
  print(line: string): void;
}

/**
 * Prints every event of the log group from `startTime` on, all pages of FilterLogEvents (which
 * interleaves the streams by time); resolves with where a later call should go on: the time of the
 * last event printed, and the ids printed at that time, since the next call starts at it again.
 *
 * @example
 * let from = await printFunctionLogs(client, { logGroupName: '/aws/lambda/callback-service-dev', startTime: Date.now() - 600_000, print: console.log });
 */
export async function printFunctionLogs(client: CloudWatchLogsClient, options: FunctionLogsOptions, seen: ReadonlySet<string> = new Set()): Promise<{ startTime: number; seen: Set<string> }> {
  let startTime = options.startTime;
  let seenAtStart = new Set(seen);
  let nextToken: string | undefined;
  do {
    const page = await client.send(new FilterLogEventsCommand({ logGroupName: options.logGroupName, startTime: options.startTime, nextToken }));
    for (const event of page.events ?? []) {
      if (event.eventId !== undefined && seen.has(event.eventId)) continue;
      options.print(formatLogEvent(event));
      const timestamp = event.timestamp ?? startTime;
      if (timestamp > startTime) {
        startTime = timestamp;
        seenAtStart = new Set();
      }
      if (event.eventId !== undefined) seenAtStart.add(event.eventId);
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return { startTime, seen: seenAtStart };
}

/**
 * `--tail`: polls for new events every `intervalMs` until `signal` aborts (Ctrl-C).
 *
 * @example
 * await tailFunctionLogs(client, options, { intervalMs: 2000, signal, sleep });
 */
export async function tailFunctionLogs(
  client: CloudWatchLogsClient,
  options: FunctionLogsOptions,
  poll: { intervalMs: number; signal: AbortSignal; sleep(ms: number, signal: AbortSignal): Promise<void> },
): Promise<void> {
  let from = await printFunctionLogs(client, options);
  while (!poll.signal.aborted) {
    await poll.sleep(poll.intervalMs, poll.signal).catch(() => undefined);
    if (poll.signal.aborted) return;
    from = await printFunctionLogs(client, { ...options, startTime: from.startTime }, from.seen);
  }
}
