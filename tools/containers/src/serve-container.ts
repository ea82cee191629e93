import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeFrontDoor } from '@sm/local-auth';
import { ConfigError, envInteger, envPort, envText, loadConfig } from '@sm/config';
import { localEnvFile } from '@sm/local-resources';
import * as v from 'valibot';
import { RUN_LABEL, startContainerStack } from './container-stack';
import { appImage } from './image-tags';

// nx run <app>:serve-container[:local] — this checkout's image of the app (image-tag.sh) behind the
// same front door as `npm start` (its routes with their JWT authorizer, the sites API, the local
// OpenID provider), printing the same lines: URLs, routes and a development token.
const workspaceRoot = resolve(__dirname, '../../..');
const { positionals } = parseArgs({ allowPositionals: true });
const [app] = positionals;
if (!app) {
  console.error('usage: serve-container.ts <app>');
  process.exit(2);
}

// The function's configuration, as `npm start` finds it: every variable of .env (or, without one,
// .env.example), the real environment's value first. Only these reach the container, as values of
// their own, not written into process.env: the container is given them as Lambda gives a function its
// configuration, and this process's environment stays the one it was started with.
const declared = localEnvFile(workspaceRoot).values;
const config = Object.fromEntries(Object.keys(declared).map((key) => [key, process.env[key] ?? declared[key] ?? '']));

const SettingsSchema = v.object({
  PORT: v.optional(envPort, '3000'),
  /** The sites API's own port: one above PORT when unset (with PORT=0, any free port), as for `npm start`. */
  SITES_PORT: v.optional(envPort),
  /** Lambda's Invoke API, for an AWS SDK `LambdaClient` whose endpoint is http://127.0.0.1:<LAMBDA_PORT>. */
  LAMBDA_PORT: v.optional(envPort, '9001'),
  /** Containers that may serve requests at once; more start only while all are busy. */
  MAX_CONCURRENCY: v.optional(envInteger(1, 64), '4'),
  LOCAL_DATA_DIR: v.optional(envText, '.data'),
});

async function main(app: string): Promise<void> {
  const settings = loadConfig(SettingsSchema, { service: 'serve-container', env: { ...declared, ...process.env } });
  const image = appImage(app);
  const runId = randomUUID();
  const stack = await startContainerStack({
    workspaceRoot,
    app,
    image,
    runId,
    port: settings.PORT,
    sitesPort: settings.SITES_PORT ?? (settings.PORT === 0 ? 0 : settings.PORT + 1),
    lambdaPort: settings.LAMBDA_PORT,
    maxConcurrency: settings.MAX_CONCURRENCY,
    // Apart from npm start's data, so that both can run side by side.
    dataDir: join(resolve(settings.LOCAL_DATA_DIR), 'containers'),
    config,
    logger: {
      info: (message) => console.log(`[gateway] ${message}`),
      error: (message, fields) => console.error(`[gateway] ${message}`, fields),
    },
    output: (chunk) => process.stdout.write(chunk),
  });
  console.log(`Local gateway listening on ${stack.url} for the ${image} image (up to ${settings.MAX_CONCURRENCY} containers)`);
  for (const line of describeFrontDoor(stack)) console.log(line);
  console.log(`Lambda Invoke API on ${stack.lambdaEndpoint} (function ${app})`);
  console.log(`Containers labelled ${RUN_LABEL}=${runId}`);
  const close = () => void stack.close().then(() => process.exit(0));
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  // Without its engine the function would answer every request 503: stop, saying why, once.
  void stack.failed.then((error) => {
    console.error(`serve-container stopped: ${error.message}`);
    void stack.close().finally(() => process.exit(1));
  });
}

main(app).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
