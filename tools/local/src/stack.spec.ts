import { resolve } from 'node:path';
import { FunctionError } from '@sm/lambda-runtime';
import { createLocalGateway } from '@sm/local-gateway';
import { E2E_WEBHOOK_SECRET, httpClient, silentLogger } from '@sm/testing';
import { startStackFunction, type RunningStackFunction } from './stack';

const workspaceRoot = resolve(__dirname, '../../..');
const config = { CALLBACKS_TABLE: 'callbacks', WEBHOOK_SECRET: E2E_WEBHOOK_SECRET, LOG_LEVEL: 'WARN', PATH: process.env.PATH ?? '' };

describe('an app of the stack, run in execution environments of its own', () => {
  let running: RunningStackFunction | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  const start = (environment: Record<string, string>) =>
    startStackFunction({ workspaceRoot, app: 'callback-service', environment, region: 'us-east-1', onCrash: () => undefined });

  it("answers with the app's handler, configured without touching this process's environment", async () => {
    running = await start(config);
    const client = httpClient(createLocalGateway({ logger: silentLogger, apis: [{ routes: [{ routeKey: '$default', fn: running.fn }] }] }));

    const response = await client({ method: 'GET', path: '/health' });

    expect({ status: response.status, json: response.json }).toEqual({ status: 200, json: expect.objectContaining({ status: 'ok', service: 'callback-service' }) });
    expect(process.env.CALLBACKS_TABLE).toBeUndefined();
  });

  it("refuses to start an app whose config is invalid, with the app's own message", async () => {
    const started = start({ ...config, WEBHOOK_SECRET: 'not-a-secret' });

    await expect(started).rejects.toThrow(FunctionError);
    await expect(started).rejects.toMatchObject({ errorMessage: expect.stringMatching(/^callback-service: invalid configuration \(1 problem\):\n {2}- WEBHOOK_SECRET: /) });
  });
});
