import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
  /** What a cold start compiles before the handler runs: the entry and the chunks it imports statically, transitively. */
  initBytes: number;
}

// esbuild's ESM output: a static import of a chunk is `import"./x.mjs"` or `import{…}from"./x.mjs"`; `import("./x.mjs")` loads on demand.
const STATIC_IMPORT = /import\s*(?:\{[^}]*\}\s*from\s*|[\w$]+\s*from\s*)?"(\.{1,2}\/[^"]+\.mjs)"/g;

/** The bytes of `file` and of every chunk it imports statically, each counted once. */
function staticallyLoadedBytes(file: string, seen = new Set<string>()): number {
  if (seen.has(file)) return 0;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  const imported = [...code.matchAll(STATIC_IMPORT)].map((match) => join(dirname(file), match[1] ?? ''));
  return Buffer.byteLength(code) + imported.reduce((total, chunk) => total + staticallyLoadedBytes(chunk, seen), 0);
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
    initBytes: staticallyLoadedBytes(bundle.file),
  };
}

function chunksOf(dir: string): string[] {
  const chunks = join(dir, 'chunks');
  if (!existsSync(chunks)) return [];
  return readdirSync(chunks)
    .filter((name) => name.endsWith('.mjs'))
    .map((name) => join(chunks, name));
}
