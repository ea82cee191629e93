import * as esbuild from 'esbuild';
import type { BuildJob, BuildWorkerReply, BuildWorkerRequest } from './build-job';
import { bundleApp } from './bundle-app';
import { buildReactVendor } from './react-vendor';

// A build worker: a child process of the service that runs esbuild (and esbuild's service, its own
// child) for one build at a time, so that a build past its limits is stopped by killing the process
// group. It is started by build-workers.ts and is the bundle's second entry point (build-worker.mjs).

const reply = (message: BuildWorkerReply) => process.send?.(message);

function run(job: BuildJob) {
  switch (job.kind) {
    case 'vendor':
      return buildReactVendor(job.input.reactResolveDir);
    case 'app':
      return bundleApp(job.input);
  }
}

process.on('message', (message: BuildWorkerRequest) => {
  run(message.job).then(
    (output) => reply({ type: 'done', id: message.id, output }),
    (error: unknown) => reply({ type: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) }),
  );
});

// The service is gone: so is the worker, and the build it may be running with it (the group it leads).
process.on('disconnect', () => {
  try {
    process.kill(-process.pid, 'SIGKILL');
  } catch {
    process.exit(1);
  }
});

// esbuild's service starts now, while the worker waits, rather than on its first build.
void esbuild.initialize({}).then(() => reply({ type: 'ready' }));
