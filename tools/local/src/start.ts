import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, envPort, loadConfig } from '@sm/config';
import { parse } from 'dotenv';
import * as z from 'zod';
import { STACK_APPS } from './stack';
import { startStack } from './start-stack';

// `npm start` (every app) and `nx serve <app>` (one app): the apps' own main.ts behind the local gateway.
const workspaceRoot = resolve(__dirname, '../../..');
const { values } = parseArgs({ options: { function: { type: 'string', multiple: true } } });
const apps = values.function ?? [...STACK_APPS];

// Without a .env, the documented local defaults apply, so a fresh clone starts as is.
if (!existsSync(resolve('.env'))) {
  const defaults = parse(readFileSync(resolve(workspaceRoot, '.env.example')));
  for (const [key, value] of Object.entries(defaults)) process.env[key] ??= value;
  console.log('No .env found: using the defaults in .env.example (copy it to .env to change them).');
}

async function main(): Promise<void> {
  const { PORT } = loadConfig(z.object({ PORT: envPort.default(3000) }), { service: 'local-stack' });
  const stack = await startStack({
    workspaceRoot,
    apps,
    port: PORT,
    logger: {
      info: (message) => console.log(`[gateway] ${message}`),
      error: (message, fields) => console.error(`[gateway] ${message}`, fields),
    },
  });
  console.log(`Local gateway listening on ${stack.url} for ${apps.join(', ')}`);
  const stop = () => stack.server.close(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
