import { resolve } from 'node:path';
import { appDocument } from './app-api';

// Prints an app's document as JSON on stdout. base-document.ts runs it in a checkout of the base
// ref, where it builds the document from that ref's api.ts and libs.
const workspaceRoot = resolve(__dirname, '../../..');
const [app] = process.argv.slice(2);

async function main(): Promise<void> {
  if (app === undefined) throw new Error('usage: print-document.ts <app>');
  process.stdout.write(JSON.stringify((await appDocument(workspaceRoot, app, 'base')) ?? null));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
