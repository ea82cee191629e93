import { join } from 'node:path';
import { readAppDeploy, type AppDeploy } from '@sm/app-deploy';
import { containerRuntime, createFunctionPool, workerRuntime, type RuntimeLauncher } from '@sm/lambda-runtime';
import { createResources, localEnvFile, startLocalStorage, type StorageLogger } from '@sm/local-resources';

export interface InvokeAppOptions {
  workspaceRoot: string;
  app: string;
  /** The event, as JSON text. */
  event: string;
  /** The stack's config: the real environment over `.env` (see localConfig). */
  config: Record<string, string | undefined>;
  /** Where the embedded engines keep their data when no endpoints are configured. */
  dataDir: string;
  /** Run this image of the app through the runtime API emulator instead of its sources. */
  image?: string;
  /** Receives the function's logs as it writes them. */
  output(chunk: string): void;
  storageLogger: StorageLogger;
}

/** How the invocation ended: the result, or the function error Lambda reports (`X-Amz-Function-Error`). */
export interface InvokeOutcome {
  requestId: string;
  payload: unknown;
  functionError: boolean;
}

/**
 * Runs the app's function once, as Lambda runs an on-demand invocation: a cold execution environment
 * with the function's timeout and memory from deploy.json, its sources in a worker thread (or its
 * image in a container), configured with the local stack's config and storage: the configured
 * endpoints, or embedded engines with the app's tables and buckets. Everything started is stopped
 * before it returns.
 *
 * @example
 * const outcome = await invokeApp({ workspaceRoot, app: 'callback-service', event, config, dataDir, output: (chunk) => process.stderr.write(chunk), storageLogger });
 */
export async function invokeApp(options: InvokeAppOptions): Promise<InvokeOutcome> {
  const deploy = readAppDeploy(options.workspaceRoot, options.app);
  const config = definedOnly(options.config);
  const storage = await provideStorage(deploy, config, options);
  const region = storage.environment.AWS_REGION ?? 'us-east-1';
  const pool = createFunctionPool({
    name: options.app,
    timeoutSeconds: deploy.function.timeoutSeconds,
    memoryMB: deploy.function.memoryMB,
    region,
    // The image holds the app's files where deploy.json's function.environment says; the sources
    // find them next to themselves, as under npm start.
    environment: options.image === undefined ? storage.environment : { ...storage.environment, ...deploy.function.environment },
    maxConcurrency: 1,
    launch: launcherOf(deploy, options),
  });
  try {
    const result = await pool.invoke(options.event);
    const text = result.payload.toString('utf8');
    return { requestId: result.requestId, payload: text === '' ? null : JSON.parse(text), functionError: result.functionError !== undefined };
  } finally {
    await pool.close();
    await storage.close();
  }
}

function launcherOf(deploy: AppDeploy, options: InvokeAppOptions): RuntimeLauncher {
  if (options.image !== undefined) return containerRuntime({ image: options.image, output: options.output });
  return workerRuntime({
    module: join(options.workspaceRoot, 'apps', options.app, deploy.function.handler),
    exportName: 'handler',
    tsconfig: join(options.workspaceRoot, 'tsconfig.base.json'),
    output: options.output,
  });
}

/**
 * As `npm start` provides it: with both endpoints configured, the app's tables and buckets are
 * created there; otherwise embedded engines run for the invocation, and the function gets their
 * endpoints and key pair and no session or profile, so real credentials never reach them.
 */
async function provideStorage(
  deploy: AppDeploy,
  config: Record<string, string>,
  options: InvokeAppOptions,
): Promise<{ environment: Record<string, string>; close(): Promise<void> }> {
  if (config.DYNAMODB_ENDPOINT && config.S3_ENDPOINT) {
    await createResources({ region: config.AWS_REGION ?? 'us-east-1', dynamoDbEndpoint: config.DYNAMODB_ENDPOINT, s3Endpoint: config.S3_ENDPOINT }, deploy.resources, config);
    return { environment: config, close: async () => undefined };
  }
  const storage = await startLocalStorage(options.dataDir, deploy.resources, config, { logger: options.storageLogger });
  const environment = { ...config, ...storage.environment };
  delete environment.AWS_SESSION_TOKEN;
  delete environment.AWS_PROFILE;
  return { environment, close: () => storage.close() };
}

function definedOnly(environment: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(environment).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * The local stack's config, as `npm start` reads it: the real environment, with `.env` in `cwd`
 * (or, without one, the workspace's `.env.example`) filling what it leaves unset, as dotenv does.
 *
 * @example
 * const config = localConfig(workspaceRoot, process.cwd(), process.env);
 */
export function localConfig(workspaceRoot: string, cwd: string, environment: Record<string, string | undefined>): Record<string, string | undefined> {
  return { ...localEnvFile(workspaceRoot, cwd).values, ...definedOnly(environment) };
}

/** The event given to invoke is not JSON. */
export class InvalidEventError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidEventError';
  }
}

/**
 * The event in what `nx run <app>:event` printed: the JSON document alone, or, when Nx's own lines
 * came with it through a pipe, the document from its first line `{` to its last line `}`.
 *
 * @example
 * eventText('> nx run callback-service:event\n{\n  "version": "2.0"\n}\n NX Successfully ran'); // '{\n  "version": "2.0"\n}'
 */
export function eventText(input: string): string {
  const lines = input.split('\n');
  const first = lines.findIndex((line) => line.trimEnd() === '{');
  const last = lines.findLastIndex((line) => line.trimEnd() === '}');
  const text = first >= 0 && last > first ? lines.slice(first, last + 1).join('\n') : input;
  try {
    JSON.parse(text);
  } catch (error) {
    throw new InvalidEventError(`The event is not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return text;
}
