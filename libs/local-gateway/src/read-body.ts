import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

/** API Gateway's payload limit for HTTP APIs. */
export const PAYLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

/**
 * How long a client may take to send its body. API Gateway does not document its own limits for a
 * slow upload; these bound it well under the 30 s integration timeout, so a client that stops
 * sending never holds a request (or the function behind it) for longer than that.
 */
export interface BodyTimeouts {
  /** Longest pause between two chunks of the body; 10 s by default. */
  idleMs: number;
  /** Longest time to receive the whole body; 20 s by default. */
  totalMs: number;
}

export const DEFAULT_BODY_TIMEOUTS: BodyTimeouts = { idleMs: 10_000, totalMs: 20_000 };

/** The body as sent, or why it was not read: over the limit (413) or too slow (408). */
export type BodyReading = { outcome: 'body'; body: Buffer } | { outcome: 'too-large' } | { outcome: 'timeout'; afterMs: number };

/** Thrown when the client goes away before its body is complete: there is no one left to answer. */
export class ClientClosedError extends Error {
  constructor(options?: ErrorOptions) {
    super('The client closed the connection before sending the whole body', options);
    this.name = 'ClientClosedError';
  }
}

/** Where a body comes from: an `http` server's request (or any readable with its headers). */
export type BodySource = Readable & { headers: IncomingHttpHeaders };

/**
 * Reads the request body exactly as sent, or stops early: past `limit` (the rest of the upload is
 * then drained, not read, so the client still gets its 413), or, given `timeouts`, when the client
 * pauses longer than `timeouts.idleMs` or takes longer than `timeouts.totalMs` in all. Without
 * timeouts it waits as long as the sender takes (the Lambda runtime emulator's callers are local
 * processes held to the invocation's own deadline). Rejects with a `ClientClosedError` when the
 * connection closes first. express.raw would inflate a gzip body (or refuse it, with
 * `inflate: false`) where API Gateway passes the bytes through untouched.
 *
 * @example
 * const reading = await readBody(req, PAYLOAD_LIMIT_BYTES, DEFAULT_BODY_TIMEOUTS);
 * if (reading.outcome === 'body') use(reading.body);
 */
export function readBody(request: BodySource, limit: number): Promise<Exclude<BodyReading, { outcome: 'timeout' }>>;
export function readBody(request: BodySource, limit: number, timeouts: BodyTimeouts): Promise<BodyReading>;
export function readBody(request: BodySource, limit: number, timeouts?: BodyTimeouts): Promise<BodyReading> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length']) > limit) {
      resolve({ outcome: 'too-large' });
      return;
    }
    const startedAt = Date.now();
    const chunks: Buffer[] = [];
    let size = 0;
    let idle: NodeJS.Timeout | undefined;
    const onTimeout = () => {
      stop();
      resolve({ outcome: 'timeout', afterMs: Date.now() - startedAt });
    };
    const total = timeouts && setTimeout(onTimeout, timeouts.totalMs);
    const restartIdle = () => {
      clearTimeout(idle);
      if (timeouts) idle = setTimeout(onTimeout, timeouts.idleMs);
    };
    const onData = (chunk: Buffer) => {
      restartIdle();
      size += chunk.length;
      chunks.push(chunk);
      if (size > limit) {
        stop();
        resolve({ outcome: 'too-large' });
      }
    };
    const onEnd = () => {
      stop();
      resolve({ outcome: 'body', body: Buffer.concat(chunks) });
    };
    const onClose = (error?: unknown) => {
      stop();
      reject(new ClientClosedError(error instanceof Error ? { cause: error } : undefined));
    };
    const stop = () => {
      clearTimeout(total);
      clearTimeout(idle);
      request.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onClose);
    };
    request.on('data', onData).on('end', onEnd).on('close', onClose).on('error', onClose);
    restartIdle();
  });
}
