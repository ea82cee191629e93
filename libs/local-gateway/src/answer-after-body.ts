import type { RequestListener, ServerResponse } from 'node:http';
import { DEFAULT_BODY_TIMEOUTS, PAYLOAD_LIMIT_BYTES, type BodyTimeouts } from './read-body';

/**
 * A listener whose answers end only once the request's body has arrived, as behind a proxy that
 * receives the whole request (API Gateway does): a listener that answers without reading the body
 * (a 404, a parser's 413) would otherwise have the connection closed under a client still writing,
 * which then sees EPIPE instead of the answer. What the listener did not read is discarded, up to
 * API Gateway's payload limit and within the body timeouts; past those the answer ends at once.
 *
 * @example
 * const mounted = answerAfterBody(express().use('/local-auth', auth.router));
 */
export function answerAfterBody(listener: RequestListener, timeouts: BodyTimeouts = DEFAULT_BODY_TIMEOUTS): RequestListener {
  return (req, res) => {
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      if (req.complete || req.destroyed) return end(...args);
      let drained = 0;
      let ended = false;
      const finish = () => {
        if (ended) return;
        ended = true;
        clearTimeout(total);
        clearTimeout(idle);
        req.off('data', onData).off('end', finish).off('close', finish);
        end(...args);
      };
      const total = setTimeout(finish, timeouts.totalMs);
      let idle = setTimeout(finish, timeouts.idleMs);
      const onData = (chunk: Buffer) => {
        drained += chunk.length;
        clearTimeout(idle);
        idle = setTimeout(finish, timeouts.idleMs);
        if (drained > PAYLOAD_LIMIT_BYTES) finish();
      };
      req.on('data', onData).once('end', finish).once('close', finish);
      req.resume();
      return res;
    }) as ServerResponse['end'];
    listener(req, res);
  };
}
