import type { AppBundleRequest, AppBundleResult } from './bundle-app';
import type { ReactVendor } from './react-vendor';

/** What a build worker can be asked to do, with what it answers. */
export interface BuildJobs {
  vendor: { input: { reactResolveDir: string }; output: ReactVendor };
  app: { input: AppBundleRequest; output: AppBundleResult };
}
export type BuildJobKind = keyof BuildJobs;
export type BuildJob = { [K in BuildJobKind]: { kind: K; input: BuildJobs[K]['input'] } }[BuildJobKind];

/** From the service to a worker (over IPC with structured clone, so Maps and Uint8Arrays pass as they are). */
export interface BuildWorkerRequest {
  id: number;
  job: BuildJob;
}

/** From a worker to the service: ready once esbuild's service runs; then one reply per request. */
export type BuildWorkerReply =
  | { type: 'ready' }
  | { type: 'done'; id: number; output: BuildJobs[BuildJobKind]['output'] }
  | { type: 'failed'; id: number; message: string };
