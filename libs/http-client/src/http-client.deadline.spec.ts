import { createHttpClient } from './http-client';
import { catchClientError } from './catch-client-error';
import { answer, useTestServers } from './test-server';
import { virtualTime } from './virtual-time';

const service = 'callback-service';

// Real timers only where the timeout itself is the behaviour, and never above 300 ms.
describe('createHttpClient: timeouts and deadline', () => {
  const startServer = useTestServers();

  it('rejects with an HttpClientError naming service, URL and attempt when every attempt times out', async () => {
    const server = await startServer(() => undefined);
    const time = virtualTime();
    const client = createHttpClient({ service, timeoutMs: 100, maxAttempts: 2, now: time.now, sleep: time.sleep });

    const error = await catchClientError(client.request({ method: 'GET', url: `${server.url}/api/callbacks` }));

    expect(error.message).toBe(`callback-service GET ${server.url}/api/callbacks failed on attempt 2/2: timed out after 100 ms`);
    expect(error).toMatchObject({ name: 'HttpClientError', service, method: 'GET', attempt: 2 });
    expect(error.cause).toMatchObject({ name: 'TimeoutError' });
    expect(server.requests).toHaveLength(2);
  });

  it('retries after a timed-out attempt and resolves with the next answer', async () => {
    const server = await startServer((hit, _request, response) => (hit === 1 ? undefined : answer(response, 200)));
    const time = virtualTime();
    const client = createHttpClient({ service, timeoutMs: 100, now: time.now, sleep: time.sleep });

    const response = await client.request({ method: 'GET', url: server.url });

    expect(response.status).toBe(200);
    expect(response.attempts).toBe(2);
  });

  it('times out an attempt whose body never finishes', async () => {
    const server = await startServer((_hit, _request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"partial":');
    });
    const client = createHttpClient({ service, timeoutMs: 100 });

    const error = await catchClientError(client.request({ method: 'POST', url: server.url, body: {} }));

    expect(error.message).toBe(`callback-service POST ${server.url} failed on attempt 1/1: timed out after 100 ms`);
  });

  it('cuts the attempt timeout to the time left before the deadline, and starts no attempt after it', async () => {
    const server = await startServer(() => undefined);
    const client = createHttpClient({ service, timeoutMs: 60_000, deadlineMs: 150 });

    const error = await catchClientError(client.request({ method: 'GET', url: server.url }));

    expect(error.message).toMatch(/ failed on attempt 1\/3: timed out after \d+ ms, at the deadline$/);
    expect(server.requests).toHaveLength(1);
  });

  it('resolves with the last answer when the next wait would pass the deadline', async () => {
    const server = await startServer((_hit, _request, response) => answer(response, 503));
    const time = virtualTime();
    const client = createHttpClient({
      service,
      deadlineMs: 10_000,
      maxAttempts: 10,
      baseDelayMs: 3000,
      maxDelayMs: 60_000,
      random: () => 0.999,
      now: time.now,
      sleep: time.sleep,
    });

    const response = await client.request({ method: 'GET', url: server.url });

    // Waits of 2997 and 5994 ms fit in the 10 s; the next, 11988 ms, would not.
    expect(time.waits).toEqual([2997, 5994]);
    expect(response.status).toBe(503);
    expect(response.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it('takes the deadline of the request over the client default', async () => {
    const server = await startServer((_hit, _request, response) => answer(response, 503));
    const time = virtualTime();
    const client = createHttpClient({
      service,
      deadlineMs: 60_000,
      baseDelayMs: 3000,
      maxDelayMs: 60_000,
      random: () => 0.999,
      now: time.now,
      sleep: time.sleep,
    });

    const response = await client.request({ method: 'GET', url: server.url, deadline: time.now() + 5000 });

    expect(time.waits).toEqual([2997]);
    expect(response.attempts).toBe(2);
  });

  it('rejects without calling the service when the request deadline has already passed', async () => {
    const server = await startServer((_hit, _request, response) => answer(response, 200));
    const time = virtualTime();
    const client = createHttpClient({ service, now: time.now, sleep: time.sleep });

    const error = await catchClientError(
      client.request({ method: 'GET', url: server.url, deadline: time.now() - 1 }),
    );

    expect(error.message).toMatch(
      new RegExp(`^callback-service GET ${server.url} failed before its first attempt: the deadline had passed \\d+ ms earlier$`),
    );
    expect(error.attempt).toBe(0);
    expect(server.requests).toHaveLength(0);
  });
});
