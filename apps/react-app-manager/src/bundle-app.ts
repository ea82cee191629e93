import { posix } from 'node:path';
import type { BuildDiagnostic } from '@sm/events';
import * as esbuild from 'esbuild';
import { resolveImport, type AllowedPackage, type ImportStyle } from './import-policy';
import type { BundledFile } from './site-bundler';
import type { SourceFiles } from './source-files';

/** The app's files live in this namespace only: esbuild never looks for them on disk. */
const NAMESPACE = 'app';
/** A directory that does not exist: nothing in a build is read from, or written to, the file system. */
const VIRTUAL_ROOT = '/react-app-manager/virtual';
const OUT_SUBDIR = 'site';
const OUT_DIR = `${VIRTUAL_ROOT}/${OUT_SUBDIR}`;

/** Loaders by extension; none of them runs code at build time. `.svg` becomes a hashed asset URL. */
const LOADERS: Record<string, esbuild.Loader> = {
  '.tsx': 'tsx',
  '.ts': 'ts',
  '.jsx': 'jsx',
  '.js': 'js',
  '.mjs': 'js',
  '.css': 'css',
  '.json': 'json',
  '.txt': 'text',
  '.md': 'text',
  '.svg': 'file',
};
const CSS_KINDS = new Set<esbuild.ImportKind>(['import-rule', 'url-token', 'composes-from']);

/** One app to bundle; its imports of the allowed packages go to the shared vendor modules, by site path. */
export interface AppBundleRequest {
  files: SourceFiles;
  entry: string;
  title: string;
  vendorModules: ReadonlyMap<AllowedPackage, string>;
}

/** The app's own output, or why its code does not build. */
export type AppBundleResult =
  | {
      kind: 'bundled';
      files: BundledFile[];
      script: string;
      stylesheet: string | undefined;
      /** The vendor modules the script imports directly, by site path. */
      vendorImports: string[];
    }
  | { kind: 'failed'; diagnostics: BuildDiagnostic[] };

function isBuildFailure(error: unknown): error is esbuild.BuildFailure {
  return error instanceof Error && 'errors' in error && Array.isArray(error.errors);
}

function toDiagnostics(messages: esbuild.Message[]): BuildDiagnostic[] {
  return messages.map(({ location, text }) => ({
    file: location ? location.file.replace(new RegExp(`^${NAMESPACE}:`), '') : '',
    line: location?.line ?? 0,
    column: location?.column ?? 0,
    text,
  }));
}

/**
 * Serves the app's files to esbuild from memory and decides every import through the import
 * policy; the allowed packages become external imports of the shared React modules. It only reads
 * strings from a map: no user code runs at build time.
 */
function appFilesPlugin(files: SourceFiles, vendorModules: ReadonlyMap<AllowedPackage, string>): esbuild.Plugin {
  return {
    name: 'app-files',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return { path: args.path, namespace: NAMESPACE };
        const style: ImportStyle = CSS_KINDS.has(args.kind) ? 'css' : 'module';
        const resolution = resolveImport(args.path, args.importer, files, style);
        if (resolution.kind === 'refused') return { errors: [{ text: resolution.reason }] };
        if (resolution.kind === 'file') return { path: resolution.path, namespace: NAMESPACE };
        if (resolution.kind === 'fragment') return { path: args.path, external: true };
        const module = vendorModules.get(resolution.name);
        if (style === 'css' || module === undefined) return { errors: [{ text: `import ${JSON.stringify(args.path)} is a package, not a stylesheet` }] };
        // Every app module is bundled into one script under assets/, so the path is relative to it.
        return { path: `./${posix.relative('assets', module)}`, external: true };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        const contents = files.get(args.path);
        const loader = LOADERS[posix.extname(args.path)];
        if (contents === undefined || loader === undefined) {
          return { errors: [{ text: `${args.path} cannot be imported: only ${Object.keys(LOADERS).join(', ')} files can` }] };
        }
        return { contents, loader };
      });
    },
  };
}

function toResult(result: esbuild.BuildResult<{ write: false; metafile: true }>, request: AppBundleRequest): AppBundleResult {
  // Metafile paths are relative to the working directory, output file paths absolute.
  const toSitePath = (metafilePath: string) => posix.relative(OUT_SUBDIR, metafilePath);
  const entry = Object.entries(result.metafile.outputs).find(([, meta]) => meta.entryPoint === `${NAMESPACE}:${request.entry}`);
  if (!entry) throw new Error(`esbuild produced no output for the entry point ${request.entry}`);
  const [scriptPath, script] = entry;
  return {
    kind: 'bundled',
    files: result.outputFiles.map((file) => ({ path: posix.relative(OUT_DIR, file.path), contents: file.contents })),
    script: toSitePath(scriptPath),
    stylesheet: script.cssBundle === undefined ? undefined : toSitePath(script.cssBundle),
    vendorImports: script.imports.filter((imported) => imported.external).map((imported) => posix.join('assets', imported.path)),
  };
}

/**
 * Bundles one app with esbuild: its files from memory, React as the shared vendor modules,
 * minified ES modules with content-hashed names. It runs in a build worker, which is killed when
 * the build takes too long or too much memory: esbuild's own cancel does not stop a parse that runs away.
 */
export async function bundleApp(request: AppBundleRequest): Promise<AppBundleResult> {
  try {
    const result = await esbuild.build({
      entryPoints: [request.entry],
      bundle: true,
      write: false,
      metafile: true,
      minify: true,
      format: 'esm',
      target: 'es2020',
      jsx: 'automatic',
      logLevel: 'silent',
      absWorkingDir: VIRTUAL_ROOT,
      outdir: OUT_DIR,
      entryNames: 'assets/[name]-[hash]',
      assetNames: 'assets/[name]-[hash]',
      tsconfigRaw: {},
      define: { 'process.env.NODE_ENV': '"production"', 'import.meta.env.APP_TITLE': JSON.stringify(request.title) },
      plugins: [appFilesPlugin(request.files, request.vendorModules)],
    });
    return toResult(result, request);
  } catch (error) {
    if (isBuildFailure(error)) return { kind: 'failed', diagnostics: toDiagnostics(error.errors) };
    throw error;
  }
}
