import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { median, percentile } from '@sm/testing';
import { startChildServer, type ChildServer } from './child-server';
import { fetchSource, siteSize, timeCreate, type SiteSize, type TimedCreate } from './create-app';
import { startEventSink, startReactAppStack, type EventSink, type ReactAppStack } from './react-app-stack';
import { timeViteBuild, timeViteCli, viteOutputSize, writeViteProject, type ViteProject } from './vite-build';
import { BASE_TSCONFIG, benchEnv } from './workspace';

// `npm run bench:apps`: the react-app-manager's create latency against `vite build` of the same
// source, in one run, printed as Markdown on stdout; progress goes to stderr. Figures are for a
// closing note, never for assertions.
const TARGET_P50_MS = 75;
const TARGET_P95_MS = 150;
const TARGET_SPEEDUP = 4;

const OPTIONS = {
  /** Creates on each service before measuring: the first bundles the shared React modules and reads the templates. */
  warmupCreates: 3,
  /** A/B rounds: each runs its creates on each service, then one in-process and one CLI `vite build`. */
  rounds: 8,
  createsPerRound: 5,
  deadlineMs: 5 * 60_000,
};

const log = (message: string) => console.error(`[bench:apps] ${message}`);
const ms = (value: number) => `${Math.round(value)} ms`;
const int = (value: number) => Math.round(value).toLocaleString('en-US');
const verdict = (met: boolean) => (met ? 'met' : '**missed**');
const list = (values: number[]) => values.map((value) => Math.round(value)).join(' / ');

interface Service {
  label: string;
  url: string;
  /** The bearer token its authorizer accepts. */
  token: string;
  first?: TimedCreate;
  creates: TimedCreate[];
}

interface Measured {
  services: Service[];
  viteInProcess: number[];
  viteCli: number[];
  vite: { bytes: number; files: number };
  sizes: { template: string; size: SiteSize }[];
  eventsMatched: boolean;
}

/** What main cleans up, whether the run finished or hit the deadline. */
interface Resources {
  sink?: EventSink;
  stack?: ReactAppStack;
  memory?: ChildServer;
  vite?: ViteProject;
}

async function measure(resources: Resources): Promise<Measured> {
  const sink = await startEventSink();
  resources.sink = sink;
  const stack = await startReactAppStack(sink.url);
  resources.stack = stack;
  const memory = await startChildServer(
    join(__dirname, 'react-app-server.ts'),
    {
      ...benchEnv('react-app-manager'),
      INTEGRATION_SERVICE_URL: sink.url,
      // The service's client-credentials grant, which calling the integration-service takes; the sink answers it.
      AUTH_TOKEN_URL: sink.tokenUrl,
      AUTH_CLIENT_ID: 'react-app-manager',
      AUTH_CLIENT_SECRET: 'bench',
      TSX_TSCONFIG_PATH: BASE_TSCONFIG,
    },
    ['--import', 'tsx'],
  );
  resources.memory = memory;
  if (memory.token === undefined) throw new Error('react-app-server.ts sent no bearer token');
  const services: Service[] = [
    { label: 'as `npm start` runs it: DynamoDB and S3 on the embedded dynalite and s3rver', url: stack.url, token: stack.token, creates: [] },
    { label: 'with in-memory stores', url: memory.url, token: memory.token, creates: [] },
  ];

  const runId = Date.now().toString(36);
  let count = 0;
  const create = (service: Service, template: string) => {
    count += 1;
    return timeCreate(service.url, service.token, { name: `bench-${runId}-${count}`, template, title: `Bench ${template} ${count}` });
  };

  log(`services on ${stack.url} (local stack) and ${memory.url} (in-memory stores); ${OPTIONS.warmupCreates} warm-up creates each`);
  for (const service of services) {
    service.first = await create(service, 'counter');
    for (let index = 1; index < OPTIONS.warmupCreates; index += 1) await create(service, 'counter');
  }
  const [main] = services;
  if (!main?.first) throw new Error('no warm-up create');
  const title = main.first.app.title;
  const vite = writeViteProject(await fetchSource(main.url, main.token, main.first.app.name), title);
  resources.vite = vite;
  log(`warm-up vite build (in process, then CLI) in ${vite.dir}`);
  await timeViteBuild(vite, title);
  await timeViteCli(vite);

  const viteInProcess: number[] = [];
  const viteCli: number[] = [];
  for (let round = 1; round <= OPTIONS.rounds; round += 1) {
    for (const service of services) {
      for (let index = 0; index < OPTIONS.createsPerRound; index += 1) service.creates.push(await create(service, 'counter'));
    }
    viteInProcess.push(await timeViteBuild(vite, title));
    viteCli.push(await timeViteCli(vite));
    const latest = services.map((service) => list(service.creates.slice(-OPTIONS.createsPerRound).map((timed) => timed.wallMs)));
    log(`round ${round}/${OPTIONS.rounds}: creates ${latest.join(' | ')} ms; vite ${ms(viteInProcess.at(-1) ?? 0)} in process, ${ms(viteCli.at(-1) ?? 0)} CLI`);
  }

  const sized = [main.first, await create(main, 'todo'), await create(main, 'blank')];
  return {
    services,
    viteInProcess,
    viteCli,
    vite: viteOutputSize(vite),
    sizes: sized.map(({ app }) => ({ template: app.template, size: siteSize(app) })),
    eventsMatched: sink.received() === count,
  };
}

interface Latency {
  p50: number;
  p95: number;
  row: string;
}

function latency(service: Service): Latency {
  const wall = service.creates.map((create) => create.wallMs);
  const p50 = percentile(wall, 50);
  const p95 = percentile(wall, 95);
  const build = percentile(service.creates.map((create) => create.app.build.durationMs), 50);
  const first = service.first ? `; first create after start ${ms(service.first.wallMs)} (bundles the shared React modules once per process), not counted` : '';
  const row =
    `**p50 ${ms(p50)}, p95 ${ms(p95)}** (${wall.length} creates, min ${ms(Math.min(...wall))}, max ${ms(Math.max(...wall))}); ` +
    `the build inside it (bundle + assemble, \`build.durationMs\`) p50 ${ms(build)}${first}`;
  return { p50, p95, row };
}

function report(result: Measured, startLoad: number): string {
  const [stack, memory] = result.services.map(latency);
  if (!stack || !memory) throw new Error('two services were measured');
  const inProcess = median(result.viteInProcess);
  const cli = median(result.viteCli);
  const speedup = (vite: number, create: Latency) => `${(vite / create.p50).toFixed(1)}×`;
  const sizeRows = result.sizes.map(
    ({ template, size }) =>
      `| Built site, \`${template}\` | **${int(size.bytes)} B** in ${size.files} files: React ${int(size.vendorBytes)} B (assets/vendor/, the same in every app), the app's own ${int(size.bytes - size.vendorBytes)} B | | |`,
  );
  return [
    `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${new Date().toISOString()}; ` +
      `1-min load average ${startLoad.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end`,
    '',
    '| Benchmark | Measured | Target | Result |',
    '|---|---|---|---|',
    `| Create app, \`POST /api/apps\` (counter) over HTTP, ${result.services[0]?.label} | ${stack.row} | p50 ≤ ${TARGET_P50_MS} ms, p95 ≤ ${TARGET_P95_MS} ms | p50 ${verdict(stack.p50 <= TARGET_P50_MS)}, p95 ${verdict(stack.p95 <= TARGET_P95_MS)} |`,
    `| Create app, the same, ${result.services[1]?.label} | ${memory.row} | | |`,
    `| \`vite build\` of the same source, in-process \`build()\` | **median ${ms(inProcess)}** (${list(result.viteInProcess)}) | | |`,
    `| \`vite build\` CLI, a fresh \`node\` per run | **median ${ms(cli)}** (${list(result.viteCli)}) | | |`,
    `| Create (npm start) vs \`vite build\`: median build / create p50 | **${speedup(inProcess, stack)}** vs in-process \`build()\`; **${speedup(cli, stack)}** vs the CLI | ≥ ${TARGET_SPEEDUP}× | ${verdict(inProcess / stack.p50 >= TARGET_SPEEDUP)} vs in-process, ${verdict(cli / stack.p50 >= TARGET_SPEEDUP)} vs CLI |`,
    `| Create (in-memory stores) vs \`vite build\` | ${speedup(inProcess, memory)} vs in-process \`build()\`; ${speedup(cli, memory)} vs the CLI | | |`,
    ...sizeRows,
    `| Vite's output, \`counter\` | ${int(result.vite.bytes)} B in ${result.vite.files} files (React bundled into the app's script) | | |`,
    '',
    `Creates: ${OPTIONS.warmupCreates} warm-up on each service, then ${OPTIONS.rounds} rounds, each of ${OPTIONS.createsPerRound} sequential creates on one service, ` +
      `${OPTIONS.createsPerRound} on the other, one in-process and one CLI \`vite build\`, so load on the shared machine falls on every subject alike. ` +
      'A create is timed in the client, from sending the request to reading the whole 201 body: the JWT authorizer checking its bearer token ' +
      '(as API Gateway adds it to every protected route), validation, template, bundle, the site and its source stored, the metadata record ' +
      'written, the response. The first service is `npm start -- --function react-app-manager` (its ' +
      'own main.ts behind the local gateway and its authorizer trusting the local OpenID provider, LOG_LEVEL=WARN); the second wires the same ' +
      "app with in-memory stores behind the gateway, deploy.json's routes and a JWT authorizer with a local key set, also under tsx. " +
      `Both send lifecycle events to a stub that accepts them at once (${result.eventsMatched ? 'one per create, as expected' : '**not one per create**'}).`,
    "Vite 8 with @vitejs/plugin-react builds the source fetched from `GET /api/apps/{name}/source`, with the service's settings (minified ES2020, " +
      'relative base, the title defined) and no gzip report; the in-process figure times `build()` in this already warm process, the CLI figure ' +
      'a fresh `node node_modules/vite/bin/vite.js build` from spawn to exit.',
  ].join('\n');
}

async function main(): Promise<void> {
  const startLoad = loadavg()[0] ?? 0;
  const resources: Resources = {};
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the benchmark did not finish within ${OPTIONS.deadlineMs / 1000} s`)), OPTIONS.deadlineMs);
  });
  try {
    console.log(report(await Promise.race([measure(resources), deadline]), startLoad));
  } finally {
    clearTimeout(timer);
    await resources.memory?.stop();
    await resources.stack?.stop();
    await resources.sink?.close();
    resources.vite?.remove();
  }
}

// Exits once done, even if the deadline left a build or a request behind.
main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => process.exit());
