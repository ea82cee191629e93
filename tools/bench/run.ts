import { cpus, loadavg } from 'node:os';
import { startBenchTables } from './bench-tables';
import { buildApps } from './build-apps';
import { measureBundleSize, type BundleSize } from './bundle-size';
import { COLD_START_OPTIONS, measureColdStart, type ColdStartReport } from './cold-start';
import { CONTAINER_COLD_RUNS, measureContainerColdStart, type ContainerColdStart } from './container-cold-start';
import { measureGatewayOverhead, type GatewayOverheadResult } from './gateway-overhead';
import { BENCH_LOG_LEVEL, bundleOf, deployableApps, type AppBundle } from './workspace';

// `npm run bench`: the issue's three targets measured in one run, printed as Markdown on stdout;
// progress goes to stderr. Figures are for a closing note, never for assertions.
const TARGET_RATIO = 0.7;
const TARGET_COLD_START_MS = 25;

const log = (message: string) => console.error(`[bench] ${message}`);
const int = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => `${Math.round(value)} ms`;
const verdict = (met: boolean, miss: string) => (met ? 'met' : `**missed** by ${miss}`);

function gatewayRow({ gateway, express, ratio }: GatewayOverheadResult): string {
  const rounds = (side: typeof gateway) => side.rounds.map((round) => int(round.requestsPerSecond)).join(' / ');
  return (
    `| Gateway overhead, \`POST /api/callback\` | local gateway + handler **${int(gateway.medianRequestsPerSecond)} req/s** (${rounds(gateway)}); ` +
    `bare express **${int(express.medianRequestsPerSecond)} req/s** (${rounds(express)}); ratio **${ratio.toFixed(2)}** | ` +
    `≥ ${TARGET_RATIO} | ${verdict(ratio >= TARGET_RATIO, (TARGET_RATIO - ratio).toFixed(2))} |`
  );
}

function gatewayNote({ options, gateway, express }: GatewayOverheadResult): string {
  const p50 = (side: typeof gateway) => side.rounds.map((round) => round.latencyP50Ms).join('/');
  return (
    `Gateway overhead: medians of ${options.rounds} alternating rounds of ${int(options.roundRequests)} requests after ` +
    `${int(options.warmupRequests)} warm-up requests each, ${options.connections} connections (p50 latency ${p50(gateway)} ms vs ` +
    `${p50(express)} ms). Logging is equivalent: the service runs at LOG_LEVEL=${BENCH_LOG_LEVEL} (no per-request line), the ` +
    "gateway has a no-op logger, the express route logs nothing. The gateway serves the routes callback-service's deploy.json " +
    "declares, behind the stage's JWT authorizer (a local key set); `POST /api/callback` is public there (Standard Webhooks " +
    'signatures protect it), so, as on API Gateway, no token is sent and the authorizer does not run: its cost shows in ' +
    '`npm run bench:apps`, whose creates carry a bearer token. Both servers are esbuild bundles, each in its own child ' +
    'process on 127.0.0.1 with the same in-memory store; autocannon drives them from this process.'
  );
}

function containerCell(container: ContainerColdStart | undefined): string {
  if (container === undefined) return 'in its container: not measured';
  if ('notMeasured' in container) return `in its container: not measured (${container.notMeasured})`;
  return `in its container (${CONTAINER_COLD_RUNS} fresh containers): median ${ms(container.cold.medianMs)}, p90 ${ms(container.cold.p90Ms)}`;
}

function coldStartRows(report: ColdStartReport, containers: ContainerColdStart[]): string[] {
  const { floor } = report;
  return [
    `| Cold start floor, \`node -e 0\` | median ${ms(floor.medianMs)}, p90 ${ms(floor.p90Ms)} (${report.options.runs} runs) | | |`,
    ...report.apps.map((app) => {
      const over = app.wall.medianMs - floor.medianMs;
      const container = containers.find((candidate) => candidate.app === app.app);
      return `| Cold start, ${app.app} (\`GET /health\`) | median ${ms(app.wall.medianMs)}, p90 ${ms(app.wall.p90Ms)}; **+${ms(over)}** median, +${ms(app.wall.p90Ms - floor.p90Ms)} p90 over the floor; bundle loaded at ${ms(app.loadedMedianMs)}, answered at ${ms(app.answeredMedianMs)} after process start; ${containerCell(container)} | ≤ +${TARGET_COLD_START_MS} ms in-process | ${verdict(over <= TARGET_COLD_START_MS, ms(over - TARGET_COLD_START_MS))} |`;
    }),
    ...report.apps.flatMap(({ app, firstRequest }) =>
      firstRequest
        ? [
            `| Cold start, ${app} (\`${firstRequest.label}\`, through its table) | median ${ms(firstRequest.wall.medianMs)}, p90 ${ms(firstRequest.wall.p90Ms)}; +${ms(firstRequest.wall.medianMs - floor.medianMs)} median over the floor; answered at ${ms(firstRequest.answeredMedianMs)} after process start | | |`,
          ]
        : [],
    ),
  ];
}

function sizeRows(sizes: BundleSize[]): string[] {
  return sizes.map(
    (size) =>
      `| Bundle size, ${size.app} | main.mjs ${int(size.bytes)} B, gzip ${int(size.gzipBytes)} B; compiled at init (main.mjs and the chunks it imports statically) ${int(size.initBytes)} B; all chunks ${int(size.chunkBytes)} B; main.mjs.map ${size.mapBytes === undefined ? 'none' : `${int(size.mapBytes)} B`} | | |`,
  );
}

async function main(): Promise<void> {
  // Others share the machine: the load average says how far to trust the figures.
  const startLoad = loadavg()[0] ?? 0;
  const { built, failed } = buildApps(deployableApps(), log);
  const bundles = built.map(bundleOf).filter((bundle): bundle is AppBundle => bundle !== undefined);
  log(`measuring ${bundles.map((bundle) => bundle.app).join(', ')}`);

  log('bundle size');
  const sizes = bundles.map(measureBundleSize);
  log('gateway overhead');
  const gateway = await measureGatewayOverhead();
  log('cold start');
  const tables = await startBenchTables(bundles.map((bundle) => bundle.app));
  const coldStart = await measureColdStart(bundles, { ...COLD_START_OPTIONS, tablesEnv: tables.env }).finally(() => tables.close());
  // Last, once: containers are slow to start and the images are never built here.
  log('cold start in containers');
  const containers: ContainerColdStart[] = [];
  for (const bundle of bundles) containers.push(await measureContainerColdStart(bundle.app));

  console.log(
    [
      `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${new Date().toISOString()}; ` +
        `1-min load average ${startLoad.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end`,
      '',
      '| Benchmark | Measured | Target | Result |',
      '|---|---|---|---|',
      gatewayRow(gateway),
      ...coldStartRows(coldStart, containers),
      ...sizeRows(sizes),
      ...failed.map((app) => `| ${app} | build failed (see stderr): not measured | | |`),
      '',
      gatewayNote(gateway),
      `Cold start: a fresh \`node\` (${coldStart.nodeVersion}, the Lambda image's) per run loads dist/apps/<app>/main.mjs and answers one ` +
        `payload 2.0 event; runs interleave with the floor, after ${coldStart.options.warmupRuns} unmeasured runs each. The app runs as ` +
        "deployed: Lambda's reserved variables (`_HANDLER` among them) and its deploy.json log level (INFO), so the first request's log line " +
        'is written; the harness reports on descriptor 3, as the runtime client reports over the Runtime API, without creating process.stdout. A real route\'s first ' +
        'request reaches its table in dynalite (in memory, in the bench process) with credentials from the environment, as a role gives them on Lambda. In its container: ' +
        'the app image this checkout built (`npx nx run <app>:container -c local`; the bench never builds one), a fresh container per ' +
        'invoke through the runtime API emulator, timed from the invoke to the result; `npm run bench:containers` compares it with ' +
        "the runtime client as a plain process. Gzip is zlib's default level.",
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
