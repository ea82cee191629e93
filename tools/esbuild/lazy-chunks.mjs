// @ts-check
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import * as esbuild from 'esbuild';

// A Lambda bundle in which a cold start loads ONE module, while the code it does not need loads on
// first use and shares that module's instances.
//
// esbuild's code splitting puts code shared by main.mjs and a lazily imported module in chunks
// that main.mjs imports, and it assigns whole files: every file main.mjs reaches, even through an
// index that only re-exports it, lands in a chunk main.mjs loads, with whatever the lazy modules
// use of it. A cold start then loaded ten modules (each resolved, linked and evaluated apart, about
// 0.8 ms apiece) and code it never ran. So the entry is bundled on its own, without splitting, its
// dynamic import()s left as imports of `chunks/lazy-*.mjs`; those lazy modules are bundled with
// splitting into chunks/, and whenever they import a file that main.mjs already holds, they get it
// from main.mjs (which exports that file's namespace as `__m_<hash>`): one instance of each module,
// so an error class a route throws is the one the service's error mapper knows.

/** The options of the outer build that the two inner builds repeat. */
function innerOptions(initial) {
  const { entryPoints, outfile, outdir, plugins, splitting, metafile, write, entryNames, chunkNames, ...rest } = initial;
  return rest;
}

const namespaceOf = (file, root) => `__m_${createHash('sha1').update(relative(root, file)).digest('hex').slice(0, 10)}`;
const slugOf = (file, root) => relative(root, file).replace(/\.[cm]?[jt]s$/, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');

/**
 * @param {{ builtins: import('esbuild').Plugin }} options the plugin that maps Node's built-ins (each inner build uses it too)
 * @returns {import('esbuild').Plugin}
 */
export function lazyChunks({ builtins }) {
  return {
    name: 'lazy-chunks',
    setup(build) {
      const initial = build.initialOptions;
      const root = initial.absWorkingDir ?? process.cwd();
      const abs = (path) => (isAbsolute(path) ? path : resolve(root, path));
      const entries = Array.isArray(initial.entryPoints) ? initial.entryPoints : [];
      // The executor lists the app's main first; other entries (a worker run as its own process) stay whole.
      const main = abs(typeof entries[0] === 'string' ? entries[0] : (entries[0]?.in ?? ''));
      const outDir = abs(initial.outdir ?? dirname(initial.outfile ?? ''));
      /** @type {Set<string>} files main.mjs holds */
      let held = new Set();
      /** @type {Map<string, string>} a lazily imported file, by the name of its module under chunks/ */
      let lazy = new Map();
      /** @type {Set<string>} files of main.mjs that the lazy modules import */
      let shared = new Set();

      build.onStart(async () => {
        // 1. What main.mjs holds, and what it imports lazily.
        const targets = new Set();
        const recordLazy = {
          name: 'record-lazy',
          setup(inner) {
            inner.onResolve({ filter: /.*/ }, async (args) => {
              if (args.kind !== 'dynamic-import' || args.pluginData === 'resolving') return undefined;
              const target = await inner.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
              if (target.errors.length === 0 && target.namespace === 'file' && !target.external) targets.add(target.path);
              return { path: args.path, external: true };
            });
          },
        };
        const analysis = await esbuild.build({ ...innerOptions(initial), entryPoints: [main], outdir: outDir, splitting: false, write: false, metafile: true, plugins: [builtins, recordLazy] });
        held = new Set(Object.keys(analysis.metafile.inputs).filter((input) => !input.includes(':')).map(abs));
        lazy = new Map([...targets].filter((target) => !held.has(target)).map((target) => [`lazy-${slugOf(target, root)}`, target]));
        shared = new Set();
        if (lazy.size === 0) return;

        // 2. The lazy modules, split among themselves, taking main.mjs's files from main.mjs.
        const fromMain = {
          name: 'from-main',
          setup(inner) {
            inner.onResolve({ filter: /.*/ }, async (args) => {
              if (args.pluginData === 'resolving' || args.namespace === 'from-main' || args.kind === 'entry-point') return undefined;
              const target = await inner.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
              if (target.errors.length > 0 || target.namespace !== 'file' || !held.has(target.path)) return undefined;
              shared.add(target.path);
              return { path: target.path, namespace: 'from-main' };
            });
            inner.onResolve({ filter: /^\.\.\/main\.mjs$/, namespace: 'from-main' }, (args) => ({ path: args.path, external: true }));
            inner.onLoad({ filter: /.*/, namespace: 'from-main' }, async (args) => {
              const names = await exportNames(args.path);
              const ns = namespaceOf(args.path, root);
              return {
                contents: `import { ${ns} } from '../main.mjs';\n${names.map((name) => `export const ${name} = ${ns}.${name};`).join('\n')}\n`,
                loader: 'js',
              };
            });
          },
        };
        const exportNames = async (file) => {
          const probe = await esbuild.build({ ...innerOptions(initial), entryPoints: [file], outdir: outDir, splitting: false, write: false, metafile: true, plugins: [builtins] });
          return Object.values(probe.metafile.outputs).find((output) => output.entryPoint !== undefined)?.exports.filter((name) => name !== 'default') ?? [];
        };
        await esbuild.build({
          ...innerOptions(initial),
          entryPoints: Object.fromEntries(lazy),
          outdir: join(outDir, 'chunks'),
          entryNames: '[name]',
          chunkNames: '[name]-[hash]',
          splitting: true,
          plugins: [builtins, fromMain],
        });
      });

      // 3. main.mjs: its lazy imports point at chunks/, and it exports what the lazy modules take from it.
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData === 'resolving' || !held.has(args.importer)) return undefined;
        const target = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
        const name = [...lazy].find(([, file]) => file === target.path)?.[0];
        return name === undefined ? undefined : { path: `./chunks/${name}.mjs`, external: true };
      });
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path !== main || shared.size === 0) return undefined;
        const exports = [...shared].sort().map((file) => `export * as ${namespaceOf(file, root)} from ${JSON.stringify(file)};`);
        return { contents: `${readFileSync(main, 'utf8')}\n${exports.join('\n')}\n`, loader: 'ts' };
      });
    },
  };
}
