import type { ExecutorContext } from '@nx/devkit';
import { CallerForbiddenError } from '@sm/local-gateway';
import * as z from 'zod';
import { appEvent, EventRequestError } from '../commands/app-event';

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
 * stdout so that it can be piped into `nx run <app>:invoke --event -`.
 *
 * @example
 * // nx.json plugins: tools/deploy/plugin.cjs infers "event": { "executor": "./tools/deploy:event" } for every app
 */
export async function eventExecutor(options: EventOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  return reportFailures([EventRequestError, CallerForbiddenError], async () => {
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
    if (!expected.some((type) => error instanceof type) || !(error instanceof Error)) throw error;
    console.error(error.message);
    return { success: false };
  }
}
