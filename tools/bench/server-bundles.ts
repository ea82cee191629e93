import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BASE_TSCONFIG } from './workspace';

export interface ServerBundles {
  gateway: string;
  express: string;
  remove(): void;
}

/**
 * Bundles both server entries the way the apps are bundled for Lambda (esbuild, CommonJS, ESM
 * entry points of packages), unminified and with source maps so profiles name real files. Both
 * sides then run as plain `node` processes with nothing transpiling at run time.
 */
export async function bundleServers(): Promise<ServerBundles> {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-servers-'));
  await build({
    entryPoints: { gateway: join(__dirname, 'gateway-server.ts'), express: join(__dirname, 'express-server.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node}`,
    mainFields: ['module', 'main'],
    tsconfig: BASE_TSCONFIG,
    sourcemap: true,
    logLevel: 'error',
  });
  return {
    gateway: join(outdir, 'gateway.js'),
    express: join(outdir, 'express.js'),
    remove: () => rmSync(outdir, { recursive: true, force: true }),
  };
}
