import { createRequire } from 'node:module';
import { join, posix, relative, sep } from 'node:path';
import * as esbuild from 'esbuild';
import { ALLOWED_PACKAGES, type AllowedPackage } from './import-policy';
import type { BundledFile } from './site-bundler';

/** React, bundled once per process and shared by every app's site. */
export interface ReactVendor {
  files: BundledFile[];
  /** The vendor module each allowed package maps to, by site path (`assets/vendor/react-dom-client-2T5Q.js`). */
  modules: ReadonlyMap<AllowedPackage, string>;
  /** Each vendor file's own imports among the vendor files, by site path. */
  imports: Map<string, string[]>;
}

const VENDOR_NAMESPACE = 'react-vendor';
const OUT_DIR = 'react-vendor-out';
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

const moduleName = (name: AllowedPackage) => name.replace('/', '-');

/**
 * An ES module facade over a CommonJS package: its named exports are listed at build time, since
 * esbuild cannot know them statically. The list is read from the package itself (the service's own
 * React: its code, not an app's), and a name missing from the production build is merely undefined.
 */
function facade(name: AllowedPackage, requireFrom: NodeJS.Require): string {
  const exports = Object.keys(requireFrom(name) as object).filter((key) => IDENTIFIER.test(key) && key !== 'default');
  return `import m from ${JSON.stringify(name)};\nexport default m;\nexport const { ${exports.join(', ')} } = m;\n`;
}

/**
 * Bundles react, react-dom, react-dom/client and react/jsx-runtime from `resolveDir` into
 * content-hashed ES modules that share one copy of React (code splitting). Every app's build maps
 * its React imports to these files instead of bundling React again: React is the same in every app,
 * so that work is done once per process, and an app's own build only compiles the app's code.
 */
export async function buildReactVendor(resolveDir: string): Promise<ReactVendor> {
  const requireFrom = createRequire(join(resolveDir, 'package.json'));
  const facades = new Map(ALLOWED_PACKAGES.map((name) => [moduleName(name), facade(name, requireFrom)]));
  const result = await esbuild.build({
    entryPoints: [...facades.keys()].map((name) => ({ in: `${VENDOR_NAMESPACE}:${name}`, out: name })),
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2020',
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: resolveDir,
    outdir: join(resolveDir, OUT_DIR),
    entryNames: 'assets/vendor/[name]-[hash]',
    chunkNames: 'assets/vendor/chunk-[hash]',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [
      {
        name: VENDOR_NAMESPACE,
        setup(build) {
          build.onResolve({ filter: new RegExp(`^${VENDOR_NAMESPACE}:`) }, (args) => ({ path: args.path.slice(VENDOR_NAMESPACE.length + 1), namespace: VENDOR_NAMESPACE }));
          build.onLoad({ filter: /.*/, namespace: VENDOR_NAMESPACE }, (args) => ({ contents: facades.get(args.path), loader: 'js', resolveDir }));
        },
      },
    ],
  });

  const toSitePath = (metafilePath: string) => posix.relative(OUT_DIR, metafilePath);
  const outputs = Object.entries(result.metafile.outputs);
  const moduleOf = (name: AllowedPackage) => {
    const output = outputs.find(([, meta]) => meta.entryPoint === `${VENDOR_NAMESPACE}:${moduleName(name)}`);
    if (!output) throw new Error(`the React vendor build has no output for ${name}`);
    return toSitePath(output[0]);
  };
  return {
    files: result.outputFiles.map((file) => ({ path: relative(join(resolveDir, OUT_DIR), file.path).split(sep).join('/'), contents: file.contents })),
    modules: new Map(ALLOWED_PACKAGES.map((name) => [name, moduleOf(name)])),
    imports: new Map(outputs.map(([path, meta]) => [toSitePath(path), meta.imports.map((imported) => toSitePath(imported.path))])),
  };
}
