import { InvalidCursorError, ItemTooLargeError, MAX_ITEM_BYTES, type Store, type StoreKeys } from './store';

export interface ContractItem {
  id: string;
  at: string;
  payload: { text: string; data?: unknown };
  group?: string;
}

export const contractKeys: StoreKeys<ContractItem> = { keyOf: (item) => item.id, sortKeyOf: (item) => item.at, groupOf: (item) => item.group };

const item = (id: string, second: number): ContractItem => ({
  id,
  at: `2026-11-25T10:00:${String(second).padStart(2, '0')}.000Z`,
  payload: { text: `item ${id} 架构` },
});

/**
 * A cursor with its longest string (the list position, `sortKey#key` or the sort key, whatever the
 * adapter's format) changed: what a client that forges one sends.
 */
function forged(cursor: string | null, change: (part: string) => string): string {
  const text = Buffer.from(cursor ?? '', 'base64url').toString('utf8');
  const strings = [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((match) => JSON.parse(match[0]) as string);
  const longest = strings.reduce((a, b) => (b.length > a.length ? b : a), '');
  return Buffer.from(text.replace(JSON.stringify(longest), JSON.stringify(change(longest)))).toString('base64url');
}

/**
 * The behaviour every adapter of `Store` must have; each adapter's spec runs it, so adapters cannot drift apart.
 */
export function describeStoreContract(adapter: string, makeStore: () => Promise<Store<ContractItem>>): void {
  describe(`Store contract: ${adapter}`, () => {
    let store: Store<ContractItem>;
    beforeEach(async () => {
      store = await makeStore();
    });

    it('returns what was stored, unchanged', async () => {
      await store.putIfAbsent(item('a', 1));

      expect(await store.get('a')).toEqual(item('a', 1));
      expect(await store.get('missing')).toBeUndefined();
    });

    it('returns any JSON value unchanged: numbers beyond DynamoDB’s range, deep nesting, empty strings and collections', async () => {
      const deep = '['.repeat(60) + '"bottom"' + ']'.repeat(60);
      const data: unknown = JSON.parse(`{"big":1e20,"unsafe":9007199254740993,"tiny":1e-200,"negative":-1.5e300,"deep":${deep},"empty":"","list":[],"map":{},"nothing":null}`);
      const stored = { ...item('json', 1), payload: { text: 'x', data } };

      await store.putIfAbsent(stored);

      expect(await store.get('json')).toEqual(stored);
      expect((await store.list({ limit: 1 })).items).toEqual([stored]);
    });

    it('answers undefined for a key no item can have: empty, or over 2048 bytes', async () => {
      expect(await store.get('')).toBeUndefined();
      expect(await store.get('k'.repeat(2049))).toBeUndefined();
      expect(await store.get('架'.repeat(683))).toBeUndefined();
    });

    it('refuses an item over 400 KB with ItemTooLargeError naming the limit, storing nothing', async () => {
      const large = { ...item('large', 1), payload: { text: 'x'.repeat(MAX_ITEM_BYTES) } };

      const refused = store.putIfAbsent(large);

      await expect(refused).rejects.toBeInstanceOf(ItemTooLargeError);
      await expect(refused).rejects.toMatchObject({ status: 413, expose: true, message: expect.stringContaining('400 KB') });
      expect(await store.get('large')).toBeUndefined();
    });

    it('stores an item just under 400 KB', async () => {
      const large = { ...item('large', 1), payload: { text: 'x'.repeat(MAX_ITEM_BYTES - 500) } };

      await store.putIfAbsent(large);

      expect(await store.get('large')).toEqual(large);
    });

    it('refuses to store an item whose key no store can hold', async () => {
      await expect(store.putIfAbsent(item('k'.repeat(2049), 1))).rejects.toBeInstanceOf(RangeError);
      await expect(store.putIfAbsent(item('k'.repeat(1010), 1))).rejects.toBeInstanceOf(RangeError);
    });

    it('keeps the first item when a key is written twice', async () => {
      const first = await store.putIfAbsent(item('a', 1));
      const second = await store.putIfAbsent({ ...item('a', 2), payload: { text: 'other' } });

      expect(first).toEqual({ created: true, item: item('a', 1) });
      expect(second).toEqual({ created: false, item: item('a', 1) });
      expect(await store.get('a')).toEqual(item('a', 1));
    });

    it('lets exactly one of concurrent writers of a key win', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, n) => store.putIfAbsent({ ...item('race', 1), payload: { text: `w${n}` } })),
      );

      expect(results.filter((result) => result.created)).toHaveLength(1);
      const winner = results.find((result) => result.created)?.item;
      for (const result of results) expect(result.item).toEqual(winner);
    });

    it('does not let callers change stored items through returned objects', async () => {
      const { item: returned } = await store.putIfAbsent(item('a', 1));
      returned.payload.text = 'mutated';

      expect((await store.get('a'))?.payload.text).toBe('item a 架构');
    });

    it('lists newest first, page by page, without gaps or repeats', async () => {
      for (const [id, second] of [['a', 3], ['b', 1], ['c', 5], ['d', 2], ['e', 4]] as const) {
        await store.putIfAbsent(item(id, second));
      }

      const first = await store.list({ limit: 2 });
      const second = await store.list({ limit: 2, cursor: first.nextCursor ?? undefined });
      const third = await store.list({ limit: 2, cursor: second.nextCursor ?? undefined });

      expect([...first.items, ...second.items, ...third.items].map((i) => i.id)).toEqual(['c', 'e', 'a', 'd', 'b']);
      expect(third.nextCursor).toBeNull();
    });

    it('orders items with the same sort key by key and pages through them', async () => {
      for (const id of ['x', 'z', 'y']) await store.putIfAbsent(item(id, 1));

      const first = await store.list({ limit: 2 });
      const rest = await store.list({ limit: 2, cursor: first.nextCursor ?? undefined });

      expect([...first.items, ...rest.items].map((i) => i.id)).toEqual(['z', 'y', 'x']);
    });

    it('answers an empty page with no cursor when there is nothing', async () => {
      expect(await store.list({ limit: 10 })).toEqual({ items: [], nextCursor: null });
    });

    it('rejects a garbled or forged cursor with InvalidCursorError', async () => {
      await store.putIfAbsent(item('a', 1));

      await expect(store.list({ limit: 1, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(
        store.list({ limit: 1, cursor: Buffer.from('{"evil":true}').toString('base64url') }),
      ).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it('rejects with InvalidCursorError a forged cursor whose position is longer than any key can be', async () => {
      for (const id of ['a', 'b']) await store.putIfAbsent(item(id, 1));
      const { nextCursor } = await store.list({ limit: 1 });

      await expect(store.list({ limit: 1, cursor: forged(nextCursor, (part) => part + 'x'.repeat(1100)) })).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it('lists a group’s items only, newest first, page by page, without gaps or repeats', async () => {
      for (const [id, second, group] of [['a', 3, 'g1'], ['b', 1, 'g2'], ['c', 5, 'g1'], ['d', 2, 'g1'], ['e', 4, 'g2'], ['f', 6, undefined]] as const) {
        await store.putIfAbsent({ ...item(id, second), ...(group === undefined ? {} : { group }) });
      }

      const first = await store.listGroup('g1', { limit: 2 });
      const rest = await store.listGroup('g1', { limit: 2, cursor: first.nextCursor ?? undefined });

      expect([...first.items, ...rest.items].map((i) => i.id)).toEqual(['c', 'a', 'd']);
      expect(first.items[0]).toEqual({ ...item('c', 5), group: 'g1' });
      expect(rest.nextCursor).toBeNull();
      expect((await store.listGroup('g2', { limit: 5 })).items.map((i) => i.id)).toEqual(['e', 'b']);
    });

    it('lists an item without a group in the whole list but in no group’s', async () => {
      await store.putIfAbsent(item('loner', 1));

      expect((await store.list({ limit: 5 })).items.map((i) => i.id)).toEqual(['loner']);
      expect(await store.listGroup('loner', { limit: 5 })).toEqual({ items: [], nextCursor: null });
    });

    it('answers an empty page for a group no item can have: empty, or over 2048 bytes', async () => {
      await store.putIfAbsent({ ...item('a', 1), group: 'g1' });

      expect(await store.listGroup('', { limit: 5 })).toEqual({ items: [], nextCursor: null });
      expect(await store.listGroup('g'.repeat(2049), { limit: 5 })).toEqual({ items: [], nextCursor: null });
    });

    it('refuses to store an item whose group no store can hold', async () => {
      await expect(store.putIfAbsent({ ...item('a', 1), group: '' })).rejects.toBeInstanceOf(RangeError);
      await expect(store.putIfAbsent({ ...item('b', 1), group: 'g'.repeat(2049) })).rejects.toBeInstanceOf(RangeError);
      expect(await store.list({ limit: 5 })).toEqual({ items: [], nextCursor: null });
    });

    it('rejects with InvalidCursorError a cursor of another group’s list, or of the whole list', async () => {
      for (const id of ['a', 'b']) await store.putIfAbsent({ ...item(id, 1), group: 'g1' });
      for (const id of ['c', 'd']) await store.putIfAbsent({ ...item(id, 1), group: 'g2' });
      const ofG1 = (await store.listGroup('g1', { limit: 1 })).nextCursor ?? '';
      const ofAll = (await store.list({ limit: 1 })).nextCursor ?? '';

      await expect(store.listGroup('g2', { limit: 1, cursor: ofG1 })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(store.listGroup('g2', { limit: 1, cursor: ofAll })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(store.list({ limit: 1, cursor: ofG1 })).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it('lists a group’s items whose sort key is at most a bound, oldest first, up to a limit', async () => {
      for (const [id, second, group] of [['a', 3, 'due'], ['b', 1, 'due'], ['c', 5, 'due'], ['d', 2, 'other'], ['e', 4, 'due'], ['f', 0, undefined]] as const) {
        await store.putIfAbsent({ ...item(id, second), ...(group === undefined ? {} : { group }) });
      }
      const bound = item('', 4).at;

      expect((await store.listGroupUpTo('due', bound, 10)).map((i) => i.id)).toEqual(['b', 'a', 'e']);
      expect((await store.listGroupUpTo('due', bound, 2)).map((i) => i.id)).toEqual(['b', 'a']);
      expect(await store.listGroupUpTo('due', item('', 0).at, 10)).toEqual([]);
      expect(await store.listGroupUpTo('nobody', bound, 10)).toEqual([]);
      expect(await store.listGroupUpTo('', bound, 10)).toEqual([]);
    });

    it('rejects with InvalidCursorError a forged cursor holding a lone surrogate', async () => {
      for (const id of ['a', 'b']) await store.putIfAbsent(item(id, 1));
      const { nextCursor } = await store.list({ limit: 1 });

      await expect(store.list({ limit: 1, cursor: forged(nextCursor, (part) => `${part}\ud800`) })).rejects.toBeInstanceOf(InvalidCursorError);
    });
  });
}
