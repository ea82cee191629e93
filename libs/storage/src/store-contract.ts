import { InvalidCursorError, type Store, type StoreKeys } from './store';

export interface ContractItem {
  id: string;
  at: string;
  payload: { text: string };
}

export const contractKeys: StoreKeys<ContractItem> = { keyOf: (item) => item.id, sortKeyOf: (item) => item.at };

const item = (id: string, second: number): ContractItem => ({
  id,
  at: `2026-11-25T10:00:${String(second).padStart(2, '0')}.000Z`,
  payload: { text: `item ${id} 架构` },
});

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
  });
}
