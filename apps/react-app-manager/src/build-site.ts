import type { AppBuild } from '@sm/events';
import type { BlobStore } from '@sm/storage';
import { buildPrefix, sharedKey, siteKey, sourceKey } from './app-record';
import { assembleSite, entryPointOf } from './assemble-site';
import type { BuildQueue } from './build-queue';
import { BuildTimeLimitError, type SiteBundler } from './site-bundler';
import type { SiteFile } from './site-files';
import type { SourceFiles } from './source-files';

export interface BuildDeps {
  bundler: SiteBundler;
  blobs: BlobStore;
  buildTimeLimitMs: number;
  buildQueue: BuildQueue;
}

export interface BuiltSite {
  files: SiteFile[];
  summary: AppBuild;
}

/**
 * Bundles the source and assembles the site once the queue gives the build a slot, within the time
 * limit: past it, the bundler is told to stop and the build fails with `BuildTimeLimitError` (422).
 * The limit counts from the start of the build, not of the wait: a busy service is not the app's fault.
 */
export function buildSite(deps: BuildDeps, source: SourceFiles, title: string): Promise<BuiltSite> {
  return deps.buildQueue.run(() => buildWithinLimit(deps, source, title));
}

async function buildWithinLimit(deps: BuildDeps, source: SourceFiles, title: string): Promise<BuiltSite> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeLimit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new BuildTimeLimitError(deps.buildTimeLimitMs));
    }, deps.buildTimeLimitMs);
  });
  try {
    const bundle = await Promise.race([deps.bundler.bundle({ files: source, entry: entryPointOf(source), title, signal: controller.signal }), timeLimit]);
    const files = assembleSite(source, title, bundle);
    const summary: AppBuild = {
      durationMs: Math.round(performance.now() - started),
      bytes: files.reduce((total, file) => total + file.body.byteLength, 0),
      files: files.map((file) => ({ path: file.path, bytes: file.body.byteLength })),
    };
    return { files, summary };
  } finally {
    clearTimeout(timer);
  }
}

const encoder = new TextEncoder();

/**
 * The shared files each blob store already holds, as far as this process wrote them. Their paths are
 * content-hashed, so a path stored once holds the right bytes for every later build: React's vendor
 * modules (most of a site's bytes) are written on a process's first build, not on every save.
 */
const storedShared = new WeakMap<BlobStore, Set<string>>();

async function storeShared(blobs: BlobStore, file: SiteFile): Promise<void> {
  const stored = storedShared.get(blobs) ?? new Set<string>();
  storedShared.set(blobs, stored);
  if (stored.has(file.path)) return;
  await blobs.put(sharedKey(file.path), file.body, { contentType: file.contentType, cacheControl: file.cacheControl });
  stored.add(file.path);
}

/** The paths of a site's shared files, for its record (`sharedPaths`). */
export function sharedPathsOf(site: SiteFile[]): string[] {
  return site.filter((file) => file.shared).map((file) => file.path);
}

/**
 * Writes a build under its own prefix: the site's own files and the source they came from; its
 * shared files outside it (`sharedKey`), if they are not there yet. Nobody reads it until a metadata
 * record points at its build id; if a write fails, what was written under the prefix is removed
 * (shared files stay: other builds serve them).
 */
export async function storeBuild(blobs: BlobStore, name: string, buildId: string, source: SourceFiles, site: SiteFile[]): Promise<void> {
  try {
    await Promise.all([
      ...site.map((file) =>
        file.shared
          ? storeShared(blobs, file)
          : blobs.put(siteKey(name, buildId, file.path), file.body, { contentType: file.contentType, cacheControl: file.cacheControl }),
      ),
      blobs.put(sourceKey(name, buildId), encoder.encode(JSON.stringify(Object.fromEntries(source))), {
        contentType: 'application/json',
        cacheControl: 'no-cache',
      }),
    ]);
  } catch (error) {
    await blobs.deletePrefix(buildPrefix(name, buildId));
    throw error;
  }
}
