import { resolve } from 'node:path';
import fc from 'fast-check';
import { E2E_WEBHOOK_SECRET } from '@sm/testing';
import { Webhook } from 'standardwebhooks';
import { describeRequest } from './fuzz/contract';
import { percentEncode } from './fuzz/hostile';
import { FuzzStack, type Exchange } from './fuzz/fuzz-stack';
import { canonicalJson, nestingDepth } from './fuzz/json-text';
import type { RawRequest } from './fuzz/raw-request';
import {
  anyRequest,
  byIdRequest,
  createAppRequest,
  integrationRequest,
  listRequest,
  signedDelivery,
  sitePath,
  textCallbackRequest,
  updateAppBody,
  type SignedDelivery,
} from './fuzz/requests';

// Hostile input over every public route of every app, through the local gateway, against the real
// embedded engines. FUZZ_SEED replays a run; FUZZ_RUNS sets the runs per route family.
const workspaceRoot = resolve(__dirname, '../../..');
const seed = Number(process.env.FUZZ_SEED ?? 20_261_202);
const runs = Number(process.env.FUZZ_RUNS ?? 200);
/** Creating or updating an app runs esbuild and four requests (about 0.3 s a case): a quarter of the runs. */
const buildRuns = Math.max(1, Math.round(runs / 4));
/**
 * Each property runs cases for this long at most, shrinking included; later cases pass without
 * sending anything (and are counted apart), so a property that finds a crash to shrink still ends
 * (a passing run sends every case: see fuzz()). Passing, all nine take well under a minute here.
 * fast-check's own interruptAfterTimeLimit would abandon the case in flight, which then goes on
 * sending requests during the next property.
 */
const PROPERTY_TIME_LIMIT_MS = 60_000;
const PROPERTY_TEST_TIMEOUT_MS = 180_000;

const signer = new Webhook(E2E_WEBHOOK_SECRET);
const wrongSigner = new Webhook(`whsec_${Buffer.from('not-the-secret-of-this-stack').toString('base64')}`);

let stack: FuzzStack;

beforeAll(async () => {
  stack = await FuzzStack.start(workspaceRoot);
}, 60_000);

afterEach(() => {
  expect(stack.exitStatus()).toBeUndefined();
});

afterAll(async () => {
  await stack?.stop();
  if (!stack) return;
  const counts = [...stack.counts].map(
    ([family, count]) =>
      `  ${family.padEnd(18)} ${String(count.cases).padStart(5)} cases ${String(count.requests).padStart(6)} requests${count.overTime > 0 ? `, ${count.overTime} cases past the time limit not run` : ''}`,
  );
  const findings = [...stack.findings.values()].map(
    (finding, index) =>
      `#${index + 1} [${finding.family}] ${finding.failure} (seen ${finding.seen}x)\n  request:  ${finding.request}\n  response: ${finding.response}${finding.log ? `\n  stack log: ${finding.log}` : ''}`,
  );
  console.log(
    [
      `fuzz seed ${seed}, ${runs} runs per family (${buildRuns} for app builds); cases include shrinking:`,
      ...counts,
      `${stack.crashes.length} restarts of the stack after it crashed or stopped answering${stack.crashes.length > 0 ? `, first after: ${stack.crashes[0]}` : ''}`,
      `${findings.length} distinct failures:`,
      ...findings,
    ].join('\n'),
  );
}, 30_000);

/** Runs one property with the suite's seed; fast-check's message names the seed, the path and the counterexample. */
async function fuzz<T>(family: string, arbitrary: fc.Arbitrary<T>, check: (input: T) => Promise<void>, numRuns = runs): Promise<void> {
  const deadline = Date.now() + PROPERTY_TIME_LIMIT_MS;
  const property = fc.asyncProperty(arbitrary, async (input) => {
    if (Date.now() > deadline) return stack.countCase(family, 'over-time');
    stack.countCase(family);
    await check(input);
  });
  await fc.assert(property, { seed, numRuns });
  // The time limit is there to bound the shrinking of a failure; a run that found none must have
  // sent every case, or the same seed would prove less on a slower machine.
  const skipped = stack.counts.get(family)?.overTime ?? 0;
  if (skipped > 0) throw new Error(`${family}: ${skipped} of ${numRuns} cases were not sent within ${PROPERTY_TIME_LIMIT_MS} ms; raise the limit or lower FUZZ_RUNS`);
}

function parseBody(body: Buffer | undefined): unknown {
  try {
    return JSON.parse((body ?? Buffer.alloc(0)).toString('utf8'));
  } catch {
    return undefined;
  }
}

const fieldsOf = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {});
const clip = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);
/** Deeper than this, comparing by canonical JSON would overflow the test's own stack. */
const comparable = (request: RawRequest) => nestingDepth((request.body ?? Buffer.alloc(0)).toString('utf8')) < 1_000;
const get = (target: string): RawRequest => ({ method: 'GET', target, headers: {} });

/** Reads `target` and fails the case unless it answers 200 with `expected`. */
async function expectReadBack(family: string, target: string, expected: unknown, after: Exchange): Promise<Record<string, unknown>> {
  const read = await stack.send(family, get(target));
  const found = parseBody(read.response.body);
  const same = read.response.status === 200 && canonicalJson(found) === canonicalJson(expected);
  stack.expect(family, same, `a read-back differs from what was stored: GET ${clip(target)} after ${describeRequest(after.request).slice(0, 200)}, expected ${clip(canonicalJson(expected))}`, read);
  return fieldsOf(found);
}

/** Every file sent must be in the app's source under its normalised path, byte for byte. */
async function expectSourceHolds(family: string, name: string, files: unknown, after: Exchange): Promise<void> {
  const read = await stack.send(family, get(`/api/apps/${name}/source`));
  const source = fieldsOf(fieldsOf(parseBody(read.response.body)).files);
  for (const [raw, content] of Object.entries(fieldsOf(files))) {
    const path = raw.split('/').filter((segment) => segment !== '' && segment !== '.').join('/');
    const kept = Object.hasOwn(source, path) && source[path] === content;
    stack.expect(family, kept, `an accepted file is not in the app's source as sent: ${JSON.stringify(clip(raw))} of ${describeRequest(after.request).slice(0, 200)}`, read);
  }
}

const decodeHtml = (html: string) =>
  html
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&(quot|apos|lt|gt|amp);/g, (_, name: string) => ({ quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' })[name] ?? '');

/** The app's site is served and its page's `<title>` is the app's title, exactly. */
async function expectSiteTitle(family: string, name: string, title: unknown, after: Exchange): Promise<void> {
  const site = await stack.send(family, get(`/${name}/`), { api: 'sites' });
  stack.expect(family, site.response.status === 200, `an accepted app has no site: ${describeRequest(after.request).slice(0, 200)}`, site);
  const shown = /<title>([\s\S]*?)<\/title>/.exec(site.response.body.toString('utf8'))?.[1];
  stack.expect(family, shown !== undefined && decodeHtml(shown) === title, `the site's <title> is not the app's title: ${JSON.stringify(title)}`, site);
}

function signedRequest(delivery: SignedDelivery): RawRequest {
  const payload = delivery.body.toString('utf8');
  const now = Math.floor(Date.now() / 1000);
  const sign = (webhook: Webhook, at: number) => ({ 'webhook-timestamp': String(at), 'webhook-signature': webhook.sign(delivery.webhookId, new Date(at * 1000), payload) });
  const { signing } = delivery;
  const headers: Record<string, string> = { 'webhook-id': delivery.webhookId, ...sign(signer, now) };
  if (signing.kind === 'valid') Object.assign(headers, sign(signer, now + signing.skewSeconds));
  if (signing.kind === 'garbage') Object.assign(headers, { 'webhook-timestamp': signing.timestamp, 'webhook-signature': signing.signature });
  if (signing.kind === 'wrong-secret') Object.assign(headers, sign(wrongSigner, now));
  if (signing.kind === 'extra-signatures') headers['webhook-signature'] = `${headers['webhook-signature']} ${signing.extra}`;
  if (signing.kind === 'missing') delete headers[signing.header];
  if (delivery.contentType !== undefined) headers['content-type'] = delivery.contentType;
  return { method: 'POST', target: '/api/callback', headers, body: delivery.body };
}

describe('fuzz: nothing a client sends gets a 5xx, a malformed error or a crash', () => {
  it('answers any method on any path, with any query, headers and body, within the contract', async () => {
    await fuzz('any-route', anyRequest, async (request) => {
      await stack.send('any-route', request);
    });
  }, PROPERTY_TEST_TIMEOUT_MS);

  it('stores a plain callback it accepts exactly as sent and refuses the rest with a 4xx', async () => {
    await fuzz('callback-text', textCallbackRequest, async (request) => {
      const answer = await stack.send('callback-text', request);
      if (answer.response.status !== 201) return;
      const record = fieldsOf(parseBody(answer.response.body));
      const sent = fieldsOf(parseBody(request.body));
      stack.expect('callback-text', record.text === sent.text, 'the 201 does not hold the text sent', answer);
      await expectReadBack('callback-text', `/api/callbacks/${percentEncode(String(record.id))}`, record, answer);
    });
  }, PROPERTY_TEST_TIMEOUT_MS);

  it('stores a signed delivery it accepts exactly as sent and refuses the rest with a 4xx', async () => {
    await fuzz('callback-signed', signedDelivery, async (delivery) => {
      const request = signedRequest(delivery);
      const answer = await stack.send('callback-signed', request);
      if (answer.response.status !== 201) return;
      const record = fieldsOf(parseBody(answer.response.body));
      const sent = fieldsOf(parseBody(request.body));
      const expected = { id: sent.id, type: sent.type, time: sent.time, source: sent.source, data: sent.data };
      if (comparable(request)) {
        stack.expect('callback-signed', canonicalJson(record.event) === canonicalJson(expected), 'the 201 does not hold the event sent', answer);
      }
      await expectReadBack('callback-signed', `/api/callbacks/${percentEncode(String(record.id))}`, record, answer);
    });
  }, PROPERTY_TEST_TIMEOUT_MS);

  it('delivers an event it accepts, keeps its report and the delivered data, and refuses the rest with a 4xx', async () => {
    const seenEventIds = new Set<string>();
    await fuzz('integration', integrationRequest, async (request) => {
      const answer = await stack.send('integration', request);
      if (answer.response.status !== 200) return;
      const report = fieldsOf(parseBody(answer.response.body));
      const eventId = String(report.eventId);
      const deliveries = Array.isArray(report.deliveries) ? report.deliveries.map(fieldsOf) : [];
      stack.expect('integration', deliveries.every((delivery) => delivery.status === 'delivered'), 'a 200 with a failed delivery', answer);
      await expectReadBack('integration', `/api/integration/${percentEncode(eventId)}`, report, answer);
      const firstTime = !seenEventIds.has(eventId);
      seenEventIds.add(eventId);
      const delivered = fieldsOf(deliveries[0]?.response);
      if (!firstTime || delivered.id === undefined || !comparable(request)) return;
      const sent = fieldsOf(parseBody(request.body));
      const data = 'text' in sent ? { text: sent.text } : sent.data;
      const stored = await expectReadBack('integration', `/api/callbacks/${percentEncode(String(delivered.id))}`, delivered, answer);
      stack.expect('integration', canonicalJson(fieldsOf(stored.event).data) === canonicalJson(data), 'the delivered callback does not hold the data sent', answer);
    });
  }, PROPERTY_TEST_TIMEOUT_MS);

  it('creates an app it accepts with every file sent, serves it, and refuses the rest with a 4xx', async () => {
    await fuzz(
      'app-create',
      createAppRequest,
      async (request) => {
        const answer = await stack.send('app-create', request);
        if (answer.response.status !== 201) return;
        const app = fieldsOf(parseBody(answer.response.body));
        const sent = fieldsOf(parseBody(request.body));
        const title = typeof sent.title === 'string' ? sent.title.trim() : sent.name;
        stack.expect('app-create', app.name === sent.name && app.title === title, 'the 201 does not hold the name and title sent', answer);
        await expectReadBack('app-create', `/api/apps/${String(app.name)}`, app, answer);
        await expectSiteTitle('app-create', String(app.name), title, answer);
        await expectSourceHolds('app-create', String(app.name), sent.files, answer);
      },
      buildRuns,
    );
  }, PROPERTY_TEST_TIMEOUT_MS);

  it('updates an app with what it accepts, keeps serving it, and refuses the rest with a 4xx', async () => {
    await fuzz(
      'app-update',
      updateAppBody,
      async ({ body, contentType }) => {
        const name = await stack.siteAppName();
        const headers: Record<string, string> = contentType === undefined ? {} : { 'content-type': contentType };
        const answer = await stack.send('app-update', { method: 'PUT', target: `/api/apps/${name}`, headers, body });
        if (answer.response.status !== 200) return;
        const app = fieldsOf(parseBody(answer.response.body));
        const sent = fieldsOf(parseBody(body));
        await expectReadBack('app-update', `/api/apps/${name}`, app, answer);
        // The app carries earlier cases' updates, so only a title this case sent is checked (a shrunk case stays its own cause).
        if (typeof sent.title === 'string') {
          stack.expect('app-update', app.title === sent.title.trim(), 'the 200 does not hold the title sent', answer);
          await expectSiteTitle('app-update', name, sent.title.trim(), answer);
        } else {
          const site = await stack.send('app-update', get(`/${name}/`), { api: 'sites' });
          stack.expect('app-update', site.response.status === 200, 'an updated app has no site', site);
        }
        await expectSourceHolds('app-update', name, sent.files, answer);
      },
      buildRuns,
    );
  }, PROPERTY_TEST_TIMEOUT_MS);

  it('serves site paths, however hostile, as a file, a 304 or a 404', async () => {
    await fuzz('site', sitePath, async (draw) => {
      const name = draw.useFixture ? await stack.siteAppName() : draw.name;
      const headers: Record<string, string> = draw.ifNoneMatch === undefined ? {} : { 'if-none-match': draw.ifNoneMatch };
      const answer = await stack.send('site', { method: draw.method, target: `/${name}/${draw.path}`, headers }, { api: 'sites' });
      if (answer.response.status === 200) stack.expect('site', answer.response.headers['content-type'] !== undefined, 'a site file without a content type', answer);
    });
  }, PROPERTY_TEST_TIMEOUT_MS);

  it('pages lists with any limit and any cursor, forged or followed, within the contract', async () => {
    await fuzz('lists', listRequest, async (request) => {
      const answer = await stack.send('lists', request);
      if (answer.response.status !== 200) return;
      const page = fieldsOf(parseBody(answer.response.body));
      const shaped = Array.isArray(page.items) && (page.nextCursor === null || typeof page.nextCursor === 'string');
      stack.expect('lists', shaped, 'a 200 that is not a page', answer);
      if (typeof page.nextCursor !== 'string') return;
      const next = await stack.send('lists', get(`${request.target.split('?')[0]}?cursor=${percentEncode(page.nextCursor)}`));
      stack.expect('lists', next.response.status === 200, 'the nextCursor of a page is refused', next);
    });
  }, PROPERTY_TEST_TIMEOUT_MS);

  it('answers reads, updates and deletes of any id or name within the contract', async () => {
    await fuzz('by-id', byIdRequest, async (request) => {
      await stack.send('by-id', request);
    });
  }, PROPERTY_TEST_TIMEOUT_MS);
});
