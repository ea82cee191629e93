import { APP_NAME_PATTERN, MAX_APP_FILE_BYTES, MAX_APP_FILES, MAX_APP_FILES_BYTES } from '@sm/events';

/** What is wrong with a name as typed, by the API's own rule (APP_NAME_PATTERN), or undefined when it is fine. */
export function nameProblem(name: string): string | undefined {
  if (name === '') return 'Give the app a name.';
  if (!/^[a-z]/.test(name)) return 'Start with a lower-case letter (a–z).';
  if (/[^a-z0-9-]/.test(name)) return 'Use only lower-case letters, digits and “-”.';
  if (name.length < 3) return 'Use at least 3 characters.';
  if (name.length > 40) return 'Use at most 40 characters.';
  if (name.endsWith('-')) return 'Do not end with “-”.';
  return APP_NAME_PATTERN.test(name) ? undefined : 'This name is not allowed.';
}

const SEGMENT = /^[A-Za-z0-9._@+-]+$/;

/** What is wrong with a file path by the API's path rules, or undefined. */
export function pathProblem(path: string, existing: ReadonlySet<string>): string | undefined {
  const segments = path.split('/');
  const [root, ...rest] = segments;
  if (path.length > 200) return 'Paths are at most 200 characters.';
  if ((root !== 'src' && root !== 'public') || rest.length === 0 || rest.some((segment) => segment === '')) return 'Files live under src/ or public/, e.g. src/Button.tsx.';
  if (!segments.every((segment) => SEGMENT.test(segment) && segment !== '.' && segment !== '..')) return 'Names may use only A–Z, a–z, 0–9, “.”, “_”, “-”, “@” and “+”.';
  if (root === 'public' && rest[0] === 'assets') return 'public/assets/ is kept for the built files.';
  if (existing.has(path)) return 'A file with this path exists.';
  return undefined;
}

const encoder = new TextEncoder();

/** The API's size limits, checked before a save so that the message names the file. */
export function filesProblem(files: Readonly<Record<string, string>>): string | undefined {
  const entries = Object.entries(files);
  if (entries.length > MAX_APP_FILES) return `An app has at most ${MAX_APP_FILES} files; this one has ${entries.length}.`;
  let total = 0;
  for (const [path, content] of entries) {
    const bytes = encoder.encode(content).length;
    if (bytes > MAX_APP_FILE_BYTES) return `${path} is ${bytes} bytes; a file may hold at most ${MAX_APP_FILE_BYTES} bytes.`;
    total += bytes;
  }
  return total > MAX_APP_FILES_BYTES ? `The files total ${total} bytes; the limit is ${MAX_APP_FILES_BYTES} bytes.` : undefined;
}

export const FILE_LIMITS = { files: MAX_APP_FILES, fileBytes: MAX_APP_FILE_BYTES };
