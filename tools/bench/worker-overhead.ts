import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { loadConfig } from '@sm/config';
import { createFunctionPool, workerRuntime, type FunctionPool } from '@sm/lambda-runtime';
import { HTTP_API_STAGE_VARIABLE } from '@sm/local-gateway';
import { createMemoryStore } from '@sm/storage';
import { buildHttpApiEvent, buildLambdaContext, median, percentile } from '@sm/testing';
import { callbackKeys, createCallbackService, SERVICE_NAME } from '../../apps/callback-service/src/app';
import { CallbackServiceConfigSchema } from '../../apps/callback-service/src/config';
import { createSignatureVerifier } from '../../apps/callback-service/src/signature';
import { benchEnv, WORKSPACE_ROOT } from './workspace';

// What npm start pays for running each app in worker threads of its own: a worker's cold start
// (runtime API, thread, the app's source through tsx, its composition root) and the warm hop of one
// invocation, beside the same handler called in this process. Figures for notes, never assertions.
// No gateway stands in between, so no authorizer runs: the event is the one the gateway sends for
// the health route deploy.json declares (public), with the services API's stage variable.

const ROUNDS = 5;
const COLD_STARTS = 5;
const INVOCATIONS = 2_000;

async function timeMs(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function callbackServicePool(): FunctionPool {
  return createFunctionPool({
    name: SERVICE_NAME,
    timeoutSeconds: 10,
    memoryMB: 512,
    region: 'us-east-1',
    environment: { ...benchEnv(SERVICE_NAME), PATH: process.env.PATH ?? '' },
    maxConcurrency: 1,
    launch: workerRuntime({
      module: join(WORKSPACE_ROOT, 'apps', SERVICE_NAME, 'src/main.ts'),
      exportName: 'handler',
      tsconfig: join(WORKSPACE_ROOT, 'tsconfig.base.json'),
    }),
  });
}

async function main(): Promise<void> {
  const cold: number[] = [];
  for (let run = 0; run < COLD_STARTS; run++) {
    const pool = callbackServicePool();
    cold.push(await timeMs(() => pool.provision()));
    await pool.close();
  }
  console.log(`worker cold start (callback-service from source): median ${median(cold).toFixed(0)} ms, max ${Math.max(...cold).toFixed(0)} ms`);

  Object.assign(process.env, benchEnv(SERVICE_NAME));
  const config = loadConfig(CallbackServiceConfigSchema, { service: SERVICE_NAME });
  const inProcess = createCallbackService(config, {
    store: createMemoryStore(callbackKeys),
    verifySignature: createSignatureVerifier(config.WEBHOOK_SECRET),
    now: () => new Date(),
    newId: randomUUID,
  });
  const pool = callbackServicePool();
  await pool.provision();
  const health = `/${SERVICE_NAME}/health`;
  const event = buildHttpApiEvent({ method: 'GET', path: health, routeKey: `GET ${health}`, stageVariables: { [HTTP_API_STAGE_VARIABLE]: 'api' } });
  const context = buildLambdaContext({ functionName: SERVICE_NAME });
  const sides = { 'in process': () => inProcess(event, context), 'worker': () => pool.handler(event, context) };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [side, invoke] of Object.entries(sides)) {
      const times: number[] = [];
      for (let i = 0; i < INVOCATIONS; i++) times.push(await timeMs(invoke));
      console.log(`round ${round + 1} GET ${health} ${side}: p50 ${percentile(times, 50).toFixed(3)} ms, p95 ${percentile(times, 95).toFixed(3)} ms`);
    }
  }
  await pool.close();
}

void main();
