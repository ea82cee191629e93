import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|mjs|json)$/;
const SPECIFIER = /['"]([^'"\n]+)['"]/g;

/**
 * The folders whose files make an app's code: its own `src/` and the source folder of every lib it
 * imports through the workspace's path aliases (tsconfig.base.json's `paths`), transitively. Read
 * from the imports themselves, as Nx's project graph is, so a lib an app starts to use counts at once.
 *
 * @example
 * appSourceRoots('/repo', 'callback-service'); // ['apps/callback-service/src', 'libs/config/src', 'libs/http/src', ...]
 */
export function appSourceRoots(workspaceRoot: string, app: string): string[] {
  const aliases = pathAliases(workspaceRoot);
  const roots = new Set<string>([join('apps', app, 'src')]);
  for (const root of roots) {
    for (const file of sourceFiles(join(workspaceRoot, root))) {
      for (const [, specifier] of readIfThere(file).matchAll(SPECIFIER)) {
        const target = specifier === undefined ? undefined : aliases.get(specifier);
        if (target !== undefined) roots.add(target);
      }
    }
  }
  return [...roots].sort();
}

/** Whether `file` (relative to the workspace root) is one of `roots`' sources, not a test of them. */
export function isAppSource(roots: readonly string[], file: string): boolean {
  return isSourceFile(file) && roots.some((root) => file.startsWith(`${root}${sep}`));
}

/** Tests and jest's setup files (which import the test libs) are not the app's code. */
function isSourceFile(name: string): boolean {
  return SOURCE_FILE.test(name) && !/(\.spec\.[cm]?tsx?|(^|\/)test-setup\.ts)$/.test(name);
}

/** Each alias with the folder of the file it names (`@sm/http` → `libs/http/src`). */
function pathAliases(workspaceRoot: string): Map<string, string> {
  const tsconfig = JSON.parse(readFileSync(join(workspaceRoot, 'tsconfig.base.json'), 'utf8')) as { compilerOptions?: { paths?: Record<string, string[]> } };
  const paths = Object.entries(tsconfig.compilerOptions?.paths ?? {});
  return new Map(paths.flatMap(([alias, [target]]) => (target === undefined ? [] : [[alias, relative('.', dirname(target))]])));
}

/** An editor may have just replaced the file: gone for now is the same as empty. */
function readIfThere(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

function sourceFiles(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && isSourceFile(entry.name)).map((entry) => join(entry.parentPath, entry.name));
}
