import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildHttpApiEvent, buildLambdaContext } from '@sm/testing';

const WORKSPACE = resolve(__dirname, '../../..');

/**
 * Builds an app as its nx `build` target does (the executor's options and tools/esbuild's config), in
 * a Node process of its own: the config is an ES module, which jest's CommonJS runtime cannot import.
 */
function buildApp(app: string, outdir: string): void {
  const options = {
    absWorkingDir: WORKSPACE,
    entryPoints: [`apps/${app}/src/main.ts`],
    outfile: join(outdir, 'main.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    sourcemap: true,
    tsconfig: join(WORKSPACE, `apps/${app}/tsconfig.json`),
    logLevel: 'error',
  };
  const script = `const { default: config } = await import(${JSON.stringify(pathToFileURL(join(WORKSPACE, 'tools/esbuild/lambda-bundle.config.mjs')).href)});
    const esbuild = await import('esbuild');
    await esbuild.build({ ...config, ...${JSON.stringify(options)} });`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: WORKSPACE, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`the build failed: ${child.stderr}`);
}

/** Answers each event with a fresh handler from the bundle, in a Node process of its own. */
function invoke(bundle: string, events: unknown[]): Array<{ statusCode: number; body: string }> {
  const script = `const { writeSync } = require('node:fs');
    import(process.argv[1]).then(async ({ handler }) => {
      const context = { ...${JSON.stringify(buildLambdaContext({ functionName: 'callback-service' }))}, getRemainingTimeInMillis: () => 3000 };
      const results = [];
      for (const event of JSON.parse(process.argv[2])) results.push(await handler(event, context));
      writeSync(3, JSON.stringify(results));
    });`;
  const env = { PATH: process.env.PATH, AWS_REGION: 'us-east-1', CALLBACKS_TABLE: 'callbacks', WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', ALLOW_UNSIGNED_CALLBACKS: 'true', LOG_LEVEL: 'ERROR' };
  const child = spawnSync(process.execPath, ['-e', script, pathToFileURL(bundle).href, JSON.stringify(events)], { env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'], encoding: 'utf8' });
  const answer = child.output[3];
  if (child.status !== 0 || !answer) throw new Error(`the bundle failed: ${child.stderr}`);
  return JSON.parse(answer) as Array<{ statusCode: number; body: string }>;
}

describe('a Lambda bundle', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'lambda-bundle-'));
    buildApp('callback-service', outdir);
  }, 60_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('loads one module at a cold start, without zod: its routes are modules of chunks/ imported on first use', () => {
    // act
    const main = readFileSync(join(outdir, 'main.mjs'), 'utf8');

    // assess
    expect(main.match(/(?:^|[;}\n])\s*import\s*(?:[^"'();]*?from\s*)?["'][^"']+["']/g)).toBeNull();
    expect(main).toContain('import("./chunks/lazy-apps-callback-service-src-routes.mjs")');
    expect(JSON.parse(readFileSync(join(outdir, 'main.mjs.map'), 'utf8')).sources.filter((source: string) => source.includes('/zod/'))).toEqual([]);
    expect(readdirSync(join(outdir, 'chunks'))).toContain('lazy-apps-callback-service-src-routes.mjs');
  });

  it('answers a health check, then maps what the lazily loaded routes throw with its own error mapper', () => {
    // prepare
    const health = buildHttpApiEvent({ path: '/health', routeKey: 'GET /health' });
    const noContentType = buildHttpApiEvent({ method: 'POST', path: '/api/callback', routeKey: 'POST /api/callback', body: '{"text":"hi"}', headers: { 'content-type': 'text/plain' } });
    const brokenJson = buildHttpApiEvent({ method: 'POST', path: '/api/callback', routeKey: 'POST /api/callback', body: '{"text": ', headers: { 'content-type': 'application/json' } });

    // act
    const [healthy, unsupported, malformed] = invoke(join(outdir, 'main.mjs'), [health, noContentType, brokenJson]);

    // assess: a route's error class is main.mjs's own, so it is answered as its problem, not as a 500
    expect(healthy?.statusCode).toBe(200);
    expect([unsupported?.statusCode, JSON.parse(unsupported?.body ?? '{}').type]).toEqual([415, 'urn:problem-type:unsupported-media-type']);
    expect(malformed?.statusCode).toBe(400);
  });
});
