import { writeSync } from 'node:fs';

/** Where a logger's lines go: `out` takes DEBUG and INFO lines, `err` WARN and above, as Node's console splits them. */
export interface LogOutput {
  out(text: string): void;
  err(text: string): void;
}

/**
 * The process's stdout and stderr streams, looked up at each write (a test may replace `write`).
 * Right where the streams already exist or are read by someone: a worker thread of the local stack,
 * whose streams the stack reads, and tests and tools.
 *
 * @example
 * const output = streamOutput(); output.out('{"level":"INFO"}\n');
 */
export function streamOutput(): LogOutput {
  return { out: (text) => void process.stdout.write(text), err: (text) => void process.stderr.write(text) };
}

/**
 * File descriptors 1 and 2, written synchronously, as Lambda's runtime client writes its own log
 * lines. A cold start then never creates `process.stdout` and `process.stderr` (a net.Socket and
 * Node's stream modules for a pipe: about 10 ms of every cold start, measured with `npm run bench`),
 * and a line is out before Lambda freezes the process after the response. Should a descriptor be
 * non-blocking and full (EAGAIN), the rest of that line and every later one go through the stream,
 * which waits for room, so lines keep their order.
 *
 * @example
 * const output = descriptorOutput(); output.err('{"level":"ERROR"}\n');
 */
export function descriptorOutput(): LogOutput {
  let fallback: LogOutput | undefined;
  const write = (fd: 1 | 2) => (text: string) => {
    if (fallback) return fd === 1 ? fallback.out(text) : fallback.err(text);
    const bytes = Buffer.from(text);
    for (let offset = 0; offset < bytes.length; ) {
      try {
        offset += writeSync(fd, bytes, offset);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        fallback = streamOutput();
        (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(offset));
        return;
      }
    }
  };
  return { out: write(1), err: write(2) };
}
