import { execFileSync } from 'node:child_process';

/** The commit an image is tagged with, and whether the work tree differs from it. */
export interface GitState {
  sha: string;
  dirty: boolean;
}

/**
 * Reads HEAD's sha and whether `git status` shows any change (untracked files count: they enter
 * the build context too).
 *
 * @example
 * const { sha, dirty } = readGitState('/work/main');
 */
export function readGitState(cwd: string): GitState {
  const git = (...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  return { sha: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain') !== '' };
}
