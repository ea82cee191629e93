import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { MissingPackageError, stageImageFiles } from './stage-image-files';

/** A workspace on disk: path → contents; objects are written as JSON. */
function workspace(files: Record<string, string | object>): string {
  const root = mkdtempSync(join(tmpdir(), 'stage-'));
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof contents === 'string' ? contents : JSON.stringify(contents));
  }
  return root;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

const fn = { handler: 'src/main.ts', timeoutSeconds: 10, memoryMB: 512 };
const routes = [{ routeKey: 'GET /site/health', authorization: 'none' }];
const built = {
  'dist/apps/site/main.mjs': "export { handler } from './chunks/chunk-A.mjs';",
  'dist/apps/site/main.mjs.map': '{}',
  'dist/apps/site/chunks/chunk-A.mjs': 'export const handler = 1;',
  'dist/apps/site/chunks/chunk-A.mjs.map': '{}',
};

describe('staging what an app image holds', () => {
  it('stages the bundle’s entry main.mjs, which its chunks import, with the chunks and their source maps', () => {
    const root = workspace({ 'apps/site/deploy.json': { function: fn, routes }, ...built });
    const stage = join(root, 'stage');

    const staged = stageImageFiles(root, 'site', stage);

    expect(staged).toEqual(['main.mjs', 'main.mjs.map', 'chunks']);
    expect(filesUnder(stage)).toEqual(['chunks/chunk-A.mjs', 'chunks/chunk-A.mjs.map', 'main.mjs', 'main.mjs.map']);
  });

  it('stages the bundle’s other entry points beside main.mjs under their own names', () => {
    const root = workspace({
      'apps/site/deploy.json': { function: fn, routes },
      ...built,
      'dist/apps/site/build-worker.mjs': "import './chunks/chunk-A.mjs';",
      'dist/apps/site/build-worker.mjs.map': '{}',
    });
    const stage = join(root, 'stage');

    const staged = stageImageFiles(root, 'site', stage);

    expect(staged).toEqual(['main.mjs', 'main.mjs.map', 'build-worker.mjs', 'build-worker.mjs.map', 'chunks']);
    expect(filesUnder(stage)).toEqual(['build-worker.mjs', 'build-worker.mjs.map', 'chunks/chunk-A.mjs', 'chunks/chunk-A.mjs.map', 'main.mjs', 'main.mjs.map']);
  });

  it('stages a bundle that esbuild split into no chunks', () => {
    const root = workspace({ 'apps/site/deploy.json': { function: fn, routes }, 'dist/apps/site/main.mjs': 'export const handler = 1;', 'dist/apps/site/main.mjs.map': '{}' });
    const stage = join(root, 'stage');

    const staged = stageImageFiles(root, 'site', stage);

    expect(staged).toEqual(['main.mjs', 'main.mjs.map']);
    expect(filesUnder(stage)).toEqual(['main.mjs', 'main.mjs.map']);
  });

  it('copies the files deploy.json lists at the same paths', () => {
    const root = workspace({
      'apps/site/deploy.json': { function: fn, routes, image: { files: ['templates'] } },
      'apps/site/templates/counter/src/App.tsx': 'export {}',
      'apps/site/src/main.ts': 'export {}',
      ...built,
    });
    const stage = join(root, 'stage');

    stageImageFiles(root, 'site', stage);

    expect(filesUnder(stage)).toEqual(['chunks/chunk-A.mjs', 'chunks/chunk-A.mjs.map', 'main.mjs', 'main.mjs.map', 'templates/counter/src/App.tsx']);
  });

  it('copies the build output of each project deploy.json lists under builds, under the project’s name', () => {
    const root = workspace({
      'apps/site/deploy.json': { function: fn, routes, image: { builds: ['console'] } },
      'dist/apps/console/index.html': '<!doctype html>',
      'dist/apps/console/assets/main-ABC.js': 'export {}',
      ...built,
    });
    const stage = join(root, 'stage');

    stageImageFiles(root, 'site', stage);

    expect(filesUnder(stage)).toEqual(['chunks/chunk-A.mjs', 'chunks/chunk-A.mjs.map', 'console/assets/main-ABC.js', 'console/index.html', 'main.mjs', 'main.mjs.map']);
  });

  it('copies each package with its dependencies, peers and the optional dependencies that are installed', () => {
    const root = workspace({
      'apps/site/deploy.json': { function: fn, routes, image: { packages: ['esbuild', 'react-dom'] } },
      'node_modules/esbuild/package.json': { optionalDependencies: { '@esbuild/linux-x64': '1', '@esbuild/darwin-arm64': '1' } },
      'node_modules/@esbuild/linux-x64/package.json': {},
      'node_modules/@esbuild/linux-x64/bin/esbuild': 'binary',
      'node_modules/react-dom/package.json': { dependencies: { scheduler: '1', 'dom-helper': '1' }, peerDependencies: { react: '1' } },
      'node_modules/react-dom/node_modules/dom-helper/package.json': {},
      'node_modules/scheduler/package.json': {},
      'node_modules/react/package.json': {},
      'node_modules/vite/package.json': {},
      ...built,
    });
    const stage = join(root, 'stage');

    const staged = stageImageFiles(root, 'site', stage);

    expect(staged).toEqual([
      'main.mjs',
      'main.mjs.map',
      'chunks',
      'node_modules/@esbuild/linux-x64',
      'node_modules/esbuild',
      'node_modules/react',
      'node_modules/react-dom',
      'node_modules/scheduler',
    ]);
    expect(filesUnder(join(stage, 'node_modules/react-dom'))).toEqual(['node_modules/dom-helper/package.json', 'package.json']);
  });

  it('refuses a package that is not installed', () => {
    const root = workspace({ 'apps/site/deploy.json': { function: fn, routes, image: { packages: ['esbuild'] } }, ...built });

    expect(() => stageImageFiles(root, 'site', join(root, 'stage'))).toThrow(MissingPackageError);
  });

  it('refuses image files outside the app folder', () => {
    const root = workspace({ 'apps/site/deploy.json': { function: fn, routes, image: { files: ['../../.env'] } }, ...built });

    expect(() => stageImageFiles(root, 'site', join(root, 'stage'))).toThrow(/must be a path inside the app folder/);
  });
});
