import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/**
 * DynamoDB refuses documents nested deeper than 32 levels ("Nesting Levels have exceeded supported
 * limits"; https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-attributes).
 * Each level is two levels of the request's JSON (`{"M": {"key": ...}}`); 8 more leave room for the
 * request's own wrapping (BatchWriteItem's `RequestItems`, `PutRequest`, `Item`), so nothing DynamoDB
 * accepts is refused here.
 */
export const MAX_REQUEST_JSON_DEPTH = 2 * 32 + 8;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x7b, 0x5b]);
const CLOSERS = new Set([0x7d, 0x5d]);

/**
 * Measures the nesting of a JSON text as its chunks arrive, without parsing (so without recursion):
 * returns true once the depth passes `limit`. Multi-byte UTF-8 never contains the bytes it looks at.
 *
 * @example
 * const tooDeep = createDepthMeter(MAX_REQUEST_JSON_DEPTH);
 * request.on('data', (chunk) => tooDeep(chunk) && refuse());
 */
export function createDepthMeter(limit: number): (chunk: Buffer) => boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  return (chunk) => {
    for (const byte of chunk) {
      if (escaped) escaped = false;
      else if (inString) {
        if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) inString = false;
      } else if (byte === QUOTE) inString = true;
      else if (OPENERS.has(byte)) {
        if (++depth > limit) return true;
      } else if (CLOSERS.has(byte)) depth--;
    }
    return false;
  };
}

/**
 * Keeps two kinds of request from crashing dynalite, and with it every table: a document nested
 * deeper than DynamoDB allows (dynalite's recursive validation overflows the stack a few hundred
 * levels down) gets DynamoDB's own 400 ValidationException and never reaches dynalite; and a client
 * that leaves mid-body (dynalite rethrows the request's error) only loses its own request.
 *
 * @example
 * server.on('request', guardDynalite(dynaliteListener));
 */
export function guardDynalite(listener: RequestListener): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    const tooDeep = createDepthMeter(MAX_REQUEST_JSON_DEPTH);
    const onData = (chunk: Buffer) => {
      if (!tooDeep(chunk)) return;
      // dynalite acts on 'end' only: without listeners, the rest of the body is read and dropped.
      request.removeAllListeners('data').removeAllListeners('end');
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ __type: 'com.amazon.coral.validate#ValidationException', message: 'Nesting Levels have exceeded supported limits' }));
    };
    request.on('data', onData);
    listener(request, response);
    request.removeAllListeners('error');
    request.on('error', () => response.destroy());
  };
}
