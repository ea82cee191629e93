import { caughtHttpError } from './caught-http-error';
import { checkJsonDocument, MAX_JSON_DEPTH } from './json-document';

const nested = (depth: number) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown;

describe('checkJsonDocument', () => {
  it(`accepts arrays and objects nested ${MAX_JSON_DEPTH} levels deep`, () => {
    expect(() => checkJsonDocument(nested(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => checkJsonDocument({ a: { b: [1, 'two', null, true] } })).not.toThrow();
  });

  it('answers 400 naming the limit for a document nested one level deeper', () => {
    const error = caughtHttpError(() => checkJsonDocument(nested(MAX_JSON_DEPTH + 1)));

    expect(error.status).toBe(400);
    expect(error.message).toContain(`the limit is ${MAX_JSON_DEPTH}`);
  });

  it('answers 400 without overflowing the stack for a document nested a million levels deep', () => {
    const error = caughtHttpError(() => checkJsonDocument(nested(1_000_000)));

    expect(error.status).toBe(400);
  });

  it('answers 400 naming the rule for a "__proto__" key, which objects cannot hold as data', () => {
    const error = caughtHttpError(() => checkJsonDocument(JSON.parse('{"data":{"__proto__":{"admin":true}}}')));

    expect(error.status).toBe(400);
    expect(error.message).toContain('"__proto__" is not allowed as a key');
    expect(error.errors).toEqual([{ path: 'data.__proto__', message: '"__proto__" is not allowed as a key' }]);
  });

  it('accepts "constructor" and "prototype" keys, which objects hold as data', () => {
    expect(() => checkJsonDocument(JSON.parse('{"constructor":1,"prototype":{"toString":2}}'))).not.toThrow();
  });

  it('accepts surrogate pairs in keys and strings', () => {
    expect(() => checkJsonDocument({ '架构😀': ['架构😀', 'a😀b'] })).not.toThrow();
  });

  it('answers 422 naming the path for a string with a lone surrogate', () => {
    const error = caughtHttpError(() => checkJsonDocument(JSON.parse('{"items":["ok","\\ud800"]}')));

    expect(error.status).toBe(422);
    expect(error.errors).toEqual([{ path: 'items.1', message: 'a string must be well-formed Unicode (no lone surrogates)' }]);
  });

  it('answers 422 for a key with a lone surrogate', () => {
    const error = caughtHttpError(() => checkJsonDocument(JSON.parse('{"\\udc00":1}')));

    expect(error.status).toBe(422);
    expect(error.message).toContain('a key must be well-formed Unicode');
  });
});
