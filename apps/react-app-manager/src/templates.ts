import { readdir, readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { InvalidInputError } from '@sm/errors';
import { loadOnce } from '@sm/http';
import type { SourceFiles } from './source-files';

/** The template an app starts from when the request names none. */
export const DEFAULT_TEMPLATE = 'counter';

/**
 * The templates the service ships: a port, so that they may come from the image's file system,
 * or from anywhere else, without the domain knowing.
 */
export interface TemplateCatalog {
  /** Template names, sorted. */
  names(): Promise<string[]>;
  /** A template's files by path (`src/App.tsx`), or undefined for a name the service does not ship. */
  files(name: string): Promise<SourceFiles | undefined>;
}

async function readTemplate(dir: string): Promise<SourceFiles> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        const relative = path.slice(dir.length + 1).split(sep).join('/');
        return [relative, await readFile(path, 'utf8')] as const;
      }),
  );
  return new Map(files.sort(([a], [b]) => (a < b ? -1 : 1)));
}

async function readCatalog(dir: string): Promise<Map<string, SourceFiles>> {
  const entries = await readdir(dir, { withFileTypes: true });
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return new Map(await Promise.all(folders.map(async (name) => [name, await readTemplate(join(dir, name))] as const)));
}

/**
 * Templates as folders under `dir` (one per template, holding `src/` and `public/`), read once, on
 * first use: a cold start that serves no creation never touches them.
 *
 * @example
 * const templates = createTemplateFolder(config.TEMPLATES_DIR);
 * const counter = await templates.files('counter');
 */
export function createTemplateFolder(dir: string): TemplateCatalog {
  const load = loadOnce(() => readCatalog(dir));
  return {
    names: async () => [...(await load()).keys()],
    files: async (name) => (await load()).get(name),
  };
}

/** The files of a template the service ships, or an InvalidInputError (422) listing those it does. */
export async function templateFiles(templates: TemplateCatalog, name: string): Promise<SourceFiles> {
  const files = await templates.files(name);
  if (files) return files;
  const message = `must be one of ${(await templates.names()).join(', ')}`;
  throw new InvalidInputError(`template "${name}" is not one the service ships: it ${message}`, { errors: [{ path: 'template', message }] });
}
