import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

/** API Gateway's payload limit for HTTP APIs. */
export const PAYLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

/**
 * Reads the request body exactly as sent, or resolves undefined once it exceeds `limit`.
 * express.raw would inflate a gzip body (or refuse it, with `inflate: false`) where API Gateway
 * passes the bytes through untouched. Past the limit the rest of the upload is drained, not
 * read, so the client still gets its 413.
 *
 * @example
 * const body = await readBody(req, PAYLOAD_LIMIT_BYTES);
 */
export function readBody(request: Readable & { headers: IncomingHttpHeaders }, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length']) > limit) {
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
      if (size > limit) {
        stop();
        resolve(undefined);
      }
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onClose = () => {
      stop();
      reject(new Error('The client closed the connection before sending the whole body'));
    };
    const stop = () => {
      request.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onClose);
    };
    request.on('data', onData).on('end', onEnd).on('close', onClose).on('error', onClose);
  });
}
