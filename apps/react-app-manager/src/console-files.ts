import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One file of the console's build, as a browser gets it. */
export interface ConsoleFile {
  body: Uint8Array;
  contentType: string;
  cacheControl: string;
  etag: string;
}

/** The console's built files (apps/console, `nx build console`): a port, so tests and the image may hold them anywhere. */
export interface ConsoleFiles {
  /** The file at `path` (`index.html`, `assets/main-5FJ2XQ3A.js`), or undefined when the build has none. */
  read(path: string): Promise<ConsoleFile | undefined>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};
const UNKNOWN_TYPE = 'application/octet-stream';

/** Every media type a console file is served as, without parameters: what the console's routes declare. */
export const CONSOLE_MEDIA_TYPES: readonly string[] = [...new Set([...Object.values(TYPES), UNKNOWN_TYPE].map((type) => type.split(';')[0] ?? type))];

// index.html is the only file without a content hash: revalidated on every load so a new build shows at once;
// everything under assets/ is named by its content, so a name never changes meaning.
const PAGE_CACHE = 'no-cache';
const ASSET_CACHE = 'public, max-age=31536000, immutable';

/** `index.html` or a path under `assets/` made only of the characters esbuild's hashed names use: nothing else is read from disk. */
const SERVABLE = /^(index\.html|assets\/[A-Za-z0-9_-]+(\.[A-Za-z0-9]+)+)$/;

/**
 * The console's build in a folder (`CONSOLE_DIR`), each file read once and kept: a build never
 * changes under a running function (a new one comes with a new image).
 *
 * @example
 * const files = createConsoleFolder(config.CONSOLE_DIR);
 * const page = await files.read('index.html');
 */
export function createConsoleFolder(dir: string): ConsoleFiles {
  const cache = new Map<string, Promise<ConsoleFile | undefined>>();
  const load = async (path: string): Promise<ConsoleFile | undefined> => {
    const body = await readFile(join(dir, path)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'EISDIR' || error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    if (body === undefined) return undefined;
    const extension = path.slice(path.lastIndexOf('.'));
    return {
      body,
      contentType: TYPES[extension] ?? UNKNOWN_TYPE,
      cacheControl: path === 'index.html' ? PAGE_CACHE : ASSET_CACHE,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    };
  };
  return {
    read(path) {
      if (!SERVABLE.test(path)) return Promise.resolve(undefined);
      let file = cache.get(path);
      if (!file) {
        file = load(path);
        // Only a file found stays cached: `npm start` may build the console after the function started.
        const forget = () => void cache.delete(path);
        void file.then((found) => (found ? undefined : forget()), forget);
        cache.set(path, file);
      }
      return file;
    },
  };
}
