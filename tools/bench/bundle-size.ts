import { existsSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { AppBundle } from './workspace';

export interface BundleSize {
  app: string;
  bytes: number;
  /** zlib's default level (6), roughly what a deployment zip's deflate gives. */
  gzipBytes: number;
  /** The source map, deployed beside the bundle but never loaded without --enable-source-maps. */
  mapBytes: number | undefined;
}

export function measureBundleSize(bundle: AppBundle): BundleSize {
  const code = readFileSync(bundle.file);
  const map = `${bundle.file}.map`;
  return {
    app: bundle.app,
    bytes: code.byteLength,
    gzipBytes: gzipSync(code).byteLength,
    mapBytes: existsSync(map) ? statSync(map).size : undefined,
  };
}
