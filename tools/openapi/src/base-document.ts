import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The files that build a document; they are run in the base's checkout, over its api.ts and libs. */
const BUILDER_FILES = ['tools/openapi/src/app-api.ts', 'tools/openapi/src/print-document.ts'];

/** A base whose document could not be built (its api.ts does not load, say). */
export class BaseDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaseDocumentError';
  }
}

function git(workspaceRoot: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: workspaceRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Whether `ref` has `path`. */
function hasFile(workspaceRoot: string, ref: string, path: string): boolean {
  return spawnSync('git', ['cat-file', '-e', `${ref}:${path}`], { cwd: workspaceRoot }).status === 0;
}

/**
 * The commit a change is compared with: where HEAD left `base` (as `nx affected` compares), so that
 * what landed on the base branch since is not counted as this change's.
 */
export function comparedCommit(workspaceRoot: string, base: string): string {
  const merged = spawnSync('git', ['merge-base', base, 'HEAD'], { cwd: workspaceRoot, encoding: 'utf8' });
  return merged.status === 0 ? merged.stdout.trim() : git(workspaceRoot, 'rev-parse', '--verify', `${base}^{commit}`);
}

/**
 * The app's OpenAPI document at commit `commit`, or `undefined` when that commit has no
 * `apps/<app>/src/api.ts` (nothing to compare). The commit's tree is extracted into a temporary
 * folder that links this workspace's node_modules, and this workspace's builder runs there with tsx,
 * so the document comes from that commit's declarations and libs.
 */
export function baseDocument(workspaceRoot: string, app: string, commit: string): unknown {
  if (!hasFile(workspaceRoot, commit, `apps/${app}/src/api.ts`)) return undefined;
  const checkout = mkdtempSync(join(tmpdir(), 'openapi-base-'));
  try {
    execFileSync('sh', ['-c', 'git archive --format=tar "$1" | tar -x -C "$2"', 'sh', commit, checkout], { cwd: workspaceRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    // A worktree sharing one install may have committed its node_modules link: the link made here wins.
    rmSync(join(checkout, 'node_modules'), { recursive: true, force: true });
    symlinkSync(realpathSync(join(workspaceRoot, 'node_modules')), join(checkout, 'node_modules'), 'dir');
    for (const file of BUILDER_FILES) {
      mkdirSync(join(checkout, 'tools/openapi/src'), { recursive: true });
      copyFileSync(join(workspaceRoot, file), join(checkout, file));
    }
    const tsx = join(workspaceRoot, 'node_modules/tsx/dist/cli.mjs');
    const built = spawnSync(process.execPath, [tsx, '--tsconfig', 'tsconfig.base.json', BUILDER_FILES[1] ?? '', app], { cwd: checkout, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (built.status !== 0) throw new BaseDocumentError(`the document of ${app} at ${commit.slice(0, 12)} could not be built:\n${built.stderr.trim()}`);
    return JSON.parse(built.stdout);
  } finally {
    rmSync(checkout, { recursive: true, force: true });
  }
}
