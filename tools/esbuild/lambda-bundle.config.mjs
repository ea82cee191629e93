// @ts-check
import { builtinModules } from 'node:module';

// The esbuild options of every Lambda bundle (nx.json's build targetDefaults point here, beside the
// executor's own options): an ESM entry whose chunks load on first use, and Node's built-in modules
// taken from process.getBuiltinModule rather than imported.
//
// Why not `import ... from 'node:fs'`: Node builds an ES module facade for a built-in imported that
// way, and filling it reads every export, lazy getters included: node:fs loads its streams for
// ReadStream, node:crypto its web crypto, node:http (on Node 24) all of undici for WebSocket. That was
// about 40% of the instructions of a cold start over `node -e 0`. A built-in taken as a CommonJS
// module costs only what it evaluates, and its exports are read when the code uses them.

const BUILTIN = new RegExp(`^(node:.+|${builtinModules.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);

/** @type {import('esbuild').Plugin} */
const builtinModulesPlugin = {
  name: 'builtin-modules',
  setup(build) {
    build.onResolve({ filter: BUILTIN }, ({ path }) => ({ path: path.startsWith('node:') ? path : `node:${path}`, namespace: 'node-builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, ({ path }) => ({
      contents: `module.exports = process.getBuiltinModule(${JSON.stringify(path)});`,
      loader: 'js',
    }));
  },
};

/** @type {import('esbuild').BuildOptions} */
export default {
  mainFields: ['module', 'main'],
  legalComments: 'none',
  keepNames: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
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
  plugins: [builtinModulesPlugin],
};
