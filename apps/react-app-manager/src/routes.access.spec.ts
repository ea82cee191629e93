import type { App, Page } from '@sm/events';
import type { TestCaller, TestResponse } from '@sm/testing';
import type { AppRecord } from './app-record';
import { alice, bob, transports } from './test-setup';

const APP_ROUTES = [
  ['GET', '/api/apps', 'apps:read'],
  ['POST', '/api/apps', 'apps:write'],
  ['GET', '/api/apps/owned', 'apps:read'],
  ['PUT', '/api/apps/owned', 'apps:write'],
  ['DELETE', '/api/apps/owned', 'apps:write'],
  ['GET', '/api/apps/owned/source', 'apps:read'],
] as const;

const bodyFor = (method: string) => (method === 'POST' ? { body: { name: 'fresh' } } : method === 'PUT' ? { body: { title: 'Taken over' } } : {});

/** What a client can tell apart in an answer: its status, its type and its body. */
const seen = (response: TestResponse) => ({ status: response.status, type: response.headers['content-type'], body: response.text });

describe.each(transports)('who may call react-app-manager through the %s', (_transport, start, refusal) => {
  describe.each(APP_ROUTES)('%s %s', (method, path, scope) => {
    it('answers 401 without a token, and changes nothing', async () => {
      const { client, apps } = start();
      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'owned', template: 'blank' } });

      const response = await client({ method, path, ...bodyFor(method) });

      expect(response).toMatchObject(refusal(401));
      expect((await apps.list({ limit: 5 })).items.map((app) => app.name)).toEqual(['owned']);
    });

    it(`answers 403 to a token without ${scope}, and changes nothing`, async () => {
      const { client, apps } = start();
      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'owned', template: 'blank' } });
      const otherScope: TestCaller = { sub: 'alice', scopes: [scope === 'apps:read' ? 'apps:write' : 'apps:read', 'callbacks:read'] };
      const before = await apps.get('owned');

      const response = await client({ as: otherScope, method, path, ...bodyFor(method) });

      expect(response).toMatchObject(refusal(403));
      expect(await apps.get('owned')).toEqual(before);
      expect(await apps.get('fresh')).toBeUndefined();
    });
  });

  describe('apps belong to the user who created them', () => {
    it('answers another user 404 on GET, PUT, DELETE and /source, exactly as when the app does not exist', async () => {
      const { client } = start();
      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'alices', template: 'blank' } });
      const asBob = async () =>
        Promise.all([
          client({ as: bob, method: 'GET', path: '/api/apps/alices' }),
          client({ as: bob, method: 'GET', path: '/api/apps/alices/source' }),
          client({ as: bob, method: 'PUT', path: '/api/apps/alices', body: { title: 'Mine now' } }),
          client({ as: bob, method: 'DELETE', path: '/api/apps/alices' }),
        ]);

      const whileAlicesExists = await asBob();
      const alicesApp = await client({ as: alice, method: 'GET', path: '/api/apps/alices' });
      await client({ as: alice, method: 'DELETE', path: '/api/apps/alices' });
      const onceMissing = await asBob();

      expect(whileAlicesExists.map((response) => response.status)).toEqual([404, 404, 404, 404]);
      expect(whileAlicesExists.map(seen)).toEqual(onceMissing.map(seen));
      expect(alicesApp.json).toMatchObject({ name: 'alices', title: 'alices' });
    });

    it('lists each user’s apps only, page by page', async () => {
      let clock = Date.parse('2026-11-25T10:00:00.000Z');
      const { client } = start({ now: () => new Date((clock += 1000)) });
      for (const [caller, name] of [[alice, 'a-first'], [bob, 'b-only'], [alice, 'a-second'], [alice, 'a-third']] as const) {
        await client({ as: caller, method: 'POST', path: '/api/apps', body: { name, template: 'blank' } });
      }

      const first = (await client({ as: alice, method: 'GET', path: '/api/apps?limit=2' })).json as Page<App>;
      const rest = (await client({ as: alice, method: 'GET', path: `/api/apps?limit=2&cursor=${first.nextCursor ?? ''}` })).json as Page<App>;
      const bobs = (await client({ as: bob, method: 'GET', path: '/api/apps' })).json as Page<App>;
      const carols = await client({ as: { sub: 'carol', scopes: ['apps:read'] }, method: 'GET', path: '/api/apps' });

      expect([...first.items, ...rest.items].map((app) => app.name)).toEqual(['a-third', 'a-second', 'a-first']);
      expect(rest.nextCursor).toBeNull();
      expect(bobs).toEqual({ items: [expect.objectContaining({ name: 'b-only' })], nextCursor: null });
      expect(carols.json).toEqual({ items: [], nextCursor: null });
    });

    it('answers 400 to a cursor of another user’s list', async () => {
      const { client } = start();
      for (const name of ['a-one', 'a-two']) await client({ as: alice, method: 'POST', path: '/api/apps', body: { name, template: 'blank' } });
      const { nextCursor } = (await client({ as: alice, method: 'GET', path: '/api/apps?limit=1' })).json as Page<App>;

      const response = await client({ as: bob, method: 'GET', path: `/api/apps?limit=1&cursor=${nextCursor ?? ''}` });

      expect(response.status).toBe(400);
    });

    it('answers 409 to another user creating a name anyone holds, without naming the owner', async () => {
      const { client } = start();
      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'popular', template: 'blank' } });

      const response = await client({ as: bob, method: 'POST', path: '/api/apps', body: { name: 'popular', template: 'blank' } });

      expect(response.status).toBe(409);
      expect(response.text).not.toContain('alice');
      expect((await client({ as: alice, method: 'GET', path: '/api/apps/popular' })).status).toBe(200);
    });

    it('keeps the owner out of every answer', async () => {
      const { client } = start();

      const created = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'private', template: 'blank' } });
      const updated = await client({ as: alice, method: 'PUT', path: '/api/apps/private', body: { title: 'Still private' } });
      const listed = await client({ as: alice, method: 'GET', path: '/api/apps' });

      for (const response of [created, updated, listed]) expect(response.text).not.toContain('alice');
    });

    it('answers 404 to everyone for an app stored before apps had owners, and lists it to no one', async () => {
      const { client, apps } = start();
      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'ownerless', template: 'blank' } });
      const stored = await apps.get('ownerless');
      if (stored === undefined) throw new Error('the app was not stored');
      const legacy: AppRecord = { ...stored };
      delete legacy.owner;
      await apps.delete(stored);
      await apps.putIfAbsent(legacy);

      const get = await client({ as: alice, method: 'GET', path: '/api/apps/ownerless' });
      const list = await client({ as: alice, method: 'GET', path: '/api/apps' });
      const taken = await client({ as: bob, method: 'POST', path: '/api/apps', body: { name: 'ownerless', template: 'blank' } });

      expect(get.status).toBe(404);
      expect(list.json).toEqual({ items: [], nextCursor: null });
      expect(taken.status).toBe(409);
    });
  });
});
