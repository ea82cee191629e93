import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AppBundle } from './workspace';

export interface BundleSize {
  app: string;
  bytes: number;
  /** zlib's default level (6), roughly what a deployment zip's deflate gives. */
  gzipBytes: number;
  /** The source map, deployed beside the bundle but never loaded without --enable-source-maps. */
  mapBytes: number | undefined;
  /** The chunks the entry imports on demand (the AWS SDK among them), without their maps. */
  chunkBytes: number;
}

export function measureBundleSize(bundle: AppBundle): BundleSize {
  const code = readFileSync(bundle.file);
  const map = `${bundle.file}.map`;
  return {
    app: bundle.app,
    bytes: code.byteLength,
    gzipBytes: gzipSync(code).byteLength,
    mapBytes: existsSync(map) ? statSync(map).size : undefined,
    chunkBytes: chunksOf(bundle.dir).reduce((total, file) => total + statSync(file).size, 0),
  };
}

function chunksOf(dir: string): string[] {
  const chunks = join(dir, 'chunks');
  if (!existsSync(chunks)) return [];
  return readdirSync(chunks)
    .filter((name) => name.endsWith('.mjs'))
    .map((name) => join(chunks, name));
}
