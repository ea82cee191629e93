import { newLogStreamName } from '@sm/testing';

/** Lambda's defaults when a function does not set them. */
export const DEFAULT_TIMEOUT_SECONDS = 3;
export const DEFAULT_MEMORY_MB = 128;

/** One log stream per function, as one warm execution environment writes to one stream. */
const logStreams = new Map<string, string>();

/** The log stream of the function's (one, warm) execution environment, named on its first invocation. */
export function logStreamOf(name: string): string {
  const stream = logStreams.get(name) ?? newLogStreamName();
  logStreams.set(name, stream);
  return stream;
}
