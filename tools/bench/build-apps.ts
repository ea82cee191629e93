import { spawnSync } from 'node:child_process';
import { WORKSPACE_ROOT } from './workspace';

const BUILD_TIMEOUT_MS = 5 * 60_000;

export interface BuildOutcome {
  built: string[];
  /** Apps whose build failed or that have no build target: never measured, so a stale dist is never reported. */
  failed: string[];
}

/**
 * Builds each app through Nx (a cache hit restores a fresh dist quickly), one at a time so one
 * broken app does not keep the others from being measured.
 */
export function buildApps(apps: string[], log: (message: string) => void): BuildOutcome {
  const outcome: BuildOutcome = { built: [], failed: [] };
  for (const app of apps) {
    log(`nx run ${app}:build`);
    const build = spawnSync('npx', ['nx', 'run', `${app}:build`, '--output-style=static'], {
      cwd: WORKSPACE_ROOT,
      encoding: 'utf8',
      timeout: BUILD_TIMEOUT_MS,
    });
    if (build.status === 0) outcome.built.push(app);
    else {
      outcome.failed.push(app);
      const errors = `${build.stdout}${build.stderr}`.split('\n').filter((line) => /error/i.test(line));
      log(`${app}: build failed, not measured (npx nx run ${app}:build shows why)\n${errors.slice(0, 10).join('\n')}`);
    }
  }
  return outcome;
}
