import fc from 'fast-check';
import { publisher, testConfig, transports } from './test-setup';

const queryKey = fc.oneof(fc.constantFrom('status', 'limit', 'cursor', '__proto__', 'constructor'), fc.string({ unit: 'binary', maxLength: 8 }));
const queryValue = fc.oneof(
  fc.constantFrom('failed', 'delivered', '0', '-1', '101', '1e3', '20', 'eyJwayI6ImEifQ', 'WyJ4IiwieSJd', ''),
  fc.string({ unit: 'binary', maxLength: 64 }),
);
/** Well-formed only: encodeURIComponent throws on a lone surrogate, which the local gateway's own suites send raw. */
const encoded = (text: string) => encodeURIComponent(text.isWellFormed() ? text : text.toWellFormed());

describe.each(transports)('integration-service under hostile input through the %s', (_transport, start) => {
  // fast-check's failure message names the seed and the counterexample to replay.
  it('never answers a 5xx to arbitrary queries of the dead-letter list, and answers problem+json to any it refuses', async () => {
    const { client } = start(testConfig([]));
    const query = fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }).map((pairs) => pairs.map(([key, value]) => `${encoded(key)}=${encoded(value)}`).join('&'));

    await fc.assert(
      fc.asyncProperty(query, async (search) => {
        const response = await client({ method: 'GET', path: `/api/integration?${search}`, as: publisher });
        expect(response.status).toBeLessThan(500);
        if (response.status !== 200) expect(response.headers['content-type']).toBe('application/problem+json');
      }),
      { numRuns: 150 },
    );
  });

  it('never answers a 5xx to replays of arbitrary event ids', async () => {
    const { client } = start(testConfig([{ url: 'http://127.0.0.1:9/closed', types: ['*'] }]));
    await client({ method: 'POST', path: '/api/integration', as: publisher, body: { type: 'known', data: {}, id: 'evt_known' } });
    const eventId = fc.oneof(fc.constantFrom('evt_known', 'evt_unknown', '.', '..', 'a'.repeat(3000)), fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }));

    await fc.assert(
      fc.asyncProperty(eventId, async (id) => {
        const response = await client({ method: 'POST', path: `/api/integration/${encoded(id)}/replay`, as: publisher });
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });
});
