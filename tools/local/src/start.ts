import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeFrontDoor } from '@sm/local-auth';
import { listApps } from '@sm/app-deploy';
import { envLogFormat, envPort, envText, loadConfig } from '@sm/config';
import { localEnvFile } from '@sm/local-resources';
import * as v from 'valibot';
import { gatewayLog } from './gateway-log';
import { readableError } from './readable-error';
import { startStack } from './start-stack';

// `npm start` (every app) and `nx serve <app>` (one app): the apps' own main.ts behind the local gateway.
const workspaceRoot = resolve(__dirname, '../../..');
const { values } = parseArgs({ options: { function: { type: 'string', multiple: true }, watch: { type: 'boolean', default: false } } });
// Every app is one with an apps/<app>/deploy.json: adding an app registers it here.
const apps = values.function ?? listApps(workspaceRoot);

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

// Like dotenv, the file fills only what the real environment leaves unset; without a .env, the
// documented local defaults apply, so a fresh clone starts as is.
const envFile = localEnvFile(workspaceRoot);
if (envFile.fromExample) console.log('No .env found: using the defaults in .env.example (copy it to .env to change them).');
// A value of its own, not written into process.env: each function is given it as its execution
// environment's variables, the way Lambda gives a function its configuration, and this process's
// environment stays the one it was started with.
const environment = { ...envFile.values, ...definedOnly(process.env) };

async function main(): Promise<void> {
  const { PORT, SITES_PORT, LOCAL_DATA_DIR, LOG_FORMAT } = loadConfig(
    v.object({
      PORT: v.optional(envPort, '3000'),
      SITES_PORT: v.optional(envPort),
      LOCAL_DATA_DIR: v.optional(envText, '.data'),
      // People read the local stack's logs: one line each, unless LOG_FORMAT=json asks for Lambda's.
      LOG_FORMAT: v.optional(envLogFormat, 'pretty'),
    }),
    { service: 'local-stack', env: environment },
  );
  const stack = await startStack({
    workspaceRoot,
    apps,
    port: PORT,
    // One above the API's port by default; with PORT=0 (tests), any free port.
    sitesPort: SITES_PORT ?? (PORT === 0 ? 0 : PORT + 1),
    dataDir: resolve(LOCAL_DATA_DIR),
    logger: gatewayLog(LOG_FORMAT),
    environment: { ...environment, LOG_FORMAT },
    watch: values.watch,
    storageLogger: {
      info: (message) => console.log(`[storage] ${message}`),
      error: (message) => console.error(`[storage] ${message}`),
    },
  });
  console.log(`Local gateway listening on ${stack.url} for ${apps.join(', ')}`);
  console.log(`API reference: ${stack.apiReferenceUrl} (index of the services' OpenAPI documents: ${stack.apiIndexUrl})`);
  for (const line of describeFrontDoor(stack)) console.log(line);
  const stop = () => void stack.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // A stack whose engine is gone for good would answer every request 503: stop it, saying why, once.
  void stack.failed.then((error) => {
    console.error(`The local stack stopped: ${error.message} Its data in ${LOCAL_DATA_DIR} is kept; run npm start again.`);
    void stack.close().finally(() => process.exit(1));
  });
}

// A function whose init fails (an app's bad config) reports its own message, as a ConfigError does here.
main().catch((error: unknown) => {
  console.error(readableError(error));
  process.exit(1);
});
