import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appEvent } from './app-event';
import { eventText, invokeApp, InvalidEventError, localConfig } from './invoke-app';

const workspaceRoot = join(__dirname, '../../../..');
const app = 'callback-service';
// A cold start compiles the app's sources through tsx and starts the embedded engines.
jest.setTimeout(120_000);

let folder: string;
beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'invoke-'))));
afterEach(() => rmSync(folder, { recursive: true, force: true }));

async function invoke(event: unknown): Promise<{ outcome: Awaited<ReturnType<typeof invokeApp>>; logs: string }> {
  let logs = '';
  const outcome = await invokeApp({
    workspaceRoot,
    app,
    event: JSON.stringify(event),
    // No .env in the folder: the workspace's .env.example, as a fresh clone has it.
    config: localConfig(workspaceRoot, folder, {}),
    dataDir: join(folder, 'data'),
    output: (chunk) => (logs += chunk),
    storageLogger: { info: () => undefined, error: () => undefined },
  });
  return { outcome, logs };
}

describe('invokeApp', () => {
  it("answers callback-service's public POST /api/callback with 201 and logs the request", async () => {
    // prepare
    const event = appEvent(workspaceRoot, app, { method: 'POST', path: '/api/callback', body: '{"text":"hi"}', headers: [] });

    // act
    const { outcome, logs } = await invoke(event);

    // assess
    expect(outcome).toMatchObject({ functionError: false, payload: { statusCode: 201 } });
    expect(logs).toMatch(/"message":"request".*"status":201/);
  });

  it('answers a protected route 401 problem when the event has no authorizer context', async () => {
    // prepare
    const event = appEvent(workspaceRoot, app, { method: 'GET', path: '/api/callbacks', headers: [] });

    // act
    const { outcome } = await invoke(event);

    // assess
    expect(outcome).toMatchObject({ functionError: false, payload: { statusCode: 401, headers: { 'content-type': 'application/problem+json' } } });
  });
});

describe('eventText', () => {
  it("takes the event out of Nx's lines around it in a pipe", () => {
    expect(JSON.parse(eventText('\n> nx run callback-service:event\n\n{\n  "version": "2.0"\n}\n\n NX   Successfully ran target event\n'))).toEqual({ version: '2.0' });
  });

  it('refuses what is not JSON', () => {
    expect(() => eventText('not an event')).toThrow(InvalidEventError);
  });
});
