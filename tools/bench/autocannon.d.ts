// autocannon ships no types and @types/autocannon is not installed: only what the benchmark uses.
declare module 'autocannon' {
  /** One request of a sequence each connection sends in turn. */
  interface AutocannonRequest {
    method?: 'GET' | 'POST';
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }

  interface AutocannonOptions {
    url: string;
    /** Cycled through by every connection, in place of `method`, `headers` and `body`. */
    requests?: AutocannonRequest[];
    /** Seconds to run. */
    duration?: number;
    method?: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    /** Requests to complete before stopping. */
    amount?: number;
    /** Seconds a request may take before it counts as a timeout. */
    timeout?: number;
  }

  interface AutocannonResult {
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    latency: { p50: number; p99: number };
    /** Answers per one-second sample. */
    requests: { average: number; total: number };
  }

  interface AutocannonInstance {
    /** Ends the run early; the callback still receives the result so far. */
    stop(): void;
    on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): this;
  }

  function autocannon(options: AutocannonOptions, callback: (error: Error | null, result: AutocannonResult) => void): AutocannonInstance;
  namespace autocannon {
    export type Result = AutocannonResult;
  }
  export = autocannon;
}
