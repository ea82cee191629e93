import { bundleApp } from './bundle-app';
import { buildReactVendor, type ReactVendor } from './react-vendor';
import { BuildFailedError, type SiteBundler } from './site-bundler';

/** The vendor files the script needs, following their imports of one another. */
function vendorClosure(vendor: ReactVendor, direct: string[]): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imported of vendor.imports.get(path) ?? []) visit(imported);
  };
  direct.forEach(visit);
  return [...seen].sort();
}

/**
 * The `SiteBundler` on esbuild, in process: the app's files from memory, React from the shared
 * vendor modules (built on the first bundle, from `reactResolveDir`), minified ES modules with
 * content-hashed names. Each bundle is its own esbuild context, so an abort cancels it for real.
 *
 * @example
 * const bundler = createEsbuildBundler({ reactResolveDir: config.REACT_RESOLVE_DIR });
 * const output = await bundler.bundle({ files, entry: 'src/main.tsx', title: 'My app', signal });
 */
export function createEsbuildBundler(options: { reactResolveDir: string }): SiteBundler {
  let vendor: Promise<ReactVendor> | undefined;
  const loadVendor = () => {
    vendor ??= buildReactVendor(options.reactResolveDir).catch((error: unknown) => {
      vendor = undefined;
      throw error;
    });
    return vendor;
  };

  return {
    async bundle(input) {
      const react = await loadVendor();
      input.signal.throwIfAborted();
      const result = await bundleApp({ files: input.files, entry: input.entry, title: input.title, vendorModules: react.modules }, input.signal);
      if (result.kind === 'failed') throw new BuildFailedError(result.diagnostics);
      const preload = vendorClosure(react, result.vendorImports);
      return {
        files: [...result.files, ...react.files.filter((file) => preload.includes(file.path))],
        script: result.script,
        stylesheet: result.stylesheet,
        preload,
      };
    },
  };
}
