import { buildHttpApiEvent, recordedHttpApiEvent } from './http-api-event';

describe('buildHttpApiEvent', () => {
  it('has every top-level field of the recorded API Gateway event', () => {
    const event = buildHttpApiEvent({ method: 'POST', path: '/api/x', body: { a: 1 }, cookies: ['a=b'] });

    for (const key of Object.keys(recordedHttpApiEvent)) expect(event).toHaveProperty(key);
    expect(Object.keys(event.requestContext).sort()).toEqual(Object.keys(recordedHttpApiEvent.requestContext).sort());
  });

  it('splits the query string and comma-joins repeated parameters as API Gateway does', () => {
    const event = buildHttpApiEvent({ path: '/api/callbacks?limit=2&tag=a&tag=b' });

    expect(event.rawPath).toBe('/api/callbacks');
    expect(event.rawQueryString).toBe('limit=2&tag=a&tag=b');
    expect(event.queryStringParameters).toEqual({ limit: '2', tag: 'a,b' });
  });

  it('serialises an object body as JSON and lower-cases header names', () => {
    const event = buildHttpApiEvent({ method: 'post', body: { text: 'hé' }, headers: { 'X-Correlation-Id': 'c1' } });

    expect(event.requestContext.http.method).toBe('POST');
    expect(event.body).toBe('{"text":"hé"}');
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers['content-length']).toBe(String(Buffer.byteLength('{"text":"hé"}')));
    expect(event.headers['x-correlation-id']).toBe('c1');
  });

  it('base64-encodes the body when asked', () => {
    const event = buildHttpApiEvent({ method: 'POST', body: 'raw', isBase64Encoded: true });

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64').toString()).toBe('raw');
  });
});
