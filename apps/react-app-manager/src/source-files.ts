import { MAX_APP_FILE_BYTES, MAX_APP_FILES, MAX_APP_FILES_BYTES, type AppFiles } from '@sm/events';
import { InputTooLargeError, MalformedInputError, type FieldError } from '@sm/errors';

/** An app's files by normalised path (`src/App.tsx`), as UTF-8 text. */
export type SourceFiles = ReadonlyMap<string, string>;

const ROOTS = new Set(['src', 'public']);
const SEGMENT = /^[A-Za-z0-9._@+-]+$/;
const MAX_PATH_LENGTH = 200;

interface RefusedPath {
  raw: string;
  reason: string;
}

/** One or more file paths that break the path rules; the problem names each of them. */
export class AppPathError extends MalformedInputError {
  constructor(refused: RefusedPath[]) {
    const [first] = refused;
    const more = refused.length > 1 ? ` (and ${refused.length - 1} more, listed in errors)` : '';
    const errors: FieldError[] = refused.map(({ raw, reason }) => ({ path: `files.${raw}`, message: reason }));
    super(`file path ${JSON.stringify(first?.raw)} is not allowed: ${first?.reason ?? ''}${more}`, {
      errors,
      type: 'urn:problem-type:invalid-file-path',
    });
    this.name = 'AppPathError';
  }
}

/** Why the path is refused, or its normalised form. */
function checkPath(raw: string): { path: string } | { reason: string } {
  if (raw.includes('\0')) return { reason: 'it contains a NUL byte' };
  if (raw.includes('\\')) return { reason: 'it contains a backslash; separate folders with "/"' };
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) return { reason: 'it is absolute; paths are relative to the app, e.g. src/App.tsx' };
  if (raw.length > MAX_PATH_LENGTH) return { reason: `it is longer than ${MAX_PATH_LENGTH} characters` };
  const segments = raw.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return { reason: 'it has a ".." segment' };
  const [root, ...rest] = segments;
  if (root === undefined || !ROOTS.has(root) || rest.length === 0) return { reason: 'only files under src/ and public/ are allowed' };
  if (!segments.every((segment) => SEGMENT.test(segment))) return { reason: 'folder and file names may use only A-Z, a-z, 0-9, ".", "_", "-", "@" and "+"' };
  if (root === 'public' && rest[0] === 'assets') return { reason: 'public/assets/ is reserved for the built files' };
  return { path: segments.join('/') };
}

/**
 * Checks the limits, cheapest first and before any other work: the number of files, each file's
 * size, then the total (InputTooLargeError, 413, naming the limit and, for one file, its path).
 */
export function checkFileLimits(files: AppFiles): void {
  const entries = Object.entries(files);
  if (entries.length > MAX_APP_FILES) {
    throw new InputTooLargeError(`files has ${entries.length} entries; the limit is ${MAX_APP_FILES} files`);
  }
  let total = 0;
  for (const [path, text] of entries) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_APP_FILE_BYTES) {
      throw new InputTooLargeError(`file ${JSON.stringify(path)} is ${bytes} bytes; the limit is ${MAX_APP_FILE_BYTES} bytes per file`);
    }
    total += bytes;
  }
  if (total > MAX_APP_FILES_BYTES) {
    throw new InputTooLargeError(`files total ${total} bytes; the limit is ${MAX_APP_FILES_BYTES} bytes in all`);
  }
}

/**
 * Normalises every path (`./src//App.tsx` becomes `src/App.tsx`) and confines it to the app's
 * `src/` and `public/`. Absolute paths, `..` segments, backslashes, NUL bytes, odd characters and
 * anything else are refused with one AppPathError (400) that names every path at fault.
 *
 * @example
 * normaliseFiles({ './src/App.tsx': 'export {}' }); // Map { 'src/App.tsx' => 'export {}' }
 */
export function normaliseFiles(files: AppFiles): SourceFiles {
  const normalised = new Map<string, string>();
  const refused: RefusedPath[] = [];
  const firstSpelling = new Map<string, string>();
  for (const [raw, text] of Object.entries(files)) {
    const checked = checkPath(raw);
    if ('reason' in checked) {
      refused.push({ raw, reason: checked.reason });
      continue;
    }
    const earlier = firstSpelling.get(checked.path);
    if (earlier !== undefined) {
      refused.push({ raw, reason: `it names the same file as ${JSON.stringify(earlier)}` });
      continue;
    }
    firstSpelling.set(checked.path, raw);
    normalised.set(checked.path, text);
  }
  if (refused.length > 0) throw new AppPathError(refused);
  return normalised;
}

/** The app's own files over the template's: same path replaces, new path adds. */
export function mergeFiles(template: SourceFiles, own: SourceFiles): SourceFiles {
  return new Map([...template, ...own]);
}
