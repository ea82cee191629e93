import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as z from 'zod';
import { readAppDeploy } from '@sm/app-deploy';

const PackageManifestSchema = z.object({
  dependencies: z.record(z.string(), z.string()).default({}),
  optionalDependencies: z.record(z.string(), z.string()).default({}),
  peerDependencies: z.record(z.string(), z.string()).default({}),
  peerDependenciesMeta: z.record(z.string(), z.object({ optional: z.boolean().default(false) })).default({}),
});

/** A package an image needs is not installed where Node would look for it. */
export class MissingPackageError extends Error {
  constructor(name: string, from: string) {
    super(`package "${name}" (needed from ${from}) is not installed: run npm install`);
    this.name = 'MissingPackageError';
  }
}

/** Node's lookup: `node_modules/<name>` in `from` and each folder above it, up to the workspace root. */
function locatePackage(workspaceRoot: string, name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (basename(dir) !== 'node_modules' && existsSync(join(workspaceRoot, candidate, 'package.json'))) return candidate;
    if (dir === '.') return undefined;
  }
}

/**
 * The installed package folders (relative to the workspace root) that `names` need at run time:
 * the packages, their dependencies and peers, and those optional dependencies that are installed
 * (esbuild's binary for this platform). Folders nested in another listed folder are left out.
 */
export function packageClosure(workspaceRoot: string, names: readonly string[]): string[] {
  const found = new Set<string>();
  const visit = (name: string, from: string, optional: boolean): void => {
    const dir = locatePackage(workspaceRoot, name, from);
    if (dir === undefined) {
      if (optional) return;
      throw new MissingPackageError(name, from === '.' ? 'the image' : from);
    }
    if (found.has(dir)) return;
    found.add(dir);
    const manifest = PackageManifestSchema.parse(JSON.parse(readFileSync(join(workspaceRoot, dir, 'package.json'), 'utf8')));
    for (const dependency of Object.keys(manifest.dependencies)) visit(dependency, dir, false);
    for (const dependency of Object.keys(manifest.optionalDependencies)) visit(dependency, dir, true);
    for (const peer of Object.keys(manifest.peerDependencies)) visit(peer, dir, manifest.peerDependenciesMeta[peer]?.optional ?? false);
  };
  for (const name of names) visit(name, '.', false);
  const dirs = [...found];
  return dirs.filter((dir) => !dirs.some((other) => dir.startsWith(`${other}/`))).sort();
}

/**
 * Lays out in `stageDir` what an app's image holds under `LAMBDA_TASK_ROOT`: the built bundle's
 * entry `main.mjs` (the handler `main.handler`, under its own name because the lazily loaded modules
 * in `chunks/` import it), its other entry points (such as a worker the handler starts as a child
 * process) beside it, the source maps of all of them (the image runs with `--enable-source-maps`, so
 * a stack trace names the sources), the files its deploy.json lists under `image.files` at the same paths, the build output of each project in `image.builds` under that project's name, and
 * `image.packages` with everything they need under `node_modules/`. Returns the staged paths.
 *
 * @example
 * stageImageFiles('/workspace', 'callback-service', '/stage'); // ['main.mjs', 'main.mjs.map', 'chunks']
 */
export function stageImageFiles(workspaceRoot: string, app: string, stageDir: string): string[] {
  const { image } = readAppDeploy(workspaceRoot, app);
  const appRoot = join(workspaceRoot, 'apps', app);
  const bundle = join(workspaceRoot, 'dist', 'apps', app);
  const copies: Array<[from: string, to: string]> = [
    [join(bundle, 'main.mjs'), 'main.mjs'],
    [join(bundle, 'main.mjs.map'), 'main.mjs.map'],
    ...readdirSync(bundle)
      .filter((name) => /\.mjs(\.map)?$/.test(name) && !name.startsWith('main.mjs'))
      .sort()
      .map((name): [string, string] => [join(bundle, name), name]),
    // The modules main.mjs imports on first use (tools/esbuild/lazy-chunks.mjs), if it has any.
    ...(existsSync(join(bundle, 'chunks')) ? [[join(bundle, 'chunks'), 'chunks'] as [string, string]] : []),
    ...image.files.map((file): [string, string] => [join(appRoot, file), file]),
    ...image.builds.map((project): [string, string] => [join(workspaceRoot, 'dist', 'apps', project), project]),
    ...packageClosure(workspaceRoot, image.packages).map((dir): [string, string] => [join(workspaceRoot, dir), dir]),
  ];
  for (const [from, to] of copies) {
    cpSync(from, join(stageDir, to), {
      recursive: true,
      dereference: true,
      errorOnExist: true,
      force: false,
    });
  }
  return copies.map(([, to]) => to);
}
