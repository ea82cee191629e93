import { posix } from 'node:path';

/** A file of a built site, with how it is served. */
export interface SiteFile {
  /** Path in the site: `index.html`, `assets/main-5FJ2XQ3A.js`, `robots.txt`. */
  path: string;
  body: Uint8Array;
  contentType: string;
  cacheControl: string;
  /** The same bytes in every app's site (see BundledFile): stored once, under `sharedKey`. */
  shared?: boolean;
}

/** Content-hashed names never change content, so browsers and CDNs may keep them for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else is revalidated on each use (cheaply, with the ETag). */
export const REVALIDATE = 'no-cache';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml',
};

const UNKNOWN_TYPE = 'application/octet-stream';

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[posix.extname(path).toLowerCase()] ?? UNKNOWN_TYPE;
}

/** Every media type a site file is served as, without parameters: what the sites routes declare. */
export const SITE_MEDIA_TYPES: readonly string[] = [...new Set([...Object.values(CONTENT_TYPES), UNKNOWN_TYPE].map((type) => type.split(';')[0] ?? type))];
