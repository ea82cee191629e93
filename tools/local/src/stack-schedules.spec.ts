import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type RunningStack } from './start-stack';
import { virtualClock } from './virtual-clock';

// A workspace of one test-only app with a schedule, so that nothing depends on the real apps' handlers.
const APP = 'schedule-probe';

/** The probe app: each invocation appends which code ran and the event it got to `PROBE_OUT`. */
function probeSource(version: string): string {
  return `
import { appendFileSync } from 'node:fs';
export const handler = async (event: unknown) => {
  appendFileSync(process.env.PROBE_OUT ?? '', JSON.stringify({ version: ${JSON.stringify(version)}, event }) + '\\n');
  return { statusCode: 200, body: ${JSON.stringify(version)} };
};
`;
}

function probeWorkspace(root: string): string {
  mkdirSync(join(root, 'apps', APP, 'src'), { recursive: true });
  writeFileSync(join(root, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { target: 'es2022', module: 'esnext', moduleResolution: 'bundler', strict: true, paths: {} } }));
  const deploy = {
    function: { handler: 'src/main.ts', timeoutSeconds: 10, memoryMB: 256 },
    routes: [{ routeKey: 'GET /probe', authorization: 'none' }],
    schedules: [{ name: 'tick', expression: 'rate(1 minute)' }],
  };
  writeFileSync(join(root, 'apps', APP, 'deploy.json'), JSON.stringify(deploy));
  const source = join(root, 'apps', APP, 'src', 'main.ts');
  writeFileSync(source, probeSource('v1'));
  return source;
}

/** The gateway's lines, and a wait for the next one a predicate picks. */
function logLines() {
  const lines: Array<{ message: string; fields: Record<string, unknown> }> = [];
  let waiting: { pick: (message: string) => boolean; resolve: (fields: Record<string, unknown>) => void } | undefined;
  const record = (message: string, fields: Record<string, unknown>) => {
    lines.push({ message, fields });
    if (waiting?.pick(message)) {
      waiting.resolve(fields);
      waiting = undefined;
    }
  };
  return {
    logger: { info: record, error: record },
    next: (pick: (message: string) => boolean) => new Promise<Record<string, unknown>>((resolve) => (waiting = { pick, resolve })),
  };
}

function probeRuns(out: string): Array<{ version: string; event: unknown }> {
  if (!existsSync(out)) return [];
  return readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { version: string; event: unknown });
}

describe("npm start: an app's schedules", () => {
  let stack: RunningStack | undefined;
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'stack-schedules-'));
  });
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it("invokes the app's handler with the contract's scheduled event at the schedule's time, and goes on with the reloaded code", async () => {
    const source = probeWorkspace(root);
    const out = join(root, 'probe-out.jsonl');
    const clock = virtualClock(Date.parse('2026-01-01T00:00:00Z'));
    const log = logLines();
    stack = await startStack({
      workspaceRoot: root,
      apps: [APP],
      port: 0,
      sitesPort: 0,
      dataDir: join(root, '.data'),
      logger: log.logger,
      storageLogger: { info: () => undefined, error: () => undefined },
      environment: { PATH: process.env.PATH, PROBE_OUT: out },
      watch: true,
      scheduleClock: clock,
    });
    expect(stack.schedules).toEqual([{ app: APP, name: 'tick', expression: 'rate(1 minute)' }]);

    const firstRun = log.next((message) => message === 'schedule');
    await clock.advance(60_000);
    const first = await firstRun;
    const reloaded = log.next((message) => message.startsWith(`${APP}: reload`) && !message.endsWith('reloading'));
    writeFileSync(source, probeSource('v2'));
    await reloaded;
    const secondRun = log.next((message) => message === 'schedule');
    await clock.advance(60_000);
    const second = await secondRun;

    expect(first).toEqual({ schedule: 'tick', app: APP, scheduledTime: '2026-01-01T00:01:00Z', durationMs: expect.any(Number), outcome: 'succeeded' });
    expect(second).toMatchObject({ scheduledTime: '2026-01-01T00:02:00Z', outcome: 'succeeded' });
    const runs = probeRuns(out);
    expect(runs.map((run) => run.version)).toEqual(['v1', 'v2']);
    expect(runs[0]?.event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      account: '123456789012',
      time: '2026-01-01T00:01:00Z',
      region: 'us-east-1',
      resources: [`arn:aws:scheduler:us-east-1:123456789012:schedule/local/${APP}.tick`],
      detail: { schedule: 'tick' },
    });
  }, 30_000);
});
