import fc from 'fast-check';
import { JsonLiteral, JsonObject, nestedJson, toJsonText, type JsonTree } from './json-text';

/** 1 MiB: the services' JSON body limit. Bodies around it, and a little past it, come up now and then. */
const MIB = 1024 * 1024;

const loneSurrogates = ['\ud800', '\udbff', '\udc00', '\udfff', 'a\ud83db', '\ude00z', '😀\ud83d'];

/** Strings a client may send: any code point (lone surrogates included), names that mean something to JavaScript, long ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
  { arbitrary: fc.constantFrom(...loneSurrogates), weight: 2 },
  {
    arbitrary: fc.constantFrom('', ' ', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '\0', '\u202e', '架构', 'ü', '../../etc/passwd', '${x}', '<script>'),
    weight: 2,
  },
  { arbitrary: fc.constantFrom(127, 128, 129, 1024, 2048, 2049, 10_000, 10_001).map((length) => 'x'.repeat(length)), weight: 1 },
);

/** Numbers past what JavaScript or DynamoDB represent exactly, written as literals. */
export const hostileNumber: fc.Arbitrary<JsonTree> = fc.oneof(
  fc.constantFrom('1e20', '9007199254740993', '1e-200', '-0', '1e308', '5e-324', '-1e400', '123456789012345678901234567890', '0.1', '1E+2', '-9007199254740992').map(
    (text) => new JsonLiteral(text),
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => new JsonLiteral(JSON.stringify(value))),
  fc.integer().map((value) => new JsonLiteral(String(value))),
);

/** Keys of objects: ordinary, prototype-polluting, empty, long, lone surrogates. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 10 }), weight: 3 },
  { arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', '', 'a.b', '$', '\ud800'), weight: 2 },
  { arbitrary: hostileString, weight: 1 },
);

/** Any JSON value, a few levels deep, with hostile strings, numbers and keys. */
export const hostileJson: fc.Arbitrary<JsonTree> = fc.letrec<{ value: JsonTree }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    hostileString,
    hostileNumber,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 4 }).map((entries) => new JsonObject(entries)),
  ),
})).value;

/** Nesting from DynamoDB's 32 levels to far past any recursive parser's stack. */
export const deepJson: fc.Arbitrary<JsonTree> = fc
  .tuple(fc.constantFrom(31, 33, 1_000, 10_000, 100_000), fc.constantFrom('array' as const, 'object' as const))
  .map(([depth, shape]) => nestedJson(depth, shape));

/** A string of `bytes` UTF-8 bytes, for bodies near the services' limits and DynamoDB's 400 KB item. */
export const bigString: fc.Arbitrary<string> = fc
  .constantFrom(300 * 1024, 399 * 1024, 500 * 1024, MIB - 64, MIB + 1, Math.round(1.1 * MIB))
  .map((bytes) => 'b'.repeat(bytes));

/** A JSON value that is now and then deep or big. */
export const anyJson: fc.Arbitrary<JsonTree> = fc.oneof(
  { arbitrary: hostileJson, weight: 12 },
  { arbitrary: deepJson, weight: 1 },
  { arbitrary: bigString, weight: 1 },
);

/** An object with the given entries plus, one time in five, hostile extras (which strict schemas refuse, so not more often). */
export function objectWith(entries: ReadonlyArray<fc.Arbitrary<readonly [string, JsonTree] | undefined>>): fc.Arbitrary<JsonObject> {
  return fc
    .tuple(fc.tuple(...entries), fc.array(fc.tuple(hostileKey, hostileJson), { maxLength: 2 }), fc.nat(4).map((draw) => draw === 0))
    .map(([given, extras, withExtras]) => {
      const present = given.filter((entry): entry is readonly [string, JsonTree] => entry !== undefined);
      return new JsonObject(withExtras ? [...present, ...extras] : present);
    });
}

/** Bodies that are not the JSON a route wants: garbage bytes, truncated or BOM-prefixed JSON, other formats. */
export const nonJsonBody: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom('', '{', '{"text":', '\ufeff{"text":"bom"}', 'text=hi', 'null', '"text"', '[]', '{"text":"a"}{"text":"b"}', "{'text':'single'}", 'NaN', '{"text":"\\ud800"}').map(
    (text) => Buffer.from(text),
  ),
  hostileJson.map((tree) => Buffer.from(toJsonText(tree))),
);

/** Content types a client may claim, most of them not JSON. */
export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8'), weight: 8 },
  {
    arbitrary: fc.constantFrom(
      undefined,
      '',
      'APPLICATION/JSON',
      'application/vnd.api+json',
      'application/problem+json',
      'application/json; charset=latin1',
      'text/plain',
      'text/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json, text/plain',
      ';;;',
      'application/',
    ),
    weight: 2,
  },
);

/**
 * One path segment as sent on the request line: traversal, empty, long, unicode and lone surrogates
 * percent-encoded (`%ED%A0%80` is a surrogate in UTF-8, which UTF-8 forbids), malformed escapes.
 */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).map(percentEncode), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }).map(percentEncode), weight: 1 },
  { arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{1,10}[a-z0-9]$/), weight: 2 },
  {
    arbitrary: fc.constantFrom('', '.', '..', '%2e%2e', '%2E', '%2F', '..%2F..%2F', '%00', '%', '%zz', '%ED%A0%80', '%ED%BF%BF', '%C0%AF', '%uD800', ';', '~', '@', '%5C', '%0A', '%20'),
    weight: 3,
  },
  { arbitrary: fc.constantFrom(255, 256, 300, 1024, 2048, 2049, 5000).map((length) => 'x'.repeat(length)), weight: 1 },
  { arbitrary: fc.constantFrom(100, 300).map((length) => encodeURIComponent('é'.repeat(length))), weight: 1 },
);

/** Latin-1 header values without line breaks: what node lets a client put in a header. */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 60 }),
  fc.string({ unit: fc.integer({ min: 0x80, max: 0xff }).map((code) => String.fromCharCode(code)), maxLength: 10 }),
  fc.constantFrom('', ' ', 'x'.repeat(2048), '\t'),
);

/** UTF-8 of one code point; a lone surrogate gets the 3 bytes UTF-8 forbids (`ED A0 80`), as a sloppy encoder sends it. */
function utf8Bytes(codePoint: number): number[] {
  if (codePoint < 0x80) return [codePoint];
  if (codePoint < 0x800) return [0xc0 | (codePoint >> 6), 0x80 | (codePoint & 0x3f)];
  if (codePoint < 0x10000) return [0xe0 | (codePoint >> 12), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f)];
  return [0xf0 | (codePoint >> 18), 0x80 | ((codePoint >> 12) & 0x3f), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f)];
}

/**
 * Like encodeURIComponent, which throws on a lone surrogate; this one encodes it as a client that
 * does not check would.
 *
 * @example
 * percentEncode('a\ud800'); // 'a%ED%A0%80'
 */
export function percentEncode(text: string): string {
  let encoded = '';
  for (const char of text) {
    encoded += /^[A-Za-z0-9\-_.!~*'()]$/.test(char)
      ? char
      : utf8Bytes(char.codePointAt(0) ?? 0)
          .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
          .join('');
  }
  return encoded;
}

/** Encodes a query value the way a client might: escaped, or raw where the request line allows it. */
export const queryValue = (value: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(value, fc.boolean()).map(([text, escaped]) => (escaped || /[^\x21-\x7e]/.test(text) ? percentEncode(text) : text));
