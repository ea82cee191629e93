import { createLogger } from './logger';
import { formatLogLine } from './pretty-log';

// Built from local clock fields, so the expected time reads the same in every time zone.
const timestamp = new Date(2025, 0, 2, 12, 34, 56, 789).toISOString();

describe('readable log lines (LOG_FORMAT=pretty)', () => {
  it('prints a request as time, service, method, path, status, duration and correlation id', () => {
    const attributes = { timestamp, level: 'INFO', service: 'callback-service', message: 'request', method: 'POST', path: '/api/callback', route: 'POST /api/callback', status: 201, durationMs: 12.4, correlation_id: 'c-1', lambda_request_id: 'r-1', cold_start: true };

    expect(formatLogLine(attributes)).toBe('12:34:56.789 callback-service POST /api/callback 201 12ms cid=c-1');
  });

  it('prints a warning with its level, message and fields', () => {
    const attributes = { timestamp, level: 'WARN', service: 'integration-service', message: 'subscriber slow', url: 'http://127.0.0.1/x', durationMs: 900, correlation_id: 'c-2' };

    expect(formatLogLine(attributes)).toBe('12:34:56.789 integration-service WARN subscriber slow url=http://127.0.0.1/x durationMs=900 cid=c-2');
  });

  it('prints a logged error with its stack on the lines below', () => {
    const error = { name: 'TypeError', message: 'boom', stack: 'TypeError: boom\n    at handle (apps/x/src/routes.ts:3:9)' };

    expect(formatLogLine({ timestamp, level: 'ERROR', service: 'x', message: 'request failed', error, correlation_id: 'c-3' })).toBe(
      '12:34:56.789 x ERROR request failed cid=c-3\n  TypeError: boom\n      at handle (apps/x/src/routes.ts:3:9)',
    );
  });

  it('writes one readable line per log call through the service logger', () => {
    const written = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      createLogger({ service: 'callback-service', level: 'INFO', format: 'pretty' }).info('request', { method: 'GET', path: '/health', status: 200, durationMs: 1, correlation_id: 'c-4' });

      expect(written.mock.calls.map(([line]) => String(line))).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3} callback-service GET \/health 200 1ms cid=c-4\n$/)]);
    } finally {
      written.mockRestore();
    }
  });
});
