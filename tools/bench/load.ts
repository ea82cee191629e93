import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  /** Answered requests to wait for. */
  requests: number;
  connections: number;
  /** The run fails when the requests take longer than this. */
  maxSeconds: number;
}

export interface LoadResult {
  /** Answers with a 2xx status per second. */
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

/** The request under test: an unsigned plain-text callback. */
const CALLBACK_REQUEST = {
  method: 'POST',
  path: '/api/callback',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ text: 'Hello from the gateway benchmark' }),
} as const;

/**
 * Sends a fixed number of `POST /api/callback`; any error, non-2xx answer or overrun fails the run.
 * The rate is timed here, up to the last answer: with `amount`, autocannon only notices the end on
 * its one-second tick, so its own duration is rounded up to whole seconds.
 */
export function sendCallbacks(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    let overran = false;
    let answered = 0;
    let lastAnswerAt = 0;
    const startedAt = performance.now();
    const instance = autocannon(
      {
        url: `${options.url}${CALLBACK_REQUEST.path}`,
        method: CALLBACK_REQUEST.method,
        headers: CALLBACK_REQUEST.headers,
        body: CALLBACK_REQUEST.body,
        connections: options.connections,
        amount: options.requests,
        timeout: 10,
      },
      (error, result) => {
        clearTimeout(timer);
        if (error) reject(error);
        else if (overran) reject(new Error(`${options.url}: ${options.requests} requests took over ${options.maxSeconds} s`));
        else if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0 || result['2xx'] !== answered) {
          reject(new Error(`${options.url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`));
        } else {
          const seconds = (lastAnswerAt - startedAt) / 1000;
          resolve({ requestsPerSecond: answered / seconds, latencyP50Ms: result.latency.p50, latencyP99Ms: result.latency.p99 });
        }
      },
    );
    instance.on('response', () => {
      answered += 1;
      lastAnswerAt = performance.now();
    });
    const timer = setTimeout(() => {
      overran = true;
      instance.stop();
    }, options.maxSeconds * 1000);
  });
}
