import { recordedHttpApiEvent } from '@sm/testing';
import type { GatewayDecision, ReceivedRequest } from './to-event';
import { newRequestId, toEvent } from './to-event';

function received(overrides: Partial<ReceivedRequest> = {}): ReceivedRequest {
  return {
    method: 'POST',
    eventPath: '/api/callbacks',
    rawQueryString: '',
    rawHeaders: ['Host', 'localhost:3000', 'User-Agent', 'jest'],
    sourceIp: '127.0.0.1',
    localPort: 3000,
    protocol: 'http',
    httpVersion: '1.1',
    body: Buffer.alloc(0),
    ...overrides,
  };
}

const decision: GatewayDecision = {
  apiId: 'local',
  stage: '$default',
  routeKey: 'POST /api/callbacks',
  requestId: 'JKJaXmPLvHcESHA=',
  receivedAt: new Date(Date.UTC(2020, 2, 10, 5, 16, 23, 220)),
};

describe('toEvent', () => {
  it.each([
    [undefined, true],
    ['application/octet-stream', true],
    ['image/png', true],
    ['multipart/form-data; boundary=x', true],
    ['application/x-www-form-urlencoded', true],
    ['application/problem+json', true],
    ['image/svg+xml', true],
    ['application/graphql', true],
    ['text/plain; charset=utf-8', false],
    ['text/csv', false],
    ['Application/JSON; charset=utf-8', false],
    ['application/xml', false],
    ['application/javascript', false],
  ])('flags a body with content-type %s as isBase64Encoded %s', (contentType, isBase64Encoded) => {
    // prepare
    const rawHeaders = contentType === undefined ? [] : ['Content-Type', contentType];

    // act
    const event = toEvent(received({ rawHeaders, body: Buffer.from('a=1') }), decision);

    // assess
    expect(event.isBase64Encoded).toBe(isBase64Encoded);
    expect(event.body).toBe(isBase64Encoded ? Buffer.from('a=1').toString('base64') : 'a=1');
  });

  it('flags a request without body or content-type as binary and gives it no body field, as the recorded browser GET', () => {
    // prepare
    const recorded = recordedHttpApiEvent;

    // act
    const event = toEvent(received({ method: 'GET', rawHeaders: ['Host', 'localhost:3000'] }), decision);

    // assess
    expect(event.isBase64Encoded).toBe(recorded.isBase64Encoded);
    expect(event).not.toHaveProperty('body');
    expect(recorded).not.toHaveProperty('body');
  });

  it('passes a text request without a body unencoded and gives it no body field', () => {
    // act
    const event = toEvent(received({ rawHeaders: ['Content-Type', 'application/json'] }), decision);

    // assess
    expect(event.isBase64Encoded).toBe(false);
    expect(event).not.toHaveProperty('body');
  });

  it('drops hop-by-hop headers and sets content-length to the bytes received', () => {
    // prepare
    const rawHeaders = ['Connection', 'keep-alive', 'Transfer-Encoding', 'chunked', 'Keep-Alive', 'timeout=5'];

    // act
    const event = toEvent(received({ rawHeaders, body: Buffer.from('héllo') }), decision);

    // assess
    expect(event.headers).not.toHaveProperty('connection');
    expect(event.headers).not.toHaveProperty('transfer-encoding');
    expect(event.headers).not.toHaveProperty('keep-alive');
    expect(event.headers['content-length']).toBe('6');
  });

  it('sets X-Forwarded-For, -Port and -Proto from the connection when the client sent none', () => {
    // act
    const event = toEvent(received(), decision);

    // assess
    expect(event.headers).toMatchObject({ 'x-forwarded-for': '127.0.0.1', 'x-forwarded-port': '3000', 'x-forwarded-proto': 'http' });
  });

  it("appends the client's address to the X-Forwarded-For it sent, so the last entry is the gateway's", () => {
    // prepare
    const rawHeaders = ['X-Forwarded-For', '203.0.113.7, 198.51.100.2'];

    // act
    const event = toEvent(received({ rawHeaders }), decision);

    // assess
    expect(event.headers['x-forwarded-for']).toBe('203.0.113.7, 198.51.100.2, 127.0.0.1');
  });

  it('replaces the X-Forwarded-Port and X-Forwarded-Proto a client sent with those it reached the gateway on', () => {
    // prepare
    const rawHeaders = ['X-Forwarded-Proto', 'https', 'X-Forwarded-Port', '443'];

    // act
    const event = toEvent(received({ rawHeaders }), decision);

    // assess
    expect(event.headers['x-forwarded-proto']).toBe('http');
    expect(event.headers['x-forwarded-port']).toBe('3000');
  });

  it('keeps the X-Ray trace id the client sent', () => {
    // prepare
    const rawHeaders = ['X-Amzn-Trace-Id', 'Root=1-5e6722a7-cc56xmpl46db7ae02d4da47e'];

    // act
    const event = toEvent(received({ rawHeaders }), decision);

    // assess
    expect(event.headers['x-amzn-trace-id']).toBe('Root=1-5e6722a7-cc56xmpl46db7ae02d4da47e');
  });

  it('keeps query parameters named like object properties as plain parameters', () => {
    // act
    const event = toEvent(received({ rawQueryString: 'constructor=1&__proto__=2&constructor=3' }), decision);

    // assess
    expect(event.queryStringParameters).toEqual({ constructor: '1,3', ['__proto__']: '2' });
  });

  it('creates an X-Ray trace id when the client sent none', () => {
    // act
    const event = toEvent(received(), decision);

    // assess
    expect(event.headers['x-amzn-trace-id']).toMatch(/^Root=1-5e6722a7-[0-9a-f]{24}$/);
  });

  it('takes domainName and domainPrefix from the host header without its port', () => {
    // prepare
    const rawHeaders = ['Host', 'r3pmxmplak.execute-api.us-east-2.amazonaws.com:443'];

    // act
    const { requestContext } = toEvent(received({ rawHeaders }), decision);

    // assess
    expect(requestContext.domainName).toBe('r3pmxmplak.execute-api.us-east-2.amazonaws.com');
    expect(requestContext.domainPrefix).toBe('r3pmxmplak');
  });

  it('formats the request time as API Gateway does, in UTC', () => {
    // act
    const { requestContext } = toEvent(received(), decision);

    // assess
    expect(requestContext.time).toBe('10/Mar/2020:05:16:23 +0000');
    expect(requestContext.timeEpoch).toBe(1583817383220);
  });
});

describe('newRequestId', () => {
  it('creates distinct ids shaped like API Gateway request ids', () => {
    // act
    const ids = [newRequestId(), newRequestId()];

    // assess
    expect(ids[0]).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    expect(ids[0]).not.toBe(ids[1]);
  });
});
