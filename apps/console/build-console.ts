import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

/** Where the console is served: index.html refers to its assets by absolute path under it. */
export const CONSOLE_BASE = '/console/';

export interface ConsoleBuild {
  /** Every file written, relative to the output folder. */
  files: string[];
  /** The JavaScript the browser loads before sign-in: the entry and the chunks it imports statically. */
  initialScripts: string[];
  /** Their gzip size together, in bytes (what the ≤ 300 KB budget counts). */
  initialGzipBytes: number;
}

const projectRoot = __dirname;

/** The entry's static imports, followed: what loads before any dynamic import() (the editor) runs. */
function staticClosure(metafile: esbuild.Metafile, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? []) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entry);
  return [...seen];
}

const page = (script: string, stylesheet: string | undefined, preload: string[]) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Console · React apps</title>
    <link rel="icon" href="data:," />
${stylesheet === undefined ? '' : `    <link rel="stylesheet" href="${CONSOLE_BASE}${stylesheet}" />\n`}${preload.map((path) => `    <link rel="modulepreload" href="${CONSOLE_BASE}${path}" />\n`).join('')}    <script type="module" src="${CONSOLE_BASE}${script}"></script>
  </head>
  <body>
    <div id="root"><p class="waiting" role="status">Loading the console…</p></div>
  </body>
</html>
`;

/**
 * Bundles the console into `outDir`: content-hashed ES modules under `assets/`, split so that the
 * editor (CodeMirror) is a chunk of its own that loads only when an app is opened, and `index.html`,
 * the one file without a hash.
 *
 * @example
 * const build = await buildConsole('dist/apps/console');
 * console.log(build.initialGzipBytes);
 */
export async function buildConsole(outDir: string): Promise<ConsoleBuild> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: { main: join(projectRoot, 'src/main.tsx') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    metafile: true,
    jsx: 'automatic',
    outdir: outDir,
    entryNames: 'assets/[name]-[hash]',
    chunkNames: 'assets/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    tsconfig: join(projectRoot, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs);
  const entry = outputs.find((path) => result.metafile.outputs[path]?.entryPoint !== undefined && path.endsWith('.js'));
  if (entry === undefined) throw new Error('esbuild wrote no entry script');
  const stylesheet = result.metafile.outputs[entry]?.cssBundle;
  const initial = staticClosure(result.metafile, entry);
  const relativeToOut = (path: string) => relative(resolve(outDir), resolve(path)).split('\\').join('/');
  writeFileSync(
    join(outDir, 'index.html'),
    page(
      relativeToOut(entry),
      stylesheet === undefined ? undefined : relativeToOut(stylesheet),
      initial.filter((path) => path !== entry).map(relativeToOut),
    ),
  );
  const initialGzipBytes = initial.reduce((total, path) => total + gzipSync(readFileSync(path)).length, 0);
  return { files: [...outputs.map(relativeToOut), 'index.html'].sort(), initialScripts: initial.map(relativeToOut), initialGzipBytes };
}

if (require.main === module) {
  const outDir = process.argv[2];
  if (outDir === undefined) {
    console.error('usage: build-console.ts <output folder>');
    process.exit(2);
  }
  buildConsole(outDir).then(
    (build) => console.log(`console: ${build.files.length} files in ${outDir}; initial JavaScript ${(build.initialGzipBytes / 1024).toFixed(1)} KB gzip (${build.initialScripts.join(', ')})`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
