import { loadOnce } from '@sm/http';
import { createBuildWorkers } from './build-workers';
import type { ReactVendor } from './react-vendor';
import { BuildFailedError, type SiteBundler } from './site-bundler';

/** The vendor files the script needs, following their imports of one another. */
function vendorClosure(vendor: ReactVendor, direct: string[]): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imported of vendor.imports.get(path) ?? []) visit(imported);
  };
  direct.forEach(visit);
  return [...seen].sort();
}

export interface EsbuildBundlerOptions {
  /** react and react-dom resolve from here. */
  reactResolveDir: string;
  /** Builds that may run at once: as many warm workers are kept. */
  workers: number;
  /** A build whose processes hold more memory than this is killed (`BuildMemoryLimitError`, 422). */
  memoryLimitBytes: number;
}

/** The esbuild `SiteBundler`, and the process ids of its build workers. */
export interface EsbuildBundler extends SiteBundler {
  workerPids(): number[];
}

/**
 * The `SiteBundler` on esbuild, in build worker processes: the app's files from memory, React from
 * the shared vendor modules (built once per process, on the first bundle, from `reactResolveDir`),
 * minified ES modules with content-hashed names. A build aborted by its signal, or past its memory
 * limit, is killed with its worker; the next build gets a fresh one.
 *
 * @example
 * const bundler = createEsbuildBundler({ reactResolveDir: config.REACT_RESOLVE_DIR, workers: 2, memoryLimitBytes: 512 * 2 ** 20 });
 * const output = await bundler.bundle({ files, entry: 'src/main.tsx', title: 'My app', signal });
 */
export function createEsbuildBundler(options: EsbuildBundlerOptions): EsbuildBundler {
  const workers = createBuildWorkers({ size: options.workers, memoryLimitBytes: options.memoryLimitBytes });
  // The vendor build is the service's own code, shared by every app: no app's time limit stops it.
  const loadVendor = loadOnce(() => workers.run('vendor', { reactResolveDir: options.reactResolveDir }, new AbortController().signal));

  return {
    async bundle(input) {
      const react = await loadVendor();
      input.signal.throwIfAborted();
      const result = await workers.run('app', { files: input.files, entry: input.entry, title: input.title, vendorModules: react.modules }, input.signal);
      if (result.kind === 'failed') throw new BuildFailedError(result.diagnostics);
      const preload = vendorClosure(react, result.vendorImports);
      return {
        files: [...result.files, ...react.files.filter((file) => preload.includes(file.path)).map((file) => ({ ...file, shared: true }))],
        script: result.script,
        stylesheet: result.stylesheet,
        preload,
      };
    },
    workerPids: workers.pids,
  };
}
