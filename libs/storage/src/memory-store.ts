import { decodeCursor, encodeCursor } from './cursor';
import type { PutIfAbsentResult, Store, StoreKeys, StorePage } from './store';

/**
 * An in-memory `Store` for unit tests and single-process local runs; data ends with the process.
 *
 * @example
 * const store = createMemoryStore<CallbackRecord>({ keyOf: (r) => r.id, sortKeyOf: (r) => r.receivedAt });
 */
export function createMemoryStore<T>(keys: StoreKeys<T>): Store<T> {
  const byKey = new Map<string, T>();
  // Kept sorted newest first (sort key, then key, descending) so a page is one slice.
  const ordered: Array<{ sortKey: string; key: string; item: T }> = [];

  const isBefore = (a: { sortKey: string; key: string }, b: { sortKey: string; key: string }) =>
    a.sortKey > b.sortKey || (a.sortKey === b.sortKey && a.key > b.key);

  const indexAfter = (position: { sortKey: string; key: string }) => {
    let low = 0;
    let high = ordered.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const entry = ordered[mid];
      if (entry && (isBefore(entry, position) || (entry.sortKey === position.sortKey && entry.key === position.key))) {
        low = mid + 1;
      } else high = mid;
    }
    return low;
  };

  return {
    async putIfAbsent(item): Promise<PutIfAbsentResult<T>> {
      const key = keys.keyOf(item);
      const existing = byKey.get(key);
      if (existing !== undefined) return { created: false, item: structuredClone(existing) };
      const stored = structuredClone(item);
      byKey.set(key, stored);
      const entry = { sortKey: keys.sortKeyOf(item), key, item: stored };
      ordered.splice(indexAfter(entry), 0, entry);
      return { created: true, item: structuredClone(stored) };
    },

    async get(key) {
      const item = byKey.get(key);
      return item === undefined ? undefined : structuredClone(item);
    },

    async list({ limit, cursor }): Promise<StorePage<T>> {
      const start = cursor === undefined ? 0 : indexAfter(decodeCursor(cursor));
      const slice = ordered.slice(start, start + limit);
      const last = slice.at(-1);
      const hasMore = start + limit < ordered.length;
      return {
        items: slice.map((entry) => structuredClone(entry.item)),
        nextCursor: hasMore && last ? encodeCursor(last) : null,
      };
    },
  };
}
