import { isBuiltin } from 'node:module';
import { posix } from 'node:path';
import type { SourceFiles } from './source-files';

/** The only packages an app may import; they come from the service's own React, never from the network. */
export const ALLOWED_PACKAGES = ['react', 'react-dom', 'react-dom/client', 'react/jsx-runtime'] as const;
export type AllowedPackage = (typeof ALLOWED_PACKAGES)[number];

/** Tried in this order after the path as written, as esbuild does by default. */
const EXTENSIONS = ['.tsx', '.ts', '.jsx', '.js', '.css', '.json'];

/**
 * Where an import goes: one of the app's files, an allowed package, a fragment of the page itself
 * (a stylesheet's `url(#blur)`, left as written), or nowhere, with the reason.
 */
export type ImportResolution =
  | { kind: 'file'; path: string }
  | { kind: 'package'; name: AllowedPackage }
  | { kind: 'fragment' }
  | { kind: 'refused'; reason: string };

/** CSS references (`url(logo.svg)`, `@import "theme.css"`) are relative even without `./`. */
export type ImportStyle = 'module' | 'css';

const isAllowedPackage = (specifier: string): specifier is AllowedPackage => (ALLOWED_PACKAGES as readonly string[]).includes(specifier);
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const refused = (specifier: string, why: string): ImportResolution => ({ kind: 'refused', reason: `import ${JSON.stringify(specifier)} ${why}` });

/** The app's file a relative import names, trying extensions and index files like esbuild. */
function findFile(base: string, files: SourceFiles): string | undefined {
  const candidates = [base, ...EXTENSIONS.map((extension) => base + extension), ...EXTENSIONS.map((extension) => `${base}/index${extension}`)];
  return candidates.find((candidate) => files.has(candidate));
}

/**
 * Decides what an import in one of the app's files may resolve to: the app's own files (relative
 * imports that stay inside the app) and the allowed packages. Bare imports of anything else, Node
 * built-ins, absolute paths and URLs are refused with a reason that names the import. Pure: the
 * bundler's plugin asks it for every import, so nothing reaches the file system or the network.
 *
 * @example
 * resolveImport('./App', 'src/main.tsx', files); // { kind: 'file', path: 'src/App.tsx' }
 * resolveImport('fs', 'src/App.tsx', files); // { kind: 'refused', reason: 'import "fs" is a Node built-in ...' }
 */
export function resolveImport(specifier: string, importer: string, files: SourceFiles, style: ImportStyle = 'module'): ImportResolution {
  if (isAllowedPackage(specifier)) return { kind: 'package', name: specifier };
  if (style === 'css' && specifier.startsWith('#')) return { kind: 'fragment' };
  if (specifier.includes('\0') || specifier.includes('\\')) return refused(specifier, 'contains a NUL byte or a backslash');
  if (specifier.startsWith('node:') || (style === 'module' && isBuiltin(specifier))) {
    return refused(specifier, 'is a Node built-in; apps run in the browser');
  }
  if (URL_SCHEME.test(specifier) || specifier.startsWith('//')) return refused(specifier, 'is a URL; apps may import only their own files and React');
  if (specifier.startsWith('/')) return refused(specifier, 'is an absolute path; import the app’s own files with a relative path such as ./App');

  const isRelative = specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
  if (!isRelative && style === 'module') {
    return refused(specifier, `is not an allowed package; only ${ALLOWED_PACKAGES.join(', ')} and the app's own files can be imported`);
  }
  const joined = posix.normalize(posix.join(posix.dirname(importer), specifier));
  if (joined === '..' || joined.startsWith('../')) return refused(specifier, 'points outside the app');
  const path = findFile(joined.replace(/\/$/, ''), files);
  return path === undefined ? refused(specifier, `matches none of the app's files (looked for ${joined})`) : { kind: 'file', path };
}
