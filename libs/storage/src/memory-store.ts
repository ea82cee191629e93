import { decodeCursor, encodeCursor, type CursorPosition } from './cursor';
import type { MutableStore } from './mutable-store';
import type { PutIfAbsentResult, StoreKeys, StorePage } from './store';

interface Entry<T> extends CursorPosition {
  item: T;
}

/**
 * An in-memory `Store` (and `MutableStore`) for unit tests and single-process local runs; data
 * ends with the process.
 *
 * @example
 * const store = createMemoryStore<CallbackRecord>({ keyOf: (r) => r.id, sortKeyOf: (r) => r.receivedAt });
 */
export function createMemoryStore<T>(keys: StoreKeys<T>): MutableStore<T> {
  const byKey = new Map<string, Entry<T>>();
  // Kept sorted newest first (sort key, then key, descending) so a page is one slice.
  const ordered: Array<Entry<T>> = [];

  const isBefore = (a: CursorPosition, b: CursorPosition) => a.sortKey > b.sortKey || (a.sortKey === b.sortKey && a.key > b.key);

  const indexAfter = (position: CursorPosition) => {
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

  const insert = (item: T): Entry<T> => {
    const entry = { sortKey: keys.sortKeyOf(item), key: keys.keyOf(item), item: structuredClone(item) };
    byKey.set(entry.key, entry);
    ordered.splice(indexAfter(entry), 0, entry);
    return entry;
  };

  const remove = (entry: Entry<T>) => {
    byKey.delete(entry.key);
    ordered.splice(indexAfter(entry) - 1, 1);
  };

  /** The stored entry when it still equals what the caller read. */
  const unchanged = (current: T): Entry<T> | undefined => {
    const entry = byKey.get(keys.keyOf(current));
    return entry && canonicalJson(entry.item) === canonicalJson(current) ? entry : undefined;
  };

  return {
    async putIfAbsent(item): Promise<PutIfAbsentResult<T>> {
      const existing = byKey.get(keys.keyOf(item));
      if (existing !== undefined) return { created: false, item: structuredClone(existing.item) };
      return { created: true, item: structuredClone(insert(item).item) };
    },

    async get(key) {
      const entry = byKey.get(key);
      return entry === undefined ? undefined : structuredClone(entry.item);
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

    async replace(current, next) {
      const key = keys.keyOf(current);
      if (keys.keyOf(next) !== key) throw new RangeError(`replace() keeps an item's key; got "${key}" and "${keys.keyOf(next)}"`);
      const entry = unchanged(current);
      if (!entry) return false;
      remove(entry);
      insert(next);
      return true;
    },

    async delete(current) {
      const entry = unchanged(current);
      if (!entry) return false;
      remove(entry);
      return true;
    },
  };
}

/**
 * Items are JSON documents (what DynamoDB stores), so "equal" means equal as JSON, whatever the
 * key order; prototypes do not count (structuredClone's objects come from another realm under jest).
 */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    nested !== null && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : nested,
  );
}
