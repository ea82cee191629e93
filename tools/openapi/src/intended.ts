import { execFileSync } from 'node:child_process';

/** The commit trailer that marks a change's breaking changes as intended (for runs without a pull request). */
export const INTENDED_TRAILER = 'Breaking-Change: intended';

/**
 * Why the breaking changes since `commit` are intended, or `undefined` when nothing says so: the
 * environment's `BREAKING_CHANGE_INTENDED=true` (CI sets it from the pull request's `breaking-change`
 * label or a `Breaking-Change: intended` line in its description), or a commit after `commit` with
 * the trailer `Breaking-Change: intended`.
 */
export function intendedBecause(workspaceRoot: string, commit: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.BREAKING_CHANGE_INTENDED === 'true') return 'BREAKING_CHANGE_INTENDED=true (the pull request is labelled breaking-change or says "Breaking-Change: intended")';
  const log = execFileSync('git', ['log', '--format=%h%x00%s%x00%(trailers:key=Breaking-Change,valueonly,separator=%x2C)%x1e', `${commit}..HEAD`], { cwd: workspaceRoot, encoding: 'utf8' });
  for (const entry of log.split('\x1e')) {
    const [sha, subject, values] = entry.trim().split('\x00');
    if (sha === undefined || values === undefined) continue;
    if (values.split(',').some((value) => value.trim().toLowerCase() === 'intended')) return `commit ${sha} ("${subject}") has the trailer ${INTENDED_TRAILER}`;
  }
  return undefined;
}
