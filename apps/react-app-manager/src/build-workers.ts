import { fork, type ChildProcess } from 'node:child_process';
import { basename, dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildJobKind, BuildJobs, BuildWorkerReply, BuildWorkerRequest } from './build-job';
import { groupRssBytes, liveGroupMembers } from './process-group';
import { BuildMemoryLimitError } from './site-bundler';

/** How often a running build's memory is read: a runaway parse grows by a few hundred MB a second. */
const MEMORY_CHECK_MS = 25;
/** How often, after the kill, the group is looked at until its last process has ended. */
const GONE_CHECK_MS = 5;
const GONE_CHECKS = 400;

/** A build worker died, or failed, for a reason of its own: not the app's doing, so the build is run again once. */
export class BuildWorkerLostError extends Error {
  constructor(detail: string) {
    super(`the build worker was lost: ${detail}`);
    this.name = 'BuildWorkerLostError';
  }
}

interface Worker {
  child: ChildProcess;
  /** Also the id of the worker's process group. */
  pid: number;
  ready: boolean;
  exited: Promise<void>;
  /** Called when the worker ends while running a job: one job at a time, so one slot. */
  onEnd: (() => void) | undefined;
}

/**
 * Where the worker's entry is. Run from source (tsx for npm start, jest), this module is TypeScript
 * beside build-worker.ts, which the child runs through tsx too. In the bundle this code is in
 * main.mjs or in one of its chunks/, and the worker is the bundle's entry build-worker.mjs beside main.mjs.
 */
function workerEntry(): { file: string; execArgv: string[] } {
  if (extname(__filename) === '.ts') return { file: join(__dirname, 'build-worker.ts'), execArgv: ['--import', pathToFileURL(require.resolve('tsx')).href] };
  const bundleRoot = basename(__dirname) === 'chunks' ? dirname(__dirname) : __dirname;
  return { file: join(bundleRoot, 'build-worker.mjs'), execArgv: [] };
}

/** Idle workers must not keep the process alive (a test run, a local stack shutting down). */
function hold(worker: Worker, held: boolean) {
  if (held) {
    worker.child.ref();
    worker.child.channel?.ref();
  } else {
    worker.child.unref();
    worker.child.channel?.unref();
  }
}

/** Kills the worker's whole group (the worker and esbuild's service) and waits until every process of it has ended. */
async function kill(worker: Worker): Promise<void> {
  if (worker.pid <= 1) return; // never spawned: there is no group to kill, and -1 would be every process
  try {
    process.kill(-worker.pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
  await worker.exited;
  for (let check = 0; check < GONE_CHECKS && liveGroupMembers(worker.pid).length > 0; check += 1) {
    await new Promise((resolve) => setTimeout(resolve, GONE_CHECK_MS));
  }
}

export interface BuildWorkersOptions {
  /** Workers kept warm between builds: as many as builds may run at once. */
  size: number;
  /** A build whose processes hold more resident memory than this, together, is killed. */
  memoryLimitBytes: number;
}

export interface BuildWorkers {
  /**
   * Runs one job on a warm worker. When the signal aborts, the worker is killed and the promise
   * rejects with the signal's reason once the build's processes are gone; past the memory limit the
   * same happens with `BuildMemoryLimitError`. Killed or lost workers are replaced.
   */
  run<K extends BuildJobKind>(kind: K, input: BuildJobs[K]['input'], signal: AbortSignal): Promise<BuildJobs[K]['output']>;
  /** The process ids of the current workers. */
  pids(): number[];
}

/**
 * Child processes that run esbuild, one build at a time each. A build that passes its time or
 * memory limit cannot be stopped inside one process (esbuild's cancel leaves a runaway parse
 * running, and a killed esbuild service fails every later build), so each build runs in a worker
 * that can be killed with everything it started, and is replaced by a fresh one.
 */
export function createBuildWorkers(options: BuildWorkersOptions): BuildWorkers {
  const workers = new Set<Worker>();
  const idle: Worker[] = [];
  let nextId = 0;

  const spawnWorker = (): Worker => {
    const entry = workerEntry();
    // Its own process group (detached), so that one kill reaches esbuild's service too.
    const child = fork(entry.file, [], { execArgv: entry.execArgv, detached: true, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      // A process that could not be started may never emit 'exit'.
      child.once('error', () => {
        if (child.pid === undefined) resolve();
      });
    });
    const worker: Worker = { child, pid: child.pid ?? -1, ready: false, exited, onEnd: undefined };
    workers.add(worker);
    child.on('message', (message: BuildWorkerReply) => {
      if (message.type === 'ready') worker.ready = true;
    });
    // A failed send is reported to its callback; the worker's end, to whoever awaits `exited`.
    child.on('error', () => undefined);
    void exited.then(() => {
      worker.onEnd?.();
      workers.delete(worker);
      const index = idle.indexOf(worker);
      if (index >= 0) idle.splice(index, 1);
      // Only a worker that once started is replaced at once: one that cannot start would be respawned forever.
      if (worker.ready && workers.size < options.size) release(spawnWorker());
    });
    return worker;
  };

  const release = (worker: Worker) => {
    if (!workers.has(worker)) return; // it has ended
    if (idle.length >= options.size) {
      void kill(worker);
      return;
    }
    hold(worker, false);
    idle.push(worker);
  };

  const runOn = (worker: Worker, request: BuildWorkerRequest, signal: AbortSignal) =>
    new Promise<unknown>((resolve, reject) => {
      let finished = false;
      const cleanUp = () => {
        finished = true;
        clearInterval(memoryCheck);
        worker.child.off('message', onMessage);
        worker.onEnd = undefined;
        signal.removeEventListener('abort', onAbort);
      };
      const succeed = (output: unknown) => {
        if (finished) return;
        cleanUp();
        resolve(output);
      };
      const stop = (error: unknown) => {
        if (finished) return;
        cleanUp();
        kill(worker).then(() => reject(error), reject);
      };
      const send = () =>
        worker.child.send(request, (error) => {
          if (error) stop(new BuildWorkerLostError(error.message));
        });
      const onMessage = (message: BuildWorkerReply) => {
        if (message.type === 'ready') send();
        else if (message.id !== request.id) return;
        else if (message.type === 'done') succeed(message.output);
        else stop(new BuildWorkerLostError(message.message));
      };
      const onExit = () => stop(new BuildWorkerLostError('it exited'));
      const onAbort = () => stop(signal.reason);
      const memoryCheck = setInterval(() => {
        if (worker.pid > 1 && groupRssBytes(worker.pid) > options.memoryLimitBytes) stop(new BuildMemoryLimitError(options.memoryLimitBytes));
      }, MEMORY_CHECK_MS);
      worker.child.on('message', onMessage);
      worker.onEnd = onExit;
      signal.addEventListener('abort', onAbort, { once: true });
      if (!workers.has(worker)) onExit();
      else if (worker.ready) send();
    });

  const attempt = async (request: BuildWorkerRequest, signal: AbortSignal) => {
    const worker = idle.pop() ?? spawnWorker();
    hold(worker, true);
    try {
      return await runOn(worker, request, signal);
    } finally {
      release(worker);
    }
  };

  return {
    async run(kind, input, signal) {
      signal.throwIfAborted();
      const request = { id: (nextId += 1), job: { kind, input } } as BuildWorkerRequest;
      try {
        return (await attempt(request, signal)) as BuildJobs[typeof kind]['output'];
      } catch (error) {
        if (!(error instanceof BuildWorkerLostError) || signal.aborted) throw error;
        return (await attempt(request, signal)) as BuildJobs[typeof kind]['output'];
      }
    },
    pids: () => [...workers].map((worker) => worker.pid),
  };
}
