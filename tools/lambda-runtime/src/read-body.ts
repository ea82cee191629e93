import type { IncomingMessage } from 'node:http';
import { PAYLOAD_LIMIT_BYTES } from './invoke-result';

/** The request's body, or undefined when it is over Lambda's payload limit (the rest is drained). */
export async function readPayload(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= PAYLOAD_LIMIT_BYTES) chunks.push(chunk);
  }
  return size <= PAYLOAD_LIMIT_BYTES ? Buffer.concat(chunks) : undefined;
}
