import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { FUNCTION_LABEL } from '@sm/lambda-runtime';
import { spawnPrinting, type TestCaller, type TestClient } from '@sm/testing';
import { RUN_LABEL } from './container-stack';
import { localBaseImage } from './image-tags';

// Helpers of the container suites (*.container.spec.ts), which need Docker and the images built by
// `nx run-many -t container -c local`.
const exec = promisify(execFile);
export const workspaceRoot = resolve(__dirname, '../../..');

/** This test file's run: the value of RUN_LABEL on the containers it starts, and the tag of images it builds. */
export const suiteRunId = randomUUID();

/** The containers that a run's pools run for a function right now; other runs' are not counted. */
export async function containersOf(functionName: string, run: string): Promise<string[]> {
  const { stdout } = await exec('docker', ['ps', '--quiet', '--filter', `label=${FUNCTION_LABEL}=${functionName}`, '--filter', `label=${RUN_LABEL}=${run}`]);
  return stdout.split('\n').filter(Boolean);
}

/** Builds the small image of the runtime tests' handlers on the local base, tagged for this run. */
export async function buildFixtureImage(): Promise<string> {
  const tag = `lambda-runtime-fixtures:${suiteRunId}`;
  const args = ['build', '--network', 'host', '-q', '-f', 'tools/containers/test-image/Dockerfile', '--build-arg', `BASE_IMAGE=${localBaseImage()}`, '-t', tag];
  await exec('docker', [...args, 'tools/lambda-runtime/src/fixtures'], { cwd: workspaceRoot });
  return tag;
}

/** Removes an image this run built. */
export async function removeImage(tag: string): Promise<void> {
  await exec('docker', ['image', 'rm', tag]);
}

/** What the docker client needs of this environment, and nothing that could reach the function. */
function dockerClientEnv(): NodeJS.ProcessEnv {
  const names = ['PATH', 'HOME', 'DOCKER_HOST', 'DOCKER_API_VERSION', 'DOCKER_CONFIG'];
  return Object.fromEntries(names.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]]));
}

export interface ServedContainer {
  /** The services API (and the local OpenID provider under /local-auth). */
  url: string;
  /** The sites API, on an origin of its own. */
  sitesUrl: string;
  /** The development token serve-container printed (every scope the app's routes name). */
  devToken: string;
  lambdaEndpoint: string;
  /** The value of RUN_LABEL on its containers. */
  runId: string;
  output(): string;
  /** SIGTERM, as Ctrl-C on `nx serve-container` sends, and waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Runs `serve-container <app>` as `nx run <app>:serve-container` does, from a folder whose .env
 * holds `config` (so nothing of this machine's .env leaks in), on free ports.
 */
export async function serveContainer(app: string, config: Record<string, string>, maxConcurrency: number): Promise<ServedContainer> {
  const cwd = mkdtempSync(join(tmpdir(), `serve-${app}-`));
  writeFileSync(join(cwd, '.env'), Object.entries(config).map(([key, value]) => `${key}='${value}'`).join('\n'));
  const child = spawnPrinting(
    process.execPath,
    [join(workspaceRoot, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', join(workspaceRoot, 'tsconfig.base.json'), join(workspaceRoot, 'tools/containers/src/serve-container.ts'), app],
    { cwd, env: { ...dockerClientEnv(), PORT: '0', LAMBDA_PORT: '0', MAX_CONCURRENCY: String(maxConcurrency) } },
  );
  const stop = () => child.kill('SIGTERM');
  // The embedded engines say `listening on` too, before the gateway does; the lines come in any order.
  const printed = (pattern: RegExp) => child.waitForOutput(pattern, { from: 0, timeoutMs: 60_000 }).then(([, value = '']) => value);
  try {
    const [url, sitesUrl, devToken, lambdaEndpoint, runId] = await Promise.all([
      printed(/Local gateway listening on (http:\/\/127\.0\.0\.1:\d+)/),
      printed(/Sites \(user apps, their own origin\) on (http:\/\/127\.0\.0\.1:\d+)/),
      printed(/export TOKEN=(\S+)/),
      printed(/Invoke API on (http:\/\/127\.0\.0\.1:\d+)/),
      printed(new RegExp(`labelled ${RUN_LABEL}=(\\S+)`)),
    ]);
    return { url, sitesUrl, devToken, lambdaEndpoint, runId, output: child.output, stop };
  } catch (error) {
    await stop();
    throw new Error(`serve-container ${app} did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * A token for `caller` from the stack's local OpenID provider, by its JSON development grant, as
 * scripts get one.
 */
export async function tokenFor(stack: Pick<ServedContainer, 'url'>, caller: TestCaller): Promise<string> {
  const response = await fetch(`${stack.url}/local-auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub: caller.sub, scope: caller.scopes.join(' ') }),
  });
  const body = (await response.json()) as { access_token?: unknown };
  if (!response.ok || typeof body.access_token !== 'string') throw new Error(`the local OpenID provider refused a token for ${caller.sub}: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

/**
 * Real HTTP to a served stack, in the shape the apps' route tests use: `api: 'sites'` goes to the
 * sites API, and a request `as` a caller carries `Authorization: Bearer` with a token the stack's
 * local OpenID provider issued to that caller.
 */
export function urlClient(stack: Pick<ServedContainer, 'url' | 'sitesUrl'>): TestClient {
  const tokens = new Map<string, Promise<string>>();
  const bearer = (caller: TestCaller) => {
    const key = `${caller.sub} ${caller.scopes.join(' ')}`;
    const token = tokens.get(key) ?? tokenFor(stack, caller);
    tokens.set(key, token);
    return token;
  };
  return async ({ method, path, headers = {}, body, as, api = 'api' }) => {
    const json = body !== undefined && typeof body !== 'string';
    const authorization: Record<string, string> = as === undefined ? {} : { authorization: `Bearer ${await bearer(as)}` };
    const response = await fetch(`${api === 'sites' ? stack.sitesUrl : stack.url}${path}`, {
      method,
      headers: { ...(json ? { 'content-type': 'application/json' } : {}), ...authorization, ...headers },
      ...(body === undefined ? {} : { body: json ? JSON.stringify(body) : body }),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: Object.fromEntries(response.headers), text, json: parsed };
  };
}
