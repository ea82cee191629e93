import { existsSync } from 'node:fs';
import { createEsbuildBundler } from './esbuild-bundler';
import { liveGroupMembers } from './process-group';
import type { SiteBundler } from './site-bundler';
import { alice, realBundler, testConfig, transports, WARM_UP_TIMEOUT_MS, warmUp } from './test-setup';

/** Parses for minutes and grows by hundreds of MB a second: esbuild's cancel does not stop it. */
const runawayFiles = { 'src/App.tsx': `export const v = ${'-'.repeat(40_000)}1;\nexport function App() { return null; }\n` };

/** Holds every build until released, and says when the first one has started. */
function holdingBundler() {
  const held: Array<() => void> = [];
  let started: () => void = () => undefined;
  const firstStarted = new Promise<void>((resolve) => {
    started = resolve;
  });
  const bundler: SiteBundler = {
    async bundle(input) {
      started();
      await new Promise<void>((release) => held.push(release));
      return realBundler.bundle(input);
    },
  };
  return { bundler, firstStarted, release: () => held.splice(0).forEach((release) => release()) };
}

/** Lets a test wait until every bundle it started has settled: a stopped build settles once its processes are gone. */
function observed(inner: SiteBundler) {
  const builds: Array<Promise<unknown>> = [];
  const bundler: SiteBundler = {
    bundle(input) {
      const build = inner.bundle(input);
      builds.push(build.catch(() => undefined));
      return build;
    },
  };
  return { bundler, settled: () => Promise.all(builds) };
}

/** One worker (so a test knows which process builds), and a memory limit a runaway build takes seconds to reach. */
const oneWorker = createEsbuildBundler({ reactResolveDir: testConfig.REACT_RESOLVE_DIR, workers: 1, memoryLimitBytes: 4 * 2 ** 30 });
/** A memory limit a runaway build reaches in well under a second, and a normal build never does. */
const smallMemory = createEsbuildBundler({ reactResolveDir: testConfig.REACT_RESOLVE_DIR, workers: 1, memoryLimitBytes: 256 * 2 ** 20 });

beforeAll(async () => {
  // React's vendor modules are built once per bundler, before any test's time limit runs.
  await Promise.all([warmUp(oneWorker), warmUp(smallMemory)]);
}, WARM_UP_TIMEOUT_MS);

describe.each(transports)('react-app-manager builds through the %s', (_transport, start) => {
  it('answers 503 with Retry-After as problem+json when every build slot is taken and no wait is allowed', async () => {
    const holding = holdingBundler();
    const { client, apps } = start({ bundler: holding.bundler, config: { BUILD_CONCURRENCY: 1, BUILD_QUEUE_LIMIT: 0, BUILD_TIME_LIMIT_MS: 4_000 } });
    const building = client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'building' } });
    await holding.firstStarted;

    const refused = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'refused' } });

    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('4');
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(refused.json).toMatchObject({ type: 'urn:problem-type:service-unavailable', status: 503, title: 'Service Unavailable' });
    expect(await apps.get('refused')).toBeUndefined();
    holding.release();
    expect((await building).status).toBe(201);
  });

  it('answers 422 build-time-limit for a runaway build, kills its processes, and builds the next app', async () => {
    const { bundler, settled } = observed(oneWorker);
    const { client, apps } = start({ bundler, config: { BUILD_TIME_LIMIT_MS: 1_000 } });
    const [worker] = oneWorker.workerPids();
    if (worker === undefined) throw new Error('a warm worker was expected');
    expect(liveGroupMembers(worker).length).toBeGreaterThanOrEqual(2); // the worker and esbuild's service (and, under tsx, tsx's own)

    const runaway = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'runaway', template: 'blank', files: runawayFiles } });
    await settled();

    expect(runaway.status).toBe(422);
    expect(runaway.json).toMatchObject({ type: 'urn:problem-type:build-time-limit' });
    expect(existsSync(`/proc/${worker}`)).toBe(false);
    expect(liveGroupMembers(worker)).toEqual([]);
    expect(await apps.get('runaway')).toBeUndefined();
    const next = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'after-runaway' } });
    expect(next.status).toBe(201);
  });

  it('answers 422 build-memory-limit for a build past the memory limit, kills its processes, and builds the next app', async () => {
    const { bundler, settled } = observed(smallMemory);
    const { client } = start({ bundler, config: { BUILD_TIME_LIMIT_MS: 10_000 } });
    const [worker] = smallMemory.workerPids();
    if (worker === undefined) throw new Error('a warm worker was expected');

    const runaway = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'greedy', template: 'blank', files: runawayFiles } });
    await settled();

    expect(runaway.status).toBe(422);
    expect(runaway.json).toMatchObject({ type: 'urn:problem-type:build-memory-limit', detail: 'the build used more than 256 MiB of memory and was stopped' });
    expect(existsSync(`/proc/${worker}`)).toBe(false);
    expect(liveGroupMembers(worker)).toEqual([]);
    expect((await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'after-greedy' } })).status).toBe(201);
  });

  it('builds the next app after its build worker was killed from outside', async () => {
    const { client } = start({ bundler: oneWorker });
    oneWorker.workerPids().forEach((pid) => process.kill(pid, 'SIGKILL'));

    const next = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'after-worker-kill' } });

    expect(next.status).toBe(201);
  });

  it('builds the next app after esbuild’s service was killed from outside', async () => {
    const { client } = start({ bundler: oneWorker });
    await warmUp(oneWorker);
    const services = oneWorker.workerPids().flatMap((worker) => liveGroupMembers(worker).filter((pid) => pid !== worker));
    expect(services).not.toEqual([]);
    services.forEach((pid) => process.kill(pid, 'SIGKILL'));

    const next = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'after-service-kill' } });

    expect(next.status).toBe(201);
  });
});
