import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ExecutorContext } from '@nx/devkit';
import { MissingResourceNameError } from '@sm/local-resources';
import { CallerForbiddenError } from '@sm/local-gateway';
import * as z from 'zod';
import { appEvent, appScheduledEvent, EventRequestError } from '../commands/app-event';
import { printFunctionLogs, SinceFormatError, sinceMs, tailFunctionLogs } from '../commands/function-logs';
import { readDeployFile, resolveDeployment } from '../deploy-config';
import { DeployConfigError } from '../errors';
import { eventText, invokeApp, InvalidEventError, localConfig } from '../commands/invoke-app';

const HeadersOption = z.array(z.string()).default([]);

/** Options of the `event` target (see event-schema.json). */
export interface EventOptions {
  method: string;
  path: string;
  body?: string;
  header?: string[];
  query?: string;
  as?: string;
}

/**
 * `nx run <app>:event -- POST /api/callback --body '{"text":"hi"}' [--header k:v]... [--query a=1] [--as sub:scope,scope]`:
 * prints the payload 2.0 event the local gateway would pass to the app (see appEvent), alone on
 * stdout so that it can be piped into `nx run <app>:invoke --event -`. `nx run <app>:event -- schedule <name>`
 * prints instead the event a run of the app's schedule hands it (see appScheduledEvent).
 *
 * @example
 * // nx.json plugins: tools/deploy/plugin.cjs infers "event": { "executor": "./tools/deploy:event" } for every app
 */
export async function eventExecutor(options: EventOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  return reportFailures([EventRequestError, CallerForbiddenError], async () => {
    // `schedule` is no HTTP method, so the word cannot mean a request.
    if (options.method === 'schedule') {
      process.stdout.write(`${JSON.stringify(appScheduledEvent(context.root, appOf(context), options.path), null, 2)}\n`);
      return;
    }
    const event = appEvent(context.root, appOf(context), {
      method: options.method,
      path: options.path,
      headers: rejoinHeaders(HeadersOption.parse(options.header)),
      ...(options.body === undefined ? {} : { body: options.body }),
      ...(options.query === undefined ? {} : { query: options.query }),
      ...(options.as === undefined ? {} : { as: options.as }),
    });
    process.stdout.write(`${JSON.stringify(event, null, 2)}\n`);
  });
}

/**
 * Nx splits a lone array option's value on commas (`--header 'accept: a, b'` arrives as two items):
 * an item without a colon is the rest of the header before it.
 */
function rejoinHeaders(items: readonly string[]): string[] {
  const headers: string[] = [];
  for (const item of items) {
    const last = headers.length - 1;
    if (!item.includes(':') && last >= 0) headers[last] = `${headers[last]},${item}`;
    else headers.push(item);
  }
  return headers;
}

/** Options of the `invoke` target (see invoke-schema.json). */
export interface InvokeOptions {
  event: string;
  container: boolean;
}

/**
 * `nx run <app>:invoke --event <file|-> [--container]`: runs the app's function once (see invokeApp)
 * and prints, as `sam local invoke` does, the function's logs on stderr and its result on stdout;
 * fails on a function error (a throw, a timeout, a failed init).
 *
 * @example
 * // nx run callback-service:event -- POST /api/callback --body '{"text":"hi"}' | nx run callback-service:invoke --event -
 */
export async function invokeExecutor(options: InvokeOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  return reportFailures([InvalidEventError, MissingResourceNameError], async () => {
    const app = appOf(context);
    const event = eventText(readFileSync(options.event === '-' ? 0 : resolve(options.event), 'utf8'));
    const config = localConfig(context.root, process.cwd(), process.env);
    const outcome = await invokeApp({
      workspaceRoot: context.root,
      app,
      event,
      config,
      // Beside npm start's engines, which may be running and hold their folders.
      dataDir: join(resolve(config.LOCAL_DATA_DIR ?? '.data'), 'invoke'),
      ...(options.container ? { image: appImage(context.root, app) } : {}),
      output: (chunk) => process.stderr.write(chunk),
      storageLogger: { info: () => undefined, error: (message) => console.error(`[storage] ${message}`) },
    });
    process.stdout.write(`${JSON.stringify(outcome.payload, null, 2)}\n`);
    if (outcome.functionError) throw new InvocationFailedError(outcome.requestId);
  });
}

/** Options of the `logs` target (see logs-schema.json). */
export interface LogsOptions {
  stage: string;
  since: string;
  tail: boolean;
}

/** How often `--tail` asks for new events; FilterLogEvents allows 5 requests a second per account and region. */
const TAIL_INTERVAL_MS = 2_000;

/**
 * `nx run <app>:logs --stage <s> [--since 10m] [--tail]`: prints the CloudWatch logs of the app's
 * function on the stage (`/aws/lambda/<app>-<stage>`, the name the deploy gives it), formatted like
 * the local logs; `--tail` goes on polling until Ctrl-C.
 *
 * @example
 * // nx run callback-service:logs --stage dev --since 1h --tail
 */
export async function logsExecutor(options: LogsOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  return reportFailures([DeployConfigError, SinceFormatError], async () => {
    const app = appOf(context);
    const project = context.projectsConfigurations.projects[app];
    const { functionName } = resolveDeployment(app, readDeployFile(join(context.root, project?.root ?? ''), app), options.stage);
    const logs = { logGroupName: `/aws/lambda/${functionName}`, startTime: Date.now() - sinceMs(options.since), print: (line: string) => console.log(line) };
    const client = new CloudWatchLogsClient({});
    try {
      if (!options.tail) {
        await printFunctionLogs(client, logs);
        return;
      }
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort());
      await tailFunctionLogs(client, logs, { intervalMs: TAIL_INTERVAL_MS, signal: stop.signal, sleep: (ms, signal) => delay(ms, undefined, { signal }) });
    } finally {
      client.destroy();
    }
  });
}

/** The function reported an error; its payload is printed already. */
class InvocationFailedError extends Error {
  constructor(requestId: string) {
    super(`RequestId: ${requestId}: the function failed (see its error above)`);
    this.name = 'InvocationFailedError';
  }
}

// The tag `nx run <app>:container` builds, from the script the build uses.
function appImage(root: string, app: string): string {
  return execFileSync('sh', ['tools/containers/image-tag.sh', app], { cwd: root, encoding: 'utf8' }).trim();
}

function appOf(context: ExecutorContext): string {
  if (context.projectName === undefined) throw new Error('this command runs as a target of an app project');
  return context.projectName;
}

// Expected failures print their message alone; anything else keeps its stack trace.
async function reportFailures(expected: ReadonlyArray<new (...args: never[]) => Error>, run: () => Promise<void>): Promise<{ success: boolean }> {
  try {
    await run();
    return { success: true };
  } catch (error) {
    if (![...expected, InvocationFailedError].some((type) => error instanceof type) || !(error instanceof Error)) throw error;
    console.error(error.message);
    return { success: false };
  }
}
