import type { TestClient, TestRequest } from './test-client';

/** What `describeAdaptersBuiltOnFirstUse` needs of an app. */
export interface DeferredAdaptersCase<A> {
  /** The app's name: its health check is `GET /<app>/health`. */
  app: string;
  /** Fresh adapters for a test, as `build` would resolve them. */
  adapters(): A;
  /** The app's handler over `build`, as main.ts wires it, behind a test client. */
  start(build: () => Promise<A>): TestClient;
  /** A request only the adapters can answer, and its status once they are built. */
  request: TestRequest;
  answers: number;
}

/**
 * The two tests of an app whose composition root builds its adapters on first use: GET /health
 * builds none, the first request that needs them builds them once for every request after; and a
 * build that fails answers a 500 problem, naming nothing of the failure, and runs again with the
 * next request.
 *
 * @example
 * describeAdaptersBuiltOnFirstUse({ app: SERVICE_NAME, adapters, start: (build) => handlerClient(createCallbackService(testConfig, { build }), SERVICE_NAME, issuer), request: { method: 'GET', path: '/api/callbacks', as: reader }, answers: 200 });
 */
export function describeAdaptersBuiltOnFirstUse<A>({ app, adapters, start, request, answers }: DeferredAdaptersCase<A>): void {
  describe('with adapters built on first use, as main.ts wires them', () => {
    it('answers GET /health without building them, and builds them once with the first requests that need them', async () => {
      const build = jest.fn(async () => adapters());
      const client = start(build);

      const health = await client({ method: 'GET', path: `/${app}/health` });
      const builtAtHealth = build.mock.calls.length;
      const first = await client(request);
      const second = await client(request);

      expect({ health: health.status, builtAtHealth, first: first.status, second: second.status, builds: build.mock.calls.length }).toEqual({
        health: 200,
        builtAtHealth: 0,
        first: answers,
        second: answers,
        builds: 1,
      });
    });

    it('answers a 500 problem when they fail to build, and builds them again with the next request', async () => {
      const build = jest.fn(async () => adapters()).mockRejectedValueOnce(new Error('Cannot find module ./deferred-adapters'));
      const client = start(build);

      const failed = await client(request);
      const next = await client(request);

      expect({ failed: failed.status, type: failed.headers['content-type'], next: next.status, builds: build.mock.calls.length }).toEqual({
        failed: 500,
        type: 'application/problem+json',
        next: answers,
        builds: 2,
      });
      expect(failed.text).not.toContain('deferred-adapters');
    });
  });
}
