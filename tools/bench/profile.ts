import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApps } from './build-apps';
import { startChildServer } from './child-server';
import { INVOKE_STDIO, invokeScriptArgs, LAMBDA_NODE } from './cold-start';
import { summariseProfile, type ProfileSummary } from './cpu-profile';
import { sendCallbacks } from './load';
import { bundleServers } from './server-bundles';
import { benchEnv, bundleOf, deployableApps, lambdaBenchEnv, type AppBundle } from './workspace';

// Where the time goes when a target is missed: the gateway child under load, and one cold start per
// bundle, each sampled every 100 µs by V8 (`--cpu-prof`). Bundle frames are named through their .map.
const PROFILE_FLAGS = ['--cpu-prof', '--cpu-prof-interval', '100'];
const LOAD = { warmupRequests: 3_000, requests: 8_000, connections: 10, maxSeconds: 60 };

/** V8 names profiles CPU.<date>.<time>.<pid>.<thread>.<seq>; thread 0 is the main one, workers get their own. */
function mainThreadProfile(dir: string, pid: number): string {
  const file = readdirSync(dir).find((name) => name.includes(`.${pid}.0.`) && name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no main-thread .cpuprofile for pid ${pid} in ${dir}`);
  return join(dir, file);
}

async function profileGateway(dir: string): Promise<ProfileSummary> {
  const bundles = await bundleServers();
  try {
    const gateway = await startChildServer(bundles.gateway, benchEnv('callback-service'), [...PROFILE_FLAGS, `--cpu-prof-dir=${dir}`]);
    try {
      const load = { url: gateway.url, connections: LOAD.connections, maxSeconds: LOAD.maxSeconds };
      await sendCallbacks({ ...load, requests: LOAD.warmupRequests });
      await sendCallbacks({ ...load, requests: LOAD.requests });
    } finally {
      await gateway.stop();
    }
    return summariseProfile(mainThreadProfile(dir, gateway.pid));
  } finally {
    bundles.remove();
  }
}

function profileColdStart(dir: string, bundle: AppBundle): ProfileSummary {
  const run = spawnSync(LAMBDA_NODE, [...PROFILE_FLAGS, `--cpu-prof-dir=${dir}`, ...invokeScriptArgs(bundle)], {
    cwd: bundle.dir,
    env: lambdaBenchEnv(bundle.app),
    stdio: [...INVOKE_STDIO],
    timeout: 15_000,
  });
  if (run.status !== 0) throw new Error(`${bundle.app}: cold start failed: ${run.stderr.toString()}`);
  return summariseProfile(mainThreadProfile(dir, run.pid));
}

function print(title: string, summary: ProfileSummary): void {
  console.log(`\n### ${title}\n\n${summary.sampledMs} ms sampled, ${summary.idlePercent}% idle.\n`);
  console.log('| self % | total % | hottest by self time |\n|---:|---:|---|');
  for (const spot of summary.bySelf) console.log(`| ${spot.selfPercent} | ${spot.totalPercent} | \`${spot.frame}\` |`);
  console.log('\n| self % | total % | our code and Powertools by inclusive time |\n|---:|---:|---|');
  for (const spot of summary.byTotal) console.log(`| ${spot.selfPercent} | ${spot.totalPercent} | \`${spot.frame}\` |`);
}

async function main(): Promise<void> {
  const withDir = async <T>(work: (dir: string) => Promise<T> | T): Promise<T> => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
    try {
      return await work(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  print(`Local gateway + callback-service under load (${LOAD.connections} connections, ${LOAD.warmupRequests} + ${LOAD.requests} requests)`, await withDir(profileGateway));
  const { built } = buildApps(deployableApps(), (message) => console.error(`[profile] ${message}`));
  const bundles = built.map(bundleOf).filter((bundle): bundle is AppBundle => bundle !== undefined);
  for (const bundle of bundles) print(`Cold start of ${bundle.app} (GET /health)`, await withDir((dir) => profileColdStart(dir, bundle)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
