import { gatewayError, toResponse } from './to-response';

describe('toResponse', () => {
  it('defaults content-type to application/json and the body to empty', () => {
    // prepare
    const result = { statusCode: 204 };

    // act
    const mapping = toResponse(result);

    // assess
    expect(mapping).toEqual({ ok: true, response: { statusCode: 204, headers: { 'content-type': 'application/json' }, cookies: [], body: Buffer.alloc(0) } });
  });

  it('keeps a content-type the function set, whatever its case', () => {
    // prepare
    const result = { statusCode: 200, headers: { 'Content-Type': 'text/html', 'x-count': 2, 'x-cached': false }, body: '<p>hi</p>' };

    // act
    const mapping = toResponse(result);

    // assess
    expect(mapping.ok && mapping.response.headers).toEqual({ 'Content-Type': 'text/html', 'x-count': '2', 'x-cached': 'false' });
  });

  it('decodes a base64 body to bytes', () => {
    // prepare
    const result = { statusCode: 200, body: Buffer.from([0, 255]).toString('base64'), isBase64Encoded: true };

    // act
    const mapping = toResponse(result);

    // assess
    expect(mapping.ok && mapping.response.body).toEqual(Buffer.from([0, 255]));
  });

  it.each([
    ['a number', 42, '42'],
    ['null (what an undefined result becomes)', null, 'null'],
    ['an object whose keys look like a response but lack statusCode', { body: 'x' }, '{"body":"x"}'],
  ])('infers a 200 JSON response from %s', (_case, result, body) => {
    // act
    const mapping = toResponse(result);

    // assess
    expect(mapping).toEqual({ ok: true, response: { statusCode: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: Buffer.from(body) } });
  });

  it.each([
    ['statusCode is a string', { statusCode: '200' }, /statusCode/],
    ['statusCode is out of range', { statusCode: 999 }, /statusCode/],
    ['body is an object', { statusCode: 200, body: { a: 1 } }, /body must be a string/],
    ['isBase64Encoded is a string', { statusCode: 200, isBase64Encoded: 'true' }, /isBase64Encoded/],
    ['cookies is a string', { statusCode: 200, cookies: 'a=b' }, /cookies/],
    ['headers is an array', { statusCode: 200, headers: ['a'] }, /headers must be an object/],
    ['a header value is an object', { statusCode: 200, headers: { a: { b: 1 } } }, /header "a"/],
    ['a header value has a line break', { statusCode: 200, headers: { a: 'x\r\ny: z' } }, /header "a" is not a valid/],
  ])('refuses a structured result whose %s', (_case, result, reason) => {
    // act
    const mapping = toResponse(result);

    // assess
    expect(mapping).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });
});

describe('gatewayError', () => {
  it.each([
    [404, 'Not Found'],
    [413, 'Request Entity Too Large'],
    [500, 'Internal Server Error'],
    [502, 'Internal Server Error'],
    [503, 'Service Unavailable'],
  ] as const)('answers %i with API Gateway\'s message "%s"', (statusCode, message) => {
    // act
    const response = gatewayError(statusCode);

    // assess
    expect(response.statusCode).toBe(statusCode);
    expect(JSON.parse(response.body.toString())).toEqual({ message });
  });
});
