import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ServiceConfigSchema } from '@sm/config';
import * as v from 'valibot';
import { operationCount, writeAppDocument } from './write-app-document';

// `nx run <app>:openapi`: dist/apps/<app>/openapi.json, the document the service serves at
// GET /<app>/openapi.json. Its version is the one the service reports: APP_VERSION (the deploy sets
// the git sha), else the same local default.
const workspaceRoot = resolve(__dirname, '../../..');
const { positionals } = parseArgs({ allowPositionals: true });
const version = v.parse(ServiceConfigSchema.entries.APP_VERSION, process.env.APP_VERSION);

async function main(): Promise<void> {
  if (positionals.length === 0) throw new Error('usage: openapi.ts <app>...');
  for (const app of positionals) {
    const { file, document } = await writeAppDocument(workspaceRoot, app, version);
    console.log(`${relative(workspaceRoot, file)}: ${operationCount(document)} operations, valid OpenAPI 3.1 (version ${version})`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
