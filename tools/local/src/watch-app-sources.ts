import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { appSourceRoots, isAppSource } from './app-sources';

/** Editors write a file in several steps (truncate, write, rename): changes this close are one. */
const SETTLE_MS = 100;

export interface AppSourcesWatchOptions {
  workspaceRoot: string;
  apps: readonly string[];
  /** Called once per settled change with every app whose code (its `src/` or a lib it imports) changed. */
  onChange(apps: string[]): void;
}

/**
 * Watches the apps' sources and the libs they import, recursively (`fs.watch`, recursive on Linux
 * since Node 20). Which app a file belongs to is worked out when it changes, from the imports as
 * they are then, so a lib an app has just started to import counts.
 *
 * @example
 * const watcher = watchAppSources({ workspaceRoot, apps: ['callback-service'], onChange: (apps) => apps.forEach(reload) });
 * watcher.close();
 */
export function watchAppSources(options: AppSourcesWatchOptions): { close(): void } {
  const { workspaceRoot, apps } = options;
  const tops = new Set(apps.flatMap((app) => appSourceRoots(workspaceRoot, app)).map((root) => root.split('/')[0] ?? root));
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

  const settle = () => {
    timer = undefined;
    const files = [...changed];
    changed.clear();
    const affected = apps.filter((app) => {
      const roots = appSourceRoots(workspaceRoot, app);
      return files.some((file) => isAppSource(roots, file));
    });
    if (affected.length > 0) options.onChange(affected);
  };

  const watchers: FSWatcher[] = [...tops].map((top) =>
    watch(join(workspaceRoot, top), { recursive: true }, (_event, file) => {
      if (file === null) return;
      changed.add(join(top, file));
      timer ??= setTimeout(settle, SETTLE_MS);
    }),
  );
  return {
    close: () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
