import { ApiError, buildDiagnosticsOf, createApiClient, readableError } from './api-client';

/** The client over a fake fetch that answers `response` to any request, recording what was sent. */
function clientAnswering(response: Response) {
  const sent: Array<{ url: string; init: RequestInit | undefined }> = [];
  globalThis.fetch = async (url, init) => {
    sent.push({ url: String(url), init });
    return response;
  };
  return { api: createApiClient(async () => 'token-1'), sent };
}

const problem = (status: number, body: object, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json', ...headers } });

describe('the console’s API client', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('sends the bearer token and the files as JSON', async () => {
    const { api, sent } = clientAnswering(new Response('{}', { status: 200 }));

    await api.saveFiles('my-app', { 'src/App.tsx': 'x' });

    expect(sent).toEqual([{ url: '/api/apps/my-app', init: expect.objectContaining({ method: 'PUT', body: '{"files":{"src/App.tsx":"x"}}' }) }]);
    expect(sent[0]?.init?.headers).toMatchObject({ authorization: 'Bearer token-1', 'content-type': 'application/json' });
  });

  it('shows a problem’s detail and its field errors', async () => {
    const { api } = clientAnswering(problem(422, { title: 'Unprocessable Content', detail: 'the request is invalid', errors: [{ path: 'name', message: 'is taken' }] }));

    const error = await api.createApp({ name: 'abc', template: 'counter' }).catch((caught: unknown) => caught);

    expect(readableError(error)).toBe('the request is invalid — name: is taken');
  });

  it('asks to sign in again on the authorizer’s 401, which is not problem+json', async () => {
    const { api } = clientAnswering(new Response('{"message":"Unauthorized"}', { status: 401 }));

    const error = await api.listApps().catch((caught: unknown) => caught);

    expect(readableError(error)).toBe('Your session has ended. Sign in again to continue.');
  });

  it('says when to try again on a 503 with Retry-After', async () => {
    const { api } = clientAnswering(problem(503, { title: 'Service Unavailable', detail: 'too many builds are waiting' }, { 'retry-after': '5' }));

    const error = await api.saveFiles('my-app', {}).catch((caught: unknown) => caught);

    expect(readableError(error)).toBe('too many builds are waiting. Try again in 5 s.');
  });

  it('reads a failed build’s diagnostics, and none from any other error', async () => {
    const diagnostic = { file: 'src/App.tsx', line: 7, column: 10, text: 'Unexpected "}"' };
    const { api } = clientAnswering(problem(422, { type: 'urn:problem-type:build-failed', title: 'Unprocessable Content', detail: 'the app does not build', errors: [diagnostic] }));

    const error = await api.saveFiles('my-app', {}).catch((caught: unknown) => caught);

    expect(buildDiagnosticsOf(error)).toEqual([diagnostic]);
    expect(buildDiagnosticsOf(new ApiError(409, 'taken', { errors: [diagnostic] }))).toEqual([]);
  });

  it('says the API could not be reached when the request fails on the network', () => {
    expect(readableError(new TypeError('Failed to fetch'))).toBe('The API could not be reached. Check your connection and try again.');
  });
});
