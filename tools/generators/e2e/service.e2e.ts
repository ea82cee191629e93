// nx run generators:e2e — what a new team does first, in a throwaway copy of this checkout: generate a
// service with `nx g @sm/tools:service`, then run exactly the targets every app passes (lint, typecheck,
// test, build, container, deploy --dry-run) and serve it with the local stack, calling its health
// route and its example routes with the development token the stack prints, and reading its OpenAPI
// document from the API reference's index. Exits non-zero on the first failure, naming the step; the
// copy and the image it built are removed either way.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { startLocalStackProcess } from '@sm/testing';

const source = resolve(__dirname, '../../..');
const SERVICE = 'e2e-generated-service';
const ROUTES = ['POST /api/e2e-things', 'GET /api/e2e-things/{thingId}'];
const started = Date.now();
const timings: Array<[string, number]> = [];

/**
 * This checkout's files as they are now (committed or not, .gitignore respected) with its installs
 * linked, not copied: the root node_modules and the Lambda runtime client's (a native addon that
 * takes minutes to build), whether real folders (a clone) or links (a git worktree).
 */
function copyWorkspace(target: string): void {
  const list = (...args: string[]) =>
    execFileSync('git', ['ls-files', '-z', '--others', ...args], { cwd: source, encoding: 'utf8' }).split('\0').filter(Boolean).map((path) => path.replace(/\/$/, ''));
  const isInstall = (path: string) => basename(path) === 'node_modules';
  // A file deleted but not yet committed is not part of the workspace as it is now.
  for (const file of list('--cached', '--exclude-standard').filter((path) => !isInstall(path) && existsSync(join(source, path)))) {
    const to = join(target, file);
    mkdirSync(dirname(to), { recursive: true });
    cpSync(join(source, file), to, { verbatimSymlinks: true });
  }
  for (const install of [...list('--exclude-standard'), ...list('--ignored', '--exclude-standard', '--directory')].filter(isInstall)) {
    mkdirSync(dirname(join(target, install)), { recursive: true });
    symlinkSync(realpathSync(join(source, install)), join(target, install), 'dir');
  }
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', ...args], { cwd: target, stdio: 'ignore' });
  // The image build and the deploy plan name the commit they were built from.
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'the workspace under test');
}

/** Runs one step in the copy, printing its output as it goes; its duration is reported at the end. */
function run(step: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  console.log(`\n== ${step}: ${command} ${args.map((arg) => (/\s/.test(arg) ? JSON.stringify(arg) : arg)).join(' ')}`);
  const stepStarted = Date.now();
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: 'true', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(result.stdout ?? '');
  timings.push([step, Date.now() - stepStarted]);
  if (result.status !== 0) throw new Error(`${step} failed (exit ${result.status ?? result.signal})`);
  return result.stdout;
}

function expectIn(step: string, output: string, expected: string): void {
  if (!output.includes(expected)) throw new Error(`${step}: expected the output to include ${expected}`);
}

function scopesOf(token: string): string[] {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { scope?: string };
  return (payload.scope ?? '').split(' ');
}

async function call(url: string, init: RequestInit & { expected: number }): Promise<unknown> {
  const response = await fetch(url, init);
  const body = await response.text();
  console.log(`${init.method ?? 'GET'} ${url} -> ${response.status} ${body}`);
  if (response.status !== init.expected) throw new Error(`npm start: ${init.method ?? 'GET'} ${url} answered ${response.status}, expected ${init.expected}`);
  return JSON.parse(body);
}

async function serve(workspace: string): Promise<void> {
  console.log(`\n== npm start: the local stack with every app, ${SERVICE} among them`);
  const stepStarted = Date.now();
  const stack = await startLocalStackProcess({ workspaceRoot: workspace, dataDir: join(workspace, '.data') });
  try {
    const scopes = scopesOf(stack.devToken);
    for (const scope of ['e2e-generated:write', 'e2e-generated:read']) {
      if (!scopes.includes(scope)) throw new Error(`npm start: the development token lacks ${scope} (it has ${scopes.join(' ')})`);
    }
    const auth = { authorization: `Bearer ${stack.devToken}` };
    await call(`${stack.url}/${SERVICE}/health`, { expected: 200 });
    await call(`${stack.url}/api/e2e-things`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'hello from a generated service' }),
      expected: 201,
    });
    await call(`${stack.url}/api/e2e-things/thing-1`, { headers: auth, expected: 200 });
    await call(`${stack.url}/api/e2e-things/thing-1`, { expected: 401 });
    // Its OpenAPI document, reached as a reader would: from the API reference's index.
    const index = (await call(`${stack.url}/local-api/services.json`, { expected: 200 })) as Array<{ service: string; url: string }>;
    const listed = index.find((entry) => entry.service === SERVICE);
    if (!listed) throw new Error(`npm start: the API reference's index lists no ${SERVICE} (it lists ${index.map((entry) => entry.service).join(', ')})`);
    const document = (await call(listed.url, { expected: 200 })) as { openapi?: unknown; paths?: Record<string, unknown> };
    if (document.openapi !== '3.1.0' || !document.paths?.['/api/e2e-things']) throw new Error(`npm start: ${listed.url} is not an OpenAPI 3.1 document with POST /api/e2e-things`);
  } finally {
    await stack.stop();
    timings.push(['npm start', Date.now() - stepStarted]);
  }
}

async function main(): Promise<void> {
  const workspace = mkdtempSync(join(tmpdir(), 'service-e2e-'));
  let image: string | undefined;
  try {
    const copyStarted = Date.now();
    copyWorkspace(workspace);
    timings.push(['copy', Date.now() - copyStarted]);
    run('generate', 'npx', ['nx', 'g', '@sm/tools:service', SERVICE, ...ROUTES.flatMap((route) => ['--route', route])], workspace);
    run('lint, typecheck, test, build', 'npx', ['nx', 'run-many', '-t', 'lint', 'typecheck', 'test', 'build', '-p', SERVICE, '--parallel=1', '--output-style=static'], workspace);
    // The schemas the generator added to libs/events: the app's typecheck and tests use them; lint checks their form.
    run('lint the events lib', 'npx', ['nx', 'run', 'events:lint', '--output-style=static'], workspace);
    image = execFileSync('sh', ['tools/containers/image-tag.sh', SERVICE], { cwd: workspace, encoding: 'utf8' }).trim();
    run('container', 'npx', ['nx', 'run', `${SERVICE}:container`, '-c', 'local', '--output-style=static'], workspace);
    run('container image', 'docker', ['image', 'inspect', image, '--format', '{{.Id}} {{.Size}} bytes'], workspace);
    // No instance metadata service exists here: the SDK's credential chain skips it instead of probing it.
    const plan = run('deploy --dry-run', 'npx', ['nx', 'run', `${SERVICE}:deploy`, '--dry-run', '--output-style=static'], workspace, { AWS_EC2_METADATA_DISABLED: 'true' });
    expectIn('deploy --dry-run', plan, '"RouteKey":"POST /api/e2e-things","Target":"integrations/<integration id>","AuthorizationType":"JWT"');
    expectIn('deploy --dry-run', plan, `"RouteKey":"GET /${SERVICE}/health","Target":"integrations/<integration id>","AuthorizationType":"NONE"`);
    expectIn('deploy --dry-run', plan, `"RouteKey":"GET /${SERVICE}/openapi.json","Target":"integrations/<integration id>","AuthorizationType":"NONE"`);
    await serve(workspace);
    const files = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: workspace, encoding: 'utf8' });
    console.log(`\nThe generator's changes:\n${files}`);
  } finally {
    if (image) spawnSync('docker', ['image', 'rm', '--force', image], { stdio: 'ignore' });
    rmSync(workspace, { recursive: true, force: true });
    console.log(`\n${timings.map(([step, ms]) => `${step}: ${(ms / 1000).toFixed(1)} s`).join('\n')}\ntotal: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
