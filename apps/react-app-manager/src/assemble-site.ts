import type { BundleOutput } from './site-bundler';
import { contentTypeOf, IMMUTABLE, REVALIDATE, type SiteFile } from './site-files';
import type { SourceFiles } from './source-files';

/** Where the title goes in `public/index.html`, as in the shipped templates. */
export const TITLE_PLACEHOLDER = '%APP_TITLE%';
/** Tried in this order; every template has one of them. */
const ENTRY_POINTS = ['src/main.tsx', 'src/main.jsx', 'src/main.ts', 'src/main.js'];

const encoder = new TextEncoder();

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The script every app is built from. */
export function entryPointOf(files: SourceFiles): string {
  const entry = ENTRY_POINTS.find((path) => files.has(path));
  if (entry === undefined) throw new Error(`the app has none of ${ENTRY_POINTS.join(', ')}; its template is broken`);
  return entry;
}

/** `public/index.html` with the title filled in and the built script, stylesheet and preloads linked. */
function indexHtml(template: string, title: string, bundle: BundleOutput): string {
  // Relative URLs: the site works wherever it is mounted (/apps/<name>/, or behind an API mapping).
  const tags = [
    ...bundle.preload.map((path) => `<link rel="modulepreload" href="./${path}">`),
    ...(bundle.stylesheet === undefined ? [] : [`<link rel="stylesheet" href="./${bundle.stylesheet}">`]),
    `<script type="module" src="./${bundle.script}"></script>`,
  ].join('\n    ');
  const html = template.replaceAll(TITLE_PLACEHOLDER, escapeHtml(title));
  const headEnd = html.search(/<\/head>/i);
  return headEnd === -1 ? `${tags}\n${html}` : `${html.slice(0, headEnd)}  ${tags}\n  ${html.slice(headEnd)}`;
}

/**
 * The site as served: `index.html` from `public/index.html` with the built files linked, the other
 * `public/` files as they are (revalidated), and the bundle's content-hashed files (immutable).
 *
 * @example
 * const site = assembleSite(source, 'My counter', bundle);
 */
export function assembleSite(source: SourceFiles, title: string, bundle: BundleOutput): SiteFile[] {
  const template = source.get('public/index.html');
  if (template === undefined) throw new Error('the app has no public/index.html; its template is broken');
  const site: SiteFile[] = [
    { path: 'index.html', body: encoder.encode(indexHtml(template, title, bundle)), contentType: contentTypeOf('index.html'), cacheControl: REVALIDATE },
  ];
  for (const [path, text] of source) {
    if (!path.startsWith('public/') || path === 'public/index.html') continue;
    const sitePath = path.slice('public/'.length);
    site.push({ path: sitePath, body: encoder.encode(text), contentType: contentTypeOf(sitePath), cacheControl: REVALIDATE });
  }
  for (const file of bundle.files) {
    site.push({ path: file.path, body: file.contents, contentType: contentTypeOf(file.path), cacheControl: IMMUTABLE, ...(file.shared ? { shared: true } : {}) });
  }
  return site.sort((a, b) => (a.path < b.path ? -1 : 1));
}
