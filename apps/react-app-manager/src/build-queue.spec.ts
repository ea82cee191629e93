import { toProblemResult } from '@sm/http';
import { BuildQueueFullError, createBuildQueue } from './build-queue';

/** A build that finishes when told to, and says when it started. */
function heldBuild(log: string[], name: string) {
  let finish: () => void = () => undefined;
  let start: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const started = new Promise<void>((resolve) => {
    start = resolve;
  });
  return {
    build: async () => {
      log.push(`start ${name}`);
      start();
      await done;
      return name;
    },
    started,
    finish: () => finish(),
  };
}

describe('createBuildQueue', () => {
  it('runs no more builds at once than its concurrency, and the waiting ones in order', async () => {
    const log: string[] = [];
    const queue = createBuildQueue({ concurrency: 2, limit: 5, retryAfterSeconds: 5 });
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => heldBuild(log, name));
    if (!a || !b || !c || !d) throw new Error('four builds expected');

    const results = [a, b, c, d].map((held) => queue.run(held.build));
    await Promise.all([a.started, b.started]);
    expect(log).toEqual(['start a', 'start b']);

    b.finish();
    await c.started;
    expect(log).toEqual(['start a', 'start b', 'start c']);

    [a, c, d].forEach((held) => held.finish());
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect(log).toEqual(['start a', 'start b', 'start c', 'start d']);
  });

  it('refuses a build, saying when to retry, when the waiting line is full, without running it', async () => {
    const log: string[] = [];
    const queue = createBuildQueue({ concurrency: 1, limit: 1, retryAfterSeconds: 7 });
    const running = heldBuild(log, 'running');
    const waiting = heldBuild(log, 'waiting');
    const first = queue.run(running.build);
    const second = queue.run(waiting.build);

    const refused = queue.run(async () => 'refused');

    await expect(refused).rejects.toBeInstanceOf(BuildQueueFullError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 7 });
    running.finish();
    waiting.finish();
    expect(await Promise.all([first, second])).toEqual(['running', 'waiting']);
  });

  it('frees the slot of a build that fails', async () => {
    const queue = createBuildQueue({ concurrency: 1, limit: 0, retryAfterSeconds: 1 });

    await expect(queue.run(async () => Promise.reject(new Error('does not compile')))).rejects.toThrow('does not compile');

    expect(await queue.run(async () => 'next')).toBe('next');
  });

  it('maps a full queue to a 503 problem with its message and Retry-After', () => {
    const result = toProblemResult(new BuildQueueFullError(2, 7));

    expect(result.statusCode).toBe(503);
    expect(result.headers['retry-after']).toBe('7');
    expect(JSON.parse(result.body)).toEqual({
      type: 'urn:problem-type:service-unavailable',
      title: 'Service Unavailable',
      status: 503,
      detail: 'the service is busy building other apps (2 waiting); try again in 7 s',
    });
  });
});
