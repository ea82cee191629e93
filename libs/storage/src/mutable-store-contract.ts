import type { MutableStore } from './mutable-store';
import { ItemTooLargeError, MAX_ITEM_BYTES } from './store';
import type { ContractItem } from './store-contract';

const item = (id: string, second: number, text = `item ${id} 架构`): ContractItem => ({
  id,
  at: `2026-11-25T10:00:${String(second).padStart(2, '0')}.000Z`,
  payload: { text },
});

/**
 * What `MutableStore` adds to the `Store` contract (which its adapters run as well): optimistic
 * replace and delete. Each adapter's spec runs it, so adapters cannot drift apart.
 */
export function describeMutableStoreContract(adapter: string, makeStore: () => Promise<MutableStore<ContractItem>>): void {
  describe(`MutableStore contract: ${adapter}`, () => {
    let store: MutableStore<ContractItem>;
    beforeEach(async () => {
      store = await makeStore();
    });

    it('replaces an item that is unchanged since it was read', async () => {
      const current = (await store.putIfAbsent(item('a', 1))).item;

      const replaced = await store.replace(current, item('a', 1, 'renamed'));

      expect(replaced).toBe(true);
      expect(await store.get('a')).toEqual(item('a', 1, 'renamed'));
    });

    it('refuses to replace an item that changed since it was read, keeping the newer one', async () => {
      const read = (await store.putIfAbsent(item('a', 1))).item;
      await store.replace(read, item('a', 1, 'newer'));

      const replaced = await store.replace(read, item('a', 1, 'stale'));

      expect(replaced).toBe(false);
      expect(await store.get('a')).toEqual(item('a', 1, 'newer'));
    });

    it('refuses to replace an item that is gone', async () => {
      const read = (await store.putIfAbsent(item('a', 1))).item;
      await store.delete(read);

      expect(await store.replace(read, item('a', 1, 'back'))).toBe(false);
      expect(await store.get('a')).toBeUndefined();
    });

    it('lets exactly one of concurrent replacers of an item win', async () => {
      const read = (await store.putIfAbsent(item('race', 1))).item;

      const results = await Promise.all(Array.from({ length: 10 }, (_, n) => store.replace(read, item('race', 1, `w${n}`))));

      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.get('race')).toEqual(item('race', 1, `w${results.indexOf(true)}`));
    });

    it('moves a replaced item in the list when its sort key changes', async () => {
      for (const [id, second] of [['a', 1], ['b', 2], ['c', 3]] as const) await store.putIfAbsent(item(id, second));

      await store.replace(item('a', 1), item('a', 9));

      expect((await store.list({ limit: 10 })).items.map((stored) => stored.id)).toEqual(['a', 'c', 'b']);
    });

    it('moves a replaced item from one group’s list to another’s', async () => {
      const read = (await store.putIfAbsent({ ...item('a', 1), group: 'g1' })).item;

      await store.replace(read, { ...item('a', 2), group: 'g2' });

      expect((await store.listGroup('g1', { limit: 5 })).items).toEqual([]);
      expect((await store.listGroup('g2', { limit: 5 })).items).toEqual([{ ...item('a', 2), group: 'g2' }]);
    });

    it('deletes an item from its group’s list', async () => {
      for (const id of ['a', 'b']) await store.putIfAbsent({ ...item(id, 1), group: 'g1' });

      await store.delete({ ...item('a', 1), group: 'g1' });

      expect((await store.listGroup('g1', { limit: 5 })).items.map((stored) => stored.id)).toEqual(['b']);
    });

    it('refuses a replacement over 400 KB with ItemTooLargeError, keeping the item', async () => {
      const read = (await store.putIfAbsent(item('a', 1))).item;

      await expect(store.replace(read, item('a', 1, 'x'.repeat(MAX_ITEM_BYTES)))).rejects.toBeInstanceOf(ItemTooLargeError);
      expect(await store.get('a')).toEqual(read);
    });

    it('refuses a replacement under another key', async () => {
      const read = (await store.putIfAbsent(item('a', 1))).item;

      await expect(store.replace(read, item('b', 1))).rejects.toBeInstanceOf(RangeError);
      expect(await store.get('a')).toEqual(read);
      expect(await store.get('b')).toBeUndefined();
    });

    it('deletes an item that is unchanged since it was read, from reads and from lists', async () => {
      for (const [id, second] of [['a', 1], ['b', 2], ['c', 3]] as const) await store.putIfAbsent(item(id, second));

      const deleted = await store.delete(item('b', 2));

      expect(deleted).toBe(true);
      expect(await store.get('b')).toBeUndefined();
      const first = await store.list({ limit: 1 });
      const rest = await store.list({ limit: 5, cursor: first.nextCursor ?? undefined });
      expect([...first.items, ...rest.items].map((stored) => stored.id)).toEqual(['c', 'a']);
    });

    it('refuses to delete an item that changed since it was read', async () => {
      const read = (await store.putIfAbsent(item('a', 1))).item;
      await store.replace(read, item('a', 1, 'newer'));

      expect(await store.delete(read)).toBe(false);
      expect(await store.get('a')).toEqual(item('a', 1, 'newer'));
    });

    it('answers false for deleting an item that is gone', async () => {
      const read = (await store.putIfAbsent(item('a', 1))).item;
      await store.delete(read);

      expect(await store.delete(read)).toBe(false);
    });

    it('lets a deleted key be created again', async () => {
      const read = (await store.putIfAbsent(item('a', 1))).item;
      await store.delete(read);

      expect(await store.putIfAbsent(item('a', 2))).toEqual({ created: true, item: item('a', 2) });
    });
  });
}
