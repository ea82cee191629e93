import { buildHttpApiEvent } from '@sm/testing';
import * as z from 'zod/mini';
import { caughtHttpError } from './caught-http-error';
import { MAX_JSON_BODY_BYTES, parseJsonBody, parseQuery } from './json-body';
import { MAX_JSON_DEPTH } from './json-document';

const schema = z.strictObject({ text: z.string().check(z.minLength(1)) });

describe('parseJsonBody', () => {
  it('returns the validated body', () => {
    expect(parseJsonBody(buildHttpApiEvent({ method: 'POST', body: { text: '架构' } }), schema)).toEqual({ text: '架构' });
  });

  it('decodes a base64 body', () => {
    const event = buildHttpApiEvent({ method: 'POST', body: '{"text":"hé"}', isBase64Encoded: true, headers: { 'content-type': 'application/json' } });

    expect(parseJsonBody(event, schema)).toEqual({ text: 'hé' });
  });

  it('accepts a charset parameter and +json media types', () => {
    for (const contentType of ['application/json; charset=utf-8', 'application/cloudevents+json']) {
      const event = buildHttpApiEvent({ method: 'POST', body: '{"text":"a"}', headers: { 'content-type': contentType } });
      expect(parseJsonBody(event, schema)).toEqual({ text: 'a' });
    }
  });

  it('answers 415 naming the content type it got', () => {
    const error = caughtHttpError(() => parseJsonBody(buildHttpApiEvent({ method: 'POST', body: 'text=a', headers: { 'content-type': 'text/plain' } }), schema));

    expect(error.status).toBe(415);
    expect(error.message).toBe('content-type must be application/json, got "text/plain"');
  });

  it('answers 413 for a body over the limit before looking at anything else', () => {
    const big = 'x'.repeat(MAX_JSON_BODY_BYTES + 1);

    const error = caughtHttpError(() => parseJsonBody(buildHttpApiEvent({ method: 'POST', body: big, headers: { 'content-type': 'text/plain' } }), schema));

    expect(error.status).toBe(413);
    expect(error.message).toContain(`limit is ${MAX_JSON_BODY_BYTES} bytes`);
  });

  it('answers 400 for malformed JSON and for an empty body', () => {
    const headers = { 'content-type': 'application/json' };

    expect(caughtHttpError(() => parseJsonBody(buildHttpApiEvent({ method: 'POST', body: '{"text":', headers }), schema)).status).toBe(400);
    expect(caughtHttpError(() => parseJsonBody(buildHttpApiEvent({ method: 'POST', headers }), schema)).message).toContain('empty');
  });

  it('answers 400 for a body nested deeper than the limit, before the schema runs', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);

    const error = caughtHttpError(() => parseJsonBody(buildHttpApiEvent({ method: 'POST', body: `{"text":${deep}}`, headers: { 'content-type': 'application/json' } }), schema));

    expect(error.status).toBe(400);
    expect(error.message).toContain(`the limit is ${MAX_JSON_DEPTH}`);
  });

  it('answers 422 for text with a lone surrogate rather than storing it mangled', () => {
    const error = caughtHttpError(() => parseJsonBody(buildHttpApiEvent({ method: 'POST', body: '{"text":"a\\ud800"}', headers: { 'content-type': 'application/json' } }), schema));

    expect(error.status).toBe(422);
    expect(error.errors).toEqual([{ path: 'text', message: expect.stringContaining('well-formed Unicode') }]);
  });

  it('answers 422 listing each invalid field', () => {
    const error = caughtHttpError(() => parseJsonBody(buildHttpApiEvent({ method: 'POST', body: { text: 5, other: 1 } }), schema));

    expect(error.status).toBe(422);
    expect(error.errors).toEqual([
      { path: 'text', message: expect.stringContaining('expected string') },
      { path: '(body)', message: expect.stringContaining('other') },
    ]);
  });
});

describe('parseQuery', () => {
  it('answers 400 naming the bad parameter', () => {
    const error = caughtHttpError(() => parseQuery({ limit: 'ten' }, z.object({ limit: z.coerce.number().check(z.int()) })));

    expect(error.status).toBe(400);
    expect(error.errors?.[0]?.path).toBe('limit');
  });
});
