import type { BlobStore, MutableStore } from '@sm/storage';
import type { AppEventPublisher } from './app-events';
import type { AppRecord } from './app-record';
import type { BuildQueue } from './build-queue';
import type { SiteBundler } from './site-bundler';
import type { TemplateCatalog } from './templates';

/** The ports the domain works through; the composition root (main.ts) or a test builds the adapters. */
export interface AppAdapters {
  apps: MutableStore<AppRecord>;
  blobs: BlobStore;
  templates: TemplateCatalog;
  bundler: SiteBundler;
  publisher: AppEventPublisher;
  buildQueue: BuildQueue;
  now: () => Date;
  newId: () => string;
}

/** What the domain needs: its adapters and the settings it reads. */
export interface AppDeps extends AppAdapters {
  buildTimeLimitMs: number;
  /** The sites origin (SITES_URL), which apps' URLs are on. */
  sitesUrl: string;
}
