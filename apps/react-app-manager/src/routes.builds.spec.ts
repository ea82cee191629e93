import type { SiteBundler } from './site-bundler';
import { realBundler, transports } from './test-setup';

/** Holds every build until released, and says when the first one has started. */
function holdingBundler() {
  const held: Array<() => void> = [];
  let started: () => void = () => undefined;
  const firstStarted = new Promise<void>((resolve) => {
    started = resolve;
  });
  const bundler: SiteBundler = {
    async bundle(input) {
      started();
      await new Promise<void>((release) => held.push(release));
      return realBundler.bundle(input);
    },
  };
  return { bundler, firstStarted, release: () => held.splice(0).forEach((release) => release()) };
}

describe.each(transports)('react-app-manager builds through the %s', (_transport, start) => {
  it('answers 503 with Retry-After as problem+json when every build slot is taken and no wait is allowed', async () => {
    const holding = holdingBundler();
    const { client, apps } = start({ bundler: holding.bundler, config: { BUILD_CONCURRENCY: 1, BUILD_QUEUE_LIMIT: 0, BUILD_TIME_LIMIT_MS: 4_000 } });
    const building = client({ method: 'POST', path: '/api/apps', body: { name: 'building' } });
    await holding.firstStarted;

    const refused = await client({ method: 'POST', path: '/api/apps', body: { name: 'refused' } });

    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('4');
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(refused.json).toMatchObject({ type: 'urn:problem-type:service-unavailable', status: 503, title: 'Service Unavailable' });
    expect(await apps.get('refused')).toBeUndefined();
    holding.release();
    expect((await building).status).toBe(201);
  });
});
