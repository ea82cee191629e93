import { UnavailableError } from '@sm/errors';

/**
 * Every build slot is taken and the waiting line is full. Not the client's fault, and written for
 * them to read, with when to try again (an HTTP answer of 503 with `Retry-After`).
 */
export class BuildQueueFullError extends UnavailableError {
  constructor(waiting: number, retryAfterSeconds: number, options?: ErrorOptions) {
    super(`the service is busy building other apps (${waiting} waiting); try again in ${retryAfterSeconds} s`, { ...options, retryAfterSeconds });
    this.name = 'BuildQueueFullError';
  }
}

/** Runs builds a few at a time; the others wait their turn, first come first served. */
export interface BuildQueue {
  /** Rejects with `BuildQueueFullError`, without running `build`, when too many builds already wait. */
  run<T>(build: () => Promise<T>): Promise<T>;
}

export interface BuildQueueOptions {
  /** Builds that run at once. */
  concurrency: number;
  /** Builds that may wait for a slot; one more is refused. */
  limit: number;
  /** What a refused client is told to wait: about the time one build may take. */
  retryAfterSeconds: number;
}

/**
 * Bounds the builds of one process: each holds memory and CPU while it runs, so a burst of creates
 * waits in line, and past the line's limit is refused at once rather than timing out at the gateway.
 */
export function createBuildQueue(options: BuildQueueOptions): BuildQueue {
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  return {
    async run(build) {
      if (running < options.concurrency) {
        running += 1;
      } else {
        if (waiting.length >= options.limit) throw new BuildQueueFullError(waiting.length, options.retryAfterSeconds);
        // The slot is handed over by release(): running stays as it is.
        await new Promise<void>((start) => waiting.push(start));
      }
      try {
        return await build();
      } finally {
        release();
      }
    },
  };
}
