import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { formatLogEvent, printFunctionLogs, SinceFormatError, sinceMs, tailFunctionLogs } from './function-logs';

const logs = mockClient(CloudWatchLogsClient);
const logGroupName = '/aws/lambda/callback-service-dev';

beforeEach(() => logs.reset());

describe('formatLogEvent', () => {
  it('shows a Powertools line as time, level, message and correlation id, then its own fields', () => {
    // prepare
    const message = JSON.stringify({ level: 'INFO', message: 'request', timestamp: '2026-12-02T13:03:58.619Z', service: 'callback-service', cold_start: true, correlation_id: 'c-1', status: 201, route: 'POST /api/callback' });

    // act
    const line = formatLogEvent({ timestamp: 0, message: `${message}\n` });

    // assess
    expect(line).toBe('2026-12-02T13:03:58.619Z INFO  request [c-1] status=201 route=POST /api/callback');
  });

  it('prints the runtime lines that are not JSON as they were written', () => {
    // act
    const line = formatLogEvent({ timestamp: 0, message: 'REPORT RequestId: 5c71 Duration: 12.3 ms\n' });

    // assess
    expect(line).toBe('REPORT RequestId: 5c71 Duration: 12.3 ms');
  });
});

describe('sinceMs', () => {
  it('reads seconds, minutes, hours and days', () => {
    expect(['30s', '10m', '2h', '1d'].map(sinceMs)).toEqual([30_000, 600_000, 7_200_000, 86_400_000]);
  });

  it('refuses anything else', () => {
    expect(() => sinceMs('10 minutes')).toThrow(SinceFormatError);
  });
});

describe('printFunctionLogs', () => {
  it('prints every page of the log group from the start time on', async () => {
    // prepare
    logs
      .on(FilterLogEventsCommand, { logGroupName, startTime: 1000 })
      .resolvesOnce({ events: [{ eventId: 'a', timestamp: 1000, message: 'START one' }], nextToken: 'page-2' })
      .resolvesOnce({ events: [{ eventId: 'b', timestamp: 2000, message: 'END one' }] });
    const lines: string[] = [];

    // act
    const next = await printFunctionLogs(new CloudWatchLogsClient({ region: 'us-east-1' }), { logGroupName, startTime: 1000, print: (line) => lines.push(line) });

    // assess
    expect(lines).toEqual(['START one', 'END one']);
    expect(logs.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input.nextToken)).toEqual([undefined, 'page-2']);
    expect(next).toEqual({ startTime: 2000, seen: new Set(['b']) });
  });

  it('with --tail, asks again from the last event and prints no event twice until stopped', async () => {
    // prepare
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [{ eventId: 'a', timestamp: 1000, message: 'first' }] })
      .resolvesOnce({ events: [{ eventId: 'a', timestamp: 1000, message: 'first' }, { eventId: 'b', timestamp: 1500, message: 'second' }] });
    const lines: string[] = [];
    const stop = new AbortController();
    let polls = 0;
    const sleep = async () => {
      polls += 1;
      if (polls === 2) stop.abort();
    };

    // act
    await tailFunctionLogs(new CloudWatchLogsClient({ region: 'us-east-1' }), { logGroupName, startTime: 0, print: (line) => lines.push(line) }, { intervalMs: 2000, signal: stop.signal, sleep });

    // assess
    expect(lines).toEqual(['first', 'second']);
    expect(logs.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input.startTime)).toEqual([0, 1000]);
  });
});
