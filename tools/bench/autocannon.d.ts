// autocannon ships no types and @types/autocannon is not installed: only what the benchmark uses.
declare module 'autocannon' {
  interface AutocannonOptions {
    url: string;
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
  }

  interface AutocannonInstance {
    /** Ends the run early; the callback still receives the result so far. */
    stop(): void;
    on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): this;
  }

  function autocannon(options: AutocannonOptions, callback: (error: Error | null, result: AutocannonResult) => void): AutocannonInstance;
  export = autocannon;
}
