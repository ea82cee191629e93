import type { RequestListener } from 'node:http';
import { authorizerRefusal, handlerRefusal } from './refusal';
import { routeTransports } from './route-transports';
import type { StructuredHandler } from './test-client';
import { createTestIssuer } from './test-issuer';

const issuer = createTestIssuer();

/** The OpenAPI document of the services below: `GET /api/notes` answers 200 with an object. */
const document = {
  openapi: '3.1.0',
  paths: { '/api/notes': { get: { operationId: 'listNotes', responses: { '200': { content: { 'application/json': { schema: { type: 'object' } } } } } } } },
};
const DOCUMENT_PATH = '/notes-service/openapi.json';

/** A handler that answers what reached it: the function name, the caller's subject and the stage API; and its document. */
const echo: StructuredHandler = async (event, context) => ({
  statusCode: 200,
  ...(event.rawPath === DOCUMENT_PATH ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(document) } : {}),
  ...(event.rawPath === DOCUMENT_PATH ? {} : {
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    functionName: context.functionName,
    sub: (event.requestContext as { authorizer?: { jwt?: { claims?: { sub?: string } } } }).authorizer?.jwt?.claims?.sub ?? null,
    api: event.stageVariables?.httpApi ?? null,
  }),
  }),
});

/** Stands in for a gateway in front of the handler: answers which listener was reached and the bearer token it got. */
const listener =
  (name: string): RequestListener =>
  (request, response) => {
    if (request.url === DOCUMENT_PATH) return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ listener: name, bearer: request.headers.authorization?.startsWith('Bearer ') ?? false }));
  };

describe('routeTransports', () => {
  const gateways: StructuredHandler[] = [];
  const [handlerTransport, gatewayTransport] = routeTransports({
    app: 'notes-service',
    issuer,
    start: (label: string) => ({ label, handler: echo }),
    gateway: (handler) => {
      gateways.push(handler);
      return { api: listener('api'), sites: listener('sites') };
    },
  });

  it('names the transports for describe.each and pairs each with how it refuses a caller', () => {
    // assess
    expect([handlerTransport[0], handlerTransport[2], gatewayTransport[0], gatewayTransport[2]]).toEqual(['handler', handlerRefusal, 'local gateway', authorizerRefusal]);
  });

  it('calls the handler with the app as function name and the claims the authorizer would pass on', async () => {
    // prepare
    const { client, label } = handlerTransport[1]('first');

    // act
    const response = await client({ method: 'GET', path: '/api/notes', as: { sub: 'alice', scopes: ['notes:read'] } });

    // assess
    expect(label).toBe('first');
    expect(response.json).toEqual({ functionName: 'notes-service', sub: 'alice', api: 'api' });
  });

  it('sends real HTTP with the issuer’s bearer token to the gateway it builds over the started handler', async () => {
    // prepare
    const { client, label } = gatewayTransport[1]('second');

    // act
    const [api, sites] = await Promise.all([
      client({ method: 'GET', path: '/api/notes', as: { sub: 'alice', scopes: ['notes:read'] } }),
      client({ method: 'GET', path: '/notes/index.html', api: 'sites' }),
    ]);

    // assess
    expect(label).toBe('second');
    expect(gateways.at(-1)).toBe(echo);
    expect([api.json, sites.json]).toEqual([
      { listener: 'api', bearer: true },
      { listener: 'sites', bearer: false },
    ]);
  });

  it('fails a response with a status the document does not declare, naming the operation', async () => {
    // prepare
    const teapot: StructuredHandler = async (event, context) => (event.rawPath === DOCUMENT_PATH ? echo(event, context) : { statusCode: 418, body: '' });
    const [transport] = routeTransports({ app: 'notes-service', issuer, start: () => ({ handler: teapot }), gateway: () => ({ api: listener('api') }) });

    // act
    const answered = transport[1]().client({ method: 'GET', path: '/api/notes' });

    // assess
    await expect(answered).rejects.toThrow("the response breaks notes-service's OpenAPI document:\nGET /api/notes (listNotes) answered 418, which it does not declare (it declares 200)");
  });

  it('fails every request to a service that serves no OpenAPI document', async () => {
    // prepare
    const undocumented: StructuredHandler = async () => ({ statusCode: 404, body: '{"message":"Not Found"}' });
    const [transport] = routeTransports({ app: 'notes-service', issuer, start: () => ({ handler: undocumented }), gateway: () => ({ api: listener('api') }) });

    // act
    const answered = transport[1]().client({ method: 'GET', path: '/api/notes' });

    // assess
    await expect(answered).rejects.toThrow('notes-service serves no OpenAPI document: GET /notes-service/openapi.json answered 404');
  });
});
