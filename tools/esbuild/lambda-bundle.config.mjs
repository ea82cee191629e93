// @ts-check
import { builtinModules } from 'node:module';
import { lazyChunks } from './lazy-chunks.mjs';

// The esbuild options of every Lambda bundle (nx.json's build targetDefaults point here, beside the
// executor's own options): an ESM entry, one module, whose lazy parts load from chunks/ on first use
// (lazy-chunks.mjs), and Node's built-in modules
// taken from process.getBuiltinModule rather than imported.
//
// Why not `import ... from 'node:fs'`: Node builds an ES module facade for a built-in imported that
// way, and filling it reads every export, lazy getters included: node:fs loads its streams for
// ReadStream, node:crypto its web crypto, node:http (on Node 24) all of undici for WebSocket. That was
// about 40% of the instructions of a cold start over `node -e 0`. A built-in taken as a CommonJS
// module costs only what it evaluates, and its exports are read when the code uses them.

const BUILTIN = new RegExp(`^(node:.+|${builtinModules.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);

// A built-in's exports, read from it on first use: the module stands behind the prototype of an empty
// object. esbuild hands an ES module importer a copy of a CommonJS module's own properties (__toESM),
// and copying node:util's read its lazy exports (all of streams for its web streams), node:fs's its
// promises; with none to copy, a built-in an init never uses (node:crypto, ~13 ms with its streams)
// is not even loaded. `__esModule` is asked by __toESM itself and answered without loading.
const lazyExports = (path) =>
  `{ get: (_, key) => key === '__esModule' ? undefined : process.getBuiltinModule(${JSON.stringify(path)})[key], ` +
  `has: (_, key) => key in process.getBuiltinModule(${JSON.stringify(path)}) }`;

/** @type {import('esbuild').Plugin} */
const builtinModulesPlugin = {
  name: 'builtin-modules',
  setup(build) {
    build.onResolve({ filter: BUILTIN }, ({ path }) => ({ path: path.startsWith('node:') ? path : `node:${path}`, namespace: 'node-builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, ({ path }) => ({
      contents: `module.exports = Object.create(new Proxy({}, ${lazyExports(path)}));`,
      loader: 'js',
    }));
  },
};

/** @type {import('esbuild').BuildOptions} */
export default {
  mainFields: ['module', 'main'],
  legalComments: 'none',
  keepNames: true,
  // main.mjs is one module; what it imports with import() is bundled apart into chunks/ (lazy-chunks.mjs).
  splitting: false,
  outExtension: { '.js': '.mjs' },
  // Stack traces need only the mappings: a map with the sources in it is three times the size, and
  // Node reads every map at load under --enable-source-maps (the image's NODE_OPTIONS).
  sourcesContent: false,
  // What bundled CommonJS code expects of its module scope, for every chunk, without an import.
  banner: {
    js:
      "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url); " +
      "const __filename = process.getBuiltinModule('node:url').fileURLToPath(import.meta.url); " +
      "const __dirname = process.getBuiltinModule('node:path').dirname(__filename);",
  },
  plugins: [builtinModulesPlugin, lazyChunks({ builtins: builtinModulesPlugin })],
};
