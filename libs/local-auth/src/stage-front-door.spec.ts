import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStageFrontDoor, type StageFrontDoor } from './stage-front-door';

const routes = [
  { routeKey: 'GET /notes/health', api: 'api' as const, authorization: 'none' as const, scopes: [] },
  { routeKey: 'GET /{proxy+}', api: 'sites' as const, authorization: 'none' as const, scopes: [] },
];

describe('pages of the stage’s own on the services API’s port', () => {
  let door: StageFrontDoor;
  beforeEach(async () => {
    door = await openStageFrontDoor({ port: 0, sitesPort: 0, dataDir: mkdtempSync(join(tmpdir(), 'front-door-')), routes });
  });
  afterEach(() => door.close());

  it('answers a mounted prefix and every path under it, ahead of the gateway', async () => {
    door.mount('/local-pages', (req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end(`page ${req.url ?? ''}`));

    const page = await fetch(`${door.url}/local-pages/a/b?c=1`);
    const beside = await fetch(`${door.url}/local-pagesx`);

    expect({ status: page.status, text: await page.text() }).toEqual({ status: 200, text: 'page /local-pages/a/b?c=1' });
    // Not under the prefix: the gateway's, which answers 503 until the functions are served.
    expect(beside.status).toBe(503);
  });

  it('answers what it serves itself once the body has arrived, so a client still uploading reads the answer', async () => {
    // A page that answers at once without reading the body (as the OpenID provider does for a path it
    // does not serve): ended mid-upload, that answer would close the connection under the client.
    let called: () => void = () => undefined;
    const answerCalled = new Promise<void>((resolve) => (called = resolve));
    let bodyInWhenAnswerEnded: Promise<boolean> = Promise.resolve(false);
    door.mount('/local-pages', (req, res) => {
      bodyInWhenAnswerEnded = new Promise((ended) => res.once('finish', () => ended(req.complete)));
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
      called();
    });
    const req = request(`${door.url}/local-pages/x`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': 2 ** 20 } });
    const responded = once(req, 'response') as Promise<[IncomingMessage]>;
    req.write(Buffer.alloc(2 ** 19, 'a'));

    await answerCalled;
    req.end(Buffer.alloc(2 ** 19, 'b'));
    const [response] = await responded;
    let text = '';
    for await (const chunk of response) text += String(chunk);

    expect({ status: response.statusCode, text, bodyInWhenAnswerEnded: await bodyInWhenAnswerEnded }).toEqual({
      status: 404,
      text: '{"message":"Not Found"}',
      bodyInWhenAnswerEnded: true,
    });
  });

  it('refuses to mount a prefix that would hide a route of the services API', () => {
    expect(() => door.mount('/notes', () => undefined)).toThrow(
      'The route GET /notes/health lies under /notes, which the local stack serves itself: give the route another path.',
    );
  });
});
