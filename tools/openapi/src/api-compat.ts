import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { apiFile } from './app-api';
import { baseDocument, comparedCommit } from './base-document';
import { breakingChanges, formatBreakingChange } from './breaking-changes';
import { INTENDED_TRAILER, intendedBecause } from './intended';
import { validAppDocument } from './write-app-document';

// `nx run <app>:api-compat --base=<ref>` (and `nx affected -t api-compat`, which passes its base as
// NX_BASE): the app's document as the working tree builds it, compared with the one its base builds.
// Exits 1 on a breaking change nobody declared intended.
const workspaceRoot = resolve(__dirname, '../../..');
const { values, positionals } = parseArgs({ allowPositionals: true, options: { base: { type: 'string' } } });
const [app] = positionals;

function defaultBase(): string {
  const nxJson: unknown = JSON.parse(readFileSync(join(workspaceRoot, 'nx.json'), 'utf8'));
  const base = typeof nxJson === 'object' && nxJson !== null && 'defaultBase' in nxJson ? nxJson.defaultBase : undefined;
  return typeof base === 'string' ? base : 'main';
}

async function main(): Promise<number> {
  if (app === undefined) throw new Error('usage: api-compat.ts <app> [--base <git ref>]');
  if (!existsSync(apiFile(workspaceRoot, app))) {
    console.log(`${app}: nothing to compare: apps/${app}/src/api.ts does not exist`);
    return 0;
  }
  const base = values.base ?? process.env.NX_BASE ?? defaultBase();
  const commit = comparedCommit(workspaceRoot, base);
  const against = `${base} (${commit.slice(0, 12)})`;
  const head = await validAppDocument(workspaceRoot, app, 'head');
  const before = baseDocument(workspaceRoot, app, commit);
  if (before === undefined) {
    console.log(`${app}: nothing to compare: ${against} has no apps/${app}/src/api.ts`);
    return 0;
  }
  const changes = breakingChanges(before, head);
  if (changes.length === 0) {
    console.log(`${app}: no breaking change against ${against}`);
    return 0;
  }
  console.log(`${app}: ${changes.length} breaking change${changes.length === 1 ? '' : 's'} against ${against}:`);
  for (const change of changes) console.log(`  ${formatBreakingChange(change)}`);
  const intended = intendedBecause(workspaceRoot, commit, process.env);
  if (intended !== undefined) {
    console.log(`${app}: the breaking changes are intended: ${intended}`);
    return 0;
  }
  console.log(
    `${app}: if they are intended, label the pull request breaking-change or add the line "${INTENDED_TRAILER}" to its description (or as a trailer to a commit message); otherwise keep the old contract.`,
  );
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
