import type { AppBuild } from '@sm/events';
import type { BlobStore } from '@sm/storage';
import { buildPrefix, siteKey, sourceKey } from './app-record';
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
 * Writes a build under its own prefix: the site's files and the source they came from. Nobody reads
 * it until a metadata record points at its build id; if a write fails, what was written is removed.
 */
export async function storeBuild(blobs: BlobStore, name: string, buildId: string, source: SourceFiles, site: SiteFile[]): Promise<void> {
  try {
    await Promise.all([
      ...site.map((file) => blobs.put(siteKey(name, buildId, file.path), file.body, { contentType: file.contentType, cacheControl: file.cacheControl })),
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
