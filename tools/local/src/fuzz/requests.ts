import fc from 'fast-check';
import { printable } from './contract';
import { JsonObject, toJsonText, type JsonTree } from './json-text';
import { anyJson, bigString, contentType, headerValue, hostileJson, hostileKey, hostileSegment, hostileString, nonJsonBody, objectWith, percentEncode, queryValue } from './hostile';
import { withinRequestQuota, type RawRequest } from './raw-request';

const entry = (key: string, value: fc.Arbitrary<JsonTree>) => value.map((tree) => [key, tree] as const);
/** The entry now and then left out, so missing fields are fuzzed too. */
const sometimes = (key: string, value: fc.Arbitrary<JsonTree>) => fc.option(entry(key, value), { freq: 8, nil: undefined });
const optional = (key: string, value: fc.Arbitrary<JsonTree>) => fc.option(entry(key, value), { freq: 2, nil: undefined });

function withHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter((header): header is [string, string] => header[1] !== undefined));
}

/** A JSON body (or, now and then, not JSON at all) with a content type that may or may not say JSON. */
function jsonRequest(method: string, target: fc.Arbitrary<string>, body: fc.Arbitrary<JsonTree>): fc.Arbitrary<RawRequest> {
  return fc
    .record({
      target,
      body: fc.oneof({ arbitrary: body.map((tree) => Buffer.from(toJsonText(tree))), weight: 9 }, { arbitrary: nonJsonBody, weight: 1 }),
      contentType,
    })
    .map(({ target: path, body: bytes, contentType: type }) => printable({ method, target: path, headers: withHeaders({ 'content-type': type }), body: bytes }));
}

const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'] as const;
const prefixes = [
  '/api/callback',
  '/api/callbacks',
  '/api/integration',
  '/api/apps',
  '/apps',
  '/health',
  '/callback-service',
  '/integration-service',
  '/react-app-manager',
  '/react-app-manager/apps',
  '/callback-service/api/callbacks',
  '/api',
  '',
  '/nowhere',
  '/local-auth',
  '/local-auth/token',
  '/local-auth/authorize',
] as const;

/** Tokens the JWT authorizer must refuse (and no token at all: the stack then sends the development token). */
const hostileAuthorization = fc.option(
  fc.oneof(
    headerValue,
    fc.constantFrom('Bearer', 'Bearer ', 'bearer a.b.c', 'Basic Zm9vOmJhcg==', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x'),
  ),
  { nil: undefined },
);

const queryString: fc.Arbitrary<string> = fc
  .array(fc.tuple(queryValue(hostileKey), queryValue(hostileString)), { maxLength: 3 })
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([key, value]) => `${key}=${value}`).join('&')}`));

/** Any method on any path under any app (or none), any query, hostile headers and any body. */
export const anyRequest: fc.Arbitrary<RawRequest> = fc
  .record({
    method: fc.constantFrom(...methods),
    prefix: fc.constantFrom(...prefixes),
    segments: fc.array(hostileSegment, { maxLength: 3 }),
    trailingSlash: fc.boolean(),
    query: queryString,
    contentType,
    correlationId: fc.option(headerValue, { nil: undefined }),
    ifNoneMatch: fc.option(headerValue, { nil: undefined }),
    authorization: hostileAuthorization,
    body: fc.option(fc.oneof(nonJsonBody, anyJson.map((tree) => Buffer.from(toJsonText(tree)))), { nil: undefined }),
  })
  .map((draw) => {
    const path = `${draw.prefix}${draw.segments.map((segment) => `/${segment}`).join('')}${draw.trailingSlash ? '/' : ''}`;
    const headers = withHeaders({ 'content-type': draw.contentType, 'x-correlation-id': draw.correlationId, 'if-none-match': draw.ifNoneMatch, authorization: draw.authorization });
    return printable({ method: draw.method, target: `${path.startsWith('/') ? path : `/${path}`}${draw.query}`, headers, body: draw.body });
 })
  .filter(withinRequestQuota);

const callbackText = fc.oneof(
  { arbitrary: hostileString, weight: 8 },
  { arbitrary: fc.constantFrom(10_000, 10_001).map((count) => '😀'.repeat(count)), weight: 1 },
  { arbitrary: bigString, weight: 1 },
  { arbitrary: hostileJson, weight: 1 },
);

/** `POST /api/callback` with a plain `{text}` body, hostile text and extras, or something else entirely. */
export const textCallbackRequest = jsonRequest(
  'POST',
  fc.constant('/api/callback'),
  fc.oneof({ arbitrary: objectWith([sometimes('text', callbackText)]), weight: 8 }, { arbitrary: anyJson, weight: 1 }),
);

const eventId: fc.Arbitrary<JsonTree> = fc.oneof(
  { arbitrary: fc.stringMatching(/^[\x21-\x7e]{1,24}$/), weight: 6 },
  { arbitrary: hostileString, weight: 2 },
  { arbitrary: fc.constantFrom(128, 129).map((length) => 'i'.repeat(length)), weight: 1 },
);
const eventType: fc.Arbitrary<JsonTree> = fc.oneof(
  { arbitrary: fc.constantFrom('order.paid', 'message', 'app.created', 'a', 'x-y_z.w'), weight: 6 },
  { arbitrary: hostileString, weight: 2 },
);

/** An event envelope as a signed delivery carries it: hostile fields, any data. */
export const envelope: fc.Arbitrary<JsonTree> = fc.oneof(
  {
    arbitrary: objectWith([
      sometimes('id', eventId),
      sometimes('type', eventType),
      sometimes('time', fc.oneof(fc.constant(new Date().toISOString()), fc.constantFrom('2026-01-01T00:00:00+01:00', 'yesterday', '2026-13-45T99:99:99Z', ''))),
      sometimes('source', fc.oneof(fc.constant('fuzz'), hostileString)),
      sometimes('data', anyJson),
    ]),
    weight: 9,
  },
  { arbitrary: anyJson, weight: 1 },
);

/** How a signed delivery's Standard Webhooks headers are made. */
export type Signing =
  | { kind: 'valid'; skewSeconds: number }
  | { kind: 'garbage'; signature: string; timestamp: string }
  | { kind: 'wrong-secret' }
  | { kind: 'extra-signatures'; extra: string }
  | { kind: 'missing'; header: 'webhook-id' | 'webhook-timestamp' | 'webhook-signature' };

export interface SignedDelivery {
  webhookId: string;
  body: Buffer;
  contentType: string | undefined;
  signing: Signing;
}

const signing: fc.Arbitrary<Signing> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'valid', skewSeconds: 0 } as const), weight: 10 },
  { arbitrary: fc.constantFrom(-301, -299, 299, 301, -1e9).map((skewSeconds) => ({ kind: 'valid', skewSeconds }) as const), weight: 1 },
  {
    arbitrary: fc
      .record({ signature: fc.oneof(headerValue, fc.base64String({ maxLength: 60 }).map((text) => `v1,${text}`)), timestamp: fc.oneof(headerValue, fc.constantFrom('0', '-1', '1e3', '99999999999999999999')) })
      .map((garbage) => ({ kind: 'garbage', ...garbage }) as const),
    weight: 2,
  },
  { arbitrary: fc.constant({ kind: 'wrong-secret' } as const), weight: 1 },
  { arbitrary: headerValue.map((extra) => ({ kind: 'extra-signatures', extra }) as const), weight: 1 },
  { arbitrary: fc.constantFrom('webhook-id', 'webhook-timestamp', 'webhook-signature').map((header) => ({ kind: 'missing', header }) as const), weight: 1 },
);

/** A Standard Webhooks delivery to `POST /api/callback`: mostly validly signed, so the signed body itself is fuzzed. */
export const signedDelivery: fc.Arbitrary<SignedDelivery> = fc
  .record({
    webhookId: fc.oneof({ arbitrary: fc.stringMatching(/^msg_[0-9a-f]{16}$/), weight: 8 }, { arbitrary: headerValue, weight: 1 }),
    body: fc.oneof({ arbitrary: envelope.map((tree) => Buffer.from(toJsonText(tree))), weight: 9 }, { arbitrary: nonJsonBody, weight: 1 }),
    contentType,
    signing,
  })
  .map((delivery) =>
    Object.assign(delivery, {
      [fc.toStringMethod]: () =>
        `${JSON.stringify(delivery.signing)} webhook-id ${JSON.stringify(delivery.webhookId.slice(0, 80))} content-type ${String(delivery.contentType)} body ${delivery.body.length} bytes ${JSON.stringify(delivery.body.toString('utf8').slice(0, 300))}`,
    }),
  );

const limit = fc.constantFrom('0', '1', '2', '20', '100', '101', '-1', '1e2', '1.5', 'abc', '', '%20', '0x10', 'Infinity', 'NaN', '99999999999999999999', '%00');
const base64url = (text: string) => Buffer.from(text).toString('base64url');
const cursorPart = fc.oneof(hostileString, fc.constantFrom(1_024, 1_025, 1_100, 1_400).map((length) => 'k'.repeat(length)));
/** The DynamoDB store's cursor is its LastEvaluatedKey as base64url JSON; the memory store's a [sortKey, key] pair. */
const cursor = fc.oneof(
  {
    arbitrary: fc
      .record({ pk: cursorPart, gsi1pk: fc.oneof(fc.constant('all'), hostileString), gsi1sk: cursorPart })
      .map((lastKey) => base64url(JSON.stringify(lastKey))),
    weight: 4,
  },
  { arbitrary: fc.tuple(cursorPart, cursorPart).map((position) => base64url(JSON.stringify(position))), weight: 1 },
  { arbitrary: hostileJson.map((tree) => base64url(toJsonText(tree))), weight: 2 },
  { arbitrary: fc.constantFrom(2_048, 2_049).map((length) => 'A'.repeat(length)), weight: 1 },
  { arbitrary: hostileString.map(percentEncode), weight: 1 },
);

/** `GET` of a list with forged cursors, odd limits, unknown and repeated parameters. */
export const listRequest: fc.Arbitrary<RawRequest> = fc
  .record({
    path: fc.constantFrom('/api/callbacks', '/api/apps'),
    params: fc.array(
      fc.oneof(
        { arbitrary: limit.map((value) => `limit=${value}`), weight: 3 },
        { arbitrary: cursor.map((value) => `cursor=${value}`), weight: 4 },
        { arbitrary: fc.tuple(queryValue(hostileKey), queryValue(hostileString)).map(([key, value]) => `${key}=${value}`), weight: 1 },
      ),
      { maxLength: 3 },
    ),
  })
  .map(({ path, params }) => printable({ method: 'GET', target: params.length === 0 ? path : `${path}?${params.join('&')}`, headers: {} }))
  .filter(withinRequestQuota);

const idRoutes: Array<{ method: string; prefix: string }> = [
  { method: 'GET', prefix: '/api/callbacks/' },
  { method: 'GET', prefix: '/api/integration/' },
  { method: 'GET', prefix: '/api/apps/' },
  { method: 'DELETE', prefix: '/api/apps/' },
  { method: 'PUT', prefix: '/api/apps/' },
];

/** Every route with an id or a name in its path, with hostile ids: long, unicode, lone surrogates, traversal, empty. */
export const byIdRequest: fc.Arbitrary<RawRequest> = fc
  .record({
    route: fc.constantFrom(...idRoutes),
    segments: fc.array(hostileSegment, { minLength: 1, maxLength: 2 }),
    source: fc.boolean(),
  })
  .map(({ route: { method, prefix }, segments, source }) => {
    const target = `${prefix}${segments.join('/')}${source && method === 'GET' && prefix === '/api/apps/' ? '/source' : ''}`;
    const body = method === 'PUT' ? Buffer.from('{"title":"renamed"}') : undefined;
    return printable({ method, target, headers: body ? { 'content-type': 'application/json' } : {}, body });
 })
  .filter(withinRequestQuota);

const integrationBody: fc.Arbitrary<JsonTree> = fc.oneof(
  { arbitrary: objectWith([sometimes('text', callbackText)]), weight: 3 },
  { arbitrary: objectWith([sometimes('type', eventType), sometimes('data', anyJson), optional('id', eventId)]), weight: 8 },
  { arbitrary: anyJson, weight: 1 },
);

/** `POST /api/integration`: text or an event, with hostile ids, types and data. */
export const integrationRequest = jsonRequest('POST', fc.constant('/api/integration'), integrationBody);

const appSource = `import { useState } from 'react';
export function App({ title }: { title: string }) {
  const [count, setCount] = useState(0);
  return <button onClick={() => setCount(count + 1)}>{title} {count}</button>;
}
`;
const fileContent = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      appSource,
      'export function App() { return <p>unclosed </div>; }',
      'import { readFileSync } from "node:fs"; export function App() { return <p>{String(readFileSync)}</p>; }',
      'import missing from "does-not-exist"; export function App() { return missing; }',
      'export function App() { return null }\nimport "./App";',
      'body { color: red }',
      '',
    ),
    weight: 4,
  },
  { arbitrary: hostileString, weight: 3 },
  { arbitrary: fc.constantFrom(256 * 1024, 256 * 1024 + 1).map((bytes) => `//${'c'.repeat(bytes - 2)}`), weight: 1 },
);
const filePath = fc.oneof(
  { arbitrary: fc.constantFrom('src/App.tsx', 'src/styles.css', 'public/robots.txt', 'src/lib/util.ts', 'public/data.json'), weight: 6 },
  {
    arbitrary: fc.constantFrom(
      '__proto__',
      'src/__proto__',
      'constructor',
      'src/constructor',
      'toString',
      '../x',
      'src/../../x',
      '/etc/passwd',
      'src\\App.tsx',
      'public/assets/x.js',
      './src//App.tsx',
      'src/a\0.ts',
      'C:/x',
      'src',
      'src/',
      `src/${'a'.repeat(196)}`,
      `src/${'a'.repeat(197)}`,
      `public/${'p'.repeat(300)}.txt`,
      'src/é.ts',
      'src/\ud800.ts',
      'src/a b.ts',
      '',
    ),
    weight: 2,
  },
  { arbitrary: hostileString.map((name) => `src/${name}`), weight: 1 },
);
/** Keys that name the prototype when assigned to an object, among ordinary files: each must be refused or kept, never dropped. */
const prototypeFile = fc.tuple(fc.constantFrom('__proto__', 'src/__proto__', 'constructor', 'public/__proto__'), fileContent);
const files: fc.Arbitrary<JsonTree> = fc.oneof(
  { arbitrary: fc.array(fc.tuple(filePath, fileContent), { maxLength: 4 }).map((entries) => new JsonObject(entries)), weight: 6 },
  {
    arbitrary: fc
      .tuple(fc.array(fc.tuple(fc.constantFrom('src/App.tsx', 'src/styles.css', 'public/robots.txt'), fileContent), { maxLength: 2 }), prototypeFile)
      .map(([entries, prototype]) => new JsonObject([...entries, prototype])),
    weight: 2,
  },
  { arbitrary: hostileJson, weight: 1 },
);
const template = fc.oneof(
  { arbitrary: fc.constantFrom('counter', 'todo', 'blank'), weight: 6 },
  { arbitrary: fc.constantFrom('../counter', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'COUNTER', 'counter/', '', 't'.repeat(41)), weight: 2 },
  { arbitrary: hostileString, weight: 1 },
);

/** `POST /api/apps`: names, templates, titles and files (paths, contents, `__proto__`) as a client may send them. */
export const createAppRequest = jsonRequest(
  'POST',
  fc.constant('/api/apps'),
  objectWith([
    sometimes('name', fc.oneof({ arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{6,20}[a-z0-9]$/), weight: 8 }, { arbitrary: hostileString, weight: 1 })),
    optional('template', template),
    optional('title', hostileString),
    optional('files', files),
  ]),
);

/** The body of `PUT /api/apps/{name}`: a title, files, both or neither. */
export const updateAppBody: fc.Arbitrary<{ body: Buffer; contentType: string | undefined }> = fc
  .record({
    body: fc.oneof(
      { arbitrary: objectWith([optional('title', hostileString), optional('files', files)]).map((tree) => Buffer.from(toJsonText(tree))), weight: 9 },
      { arbitrary: nonJsonBody, weight: 1 },
    ),
    contentType,
  })
  .map((draw) => Object.assign(draw, { [fc.toStringMethod]: () => `content-type ${String(draw.contentType)} body ${JSON.stringify(draw.body.toString('utf8').slice(0, 300))}` }));

/** A path under an app's site: real files, traversal, long and unicode segments, lone surrogates. */
export const sitePath: fc.Arbitrary<{ useFixture: boolean; name: string; path: string; method: 'GET' | 'HEAD'; ifNoneMatch: string | undefined }> = fc.record({
  useFixture: fc.oneof({ arbitrary: fc.constant(true), weight: 6 }, { arbitrary: fc.constant(false), weight: 1 }),
  name: hostileSegment,
  path: fc.oneof(
    { arbitrary: fc.constantFrom('', 'index.html', 'robots.txt', 'assets/', 'assets/x.js', 'index.html/', '%69ndex.html'), weight: 2 },
    { arbitrary: fc.array(hostileSegment, { minLength: 1, maxLength: 3 }).map((segments) => segments.join('/')), weight: 5 },
  ),
  method: fc.constantFrom('GET' as const, 'HEAD' as const),
  ifNoneMatch: fc.option(fc.oneof(headerValue, fc.constantFrom('*', 'W/"x"', '"a", W/"b"')), { nil: undefined }),
}).filter((draw) => withinRequestQuota({ method: draw.method, target: `/${draw.name}/${draw.path}`, headers: { 'if-none-match': draw.ifNoneMatch ?? '' } }));
