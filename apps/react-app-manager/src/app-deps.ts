import type { BlobStore, MutableStore } from '@sm/storage';
import type { AppEventPublisher } from './app-events';
import type { AppRecord } from './app-record';
import type { BuildQueue } from './build-queue';
import type { SiteBundler } from './site-bundler';
import type { TemplateCatalog } from './templates';

/** What the domain needs from the outside world; the composition root picks the adapters. */
export interface AppDeps {
  apps: MutableStore<AppRecord>;
  blobs: BlobStore;
  templates: TemplateCatalog;
  bundler: SiteBundler;
  publisher: AppEventPublisher;
  buildTimeLimitMs: number;
  buildQueue: BuildQueue;
  now: () => Date;
  newId: () => string;
  /** The sites origin (SITES_URL), which apps' URLs are on. */
  sitesUrl: string;
}
