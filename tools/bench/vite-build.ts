import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AppSource } from '@sm/events';
import { WORKSPACE_ROOT } from './workspace';

const VITE_CLI = join(WORKSPACE_ROOT, 'node_modules/vite/bin/vite.js');
const BUILD_TIMEOUT_MS = 120_000;
const ENTRY = 'src/main.tsx';

export interface ViteProject {
  dir: string;
  outDir: string;
  remove(): void;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * What both ways of running Vite use: the service's choices where Vite has one (minified ES2020,
 * relative URLs, the title as `import.meta.env.APP_TITLE`, which Vite would only expose for
 * `VITE_*` variables), and no gzip size report, which the service does not compute either.
 */
function settings(project: ViteProject, title: string) {
  return {
    root: project.dir,
    base: './',
    logLevel: 'warn' as const,
    define: { 'import.meta.env.APP_TITLE': JSON.stringify(title) },
    build: { outDir: project.outDir, emptyOutDir: true, target: 'es2020', reportCompressedSize: false },
  };
}

/**
 * An ordinary Vite project holding an app's source: `src/` as it is, `public/index.html` as the
 * root `index.html` (title filled in, entry script linked, as the service does), the other `public/`
 * files in `public/`, and `node_modules` linked to the workspace's, so React is the service's React.
 */
export function writeViteProject(source: AppSource, title: string): ViteProject {
  const dir = mkdtempSync(join(tmpdir(), 'bench-vite-'));
  const project: ViteProject = { dir, outDir: join(dir, 'dist'), remove: () => rmSync(dir, { recursive: true, force: true }) };
  const html = source.files['public/index.html'];
  if (html === undefined || source.files[ENTRY] === undefined) throw new Error(`${source.name} has no public/index.html or ${ENTRY}`);
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  for (const [path, text] of Object.entries(source.files)) {
    if (path === 'public/index.html') continue;
    write(path, text);
  }
  write('index.html', html.replaceAll('%APP_TITLE%', escapeHtml(title)).replace(/<\/body>/i, `  <script type="module" src="./${ENTRY}"></script>\n  </body>`));
  symlinkSync(join(WORKSPACE_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  write('vite.config.mjs', `import react from '@vitejs/plugin-react';\n\nexport default { ...${JSON.stringify(settings(project, title))}, plugins: [react()] };\n`);
  return project;
}

/** `vite build` in this process: Vite and its plugins already loaded and warmed up by earlier runs. */
export async function timeViteBuild(project: ViteProject, title: string): Promise<number> {
  // Imported as ES modules: tsx would compile a require()d Vite to CommonJS, and that copy fails to
  // resolve its own modulepreload polyfill.
  const [{ build }, { default: react }] = await Promise.all([import('vite'), import('@vitejs/plugin-react')]);
  const started = performance.now();
  await build({ ...settings(project, title), configFile: false, plugins: [react()] });
  return performance.now() - started;
}

/** `vite build` as a developer runs it: a fresh `node` on Vite's CLI, from spawn to exit. */
export function timeViteCli(project: ViteProject): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [VITE_CLI, 'build', '--config', join(project.dir, 'vite.config.mjs')], {
      cwd: project.dir,
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const wallMs = performance.now() - started;
      clearTimeout(timer);
      if (code === 0) resolve(wallMs);
      else reject(new Error(`vite build exited with ${signal ?? code}:\n${output.slice(-4000)}`));
    });
  });
}

/** Bytes and number of files Vite wrote. */
export function viteOutputSize(project: ViteProject): { bytes: number; files: number } {
  const files = readdirSync(project.outDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return { bytes: files.reduce((total, entry) => total + statSync(join(entry.parentPath, entry.name)).size, 0), files: files.length };
}
