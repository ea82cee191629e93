import { decodeCursor, encodeCursor, type CursorPosition } from './cursor';
import type { MutableStore } from './mutable-store';
import type { PutIfAbsentResult, StoreKeys, StorePage } from './store';
import { itemOf, revisionOf, toStoredRow, type StoredRow } from './stored-item';

interface Entry extends CursorPosition {
  row: StoredRow;
}

/**
 * An in-memory `Store` (and `MutableStore`) for unit tests and single-process local runs; data
 * ends with the process. It keeps each item as the DynamoDB adapter does (a JSON string, with the
 * same size and key limits), so what passes against it passes against DynamoDB.
 *
 * @example
 * const store = createMemoryStore<CallbackRecord>({ keyOf: (r) => r.id, sortKeyOf: (r) => r.receivedAt });
 */
export function createMemoryStore<T>(keys: StoreKeys<T>): MutableStore<T> {
  const byKey = new Map<string, Entry>();
  // Kept sorted newest first (sort key, then key, descending) so a page is one slice.
  const ordered: Entry[] = [];

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

  const insert = (item: T, row: StoredRow): Entry => {
    const entry = { sortKey: keys.sortKeyOf(item), key: row.pk, row };
    byKey.set(entry.key, entry);
    ordered.splice(indexAfter(entry), 0, entry);
    return entry;
  };

  const remove = (entry: Entry) => {
    byKey.delete(entry.key);
    ordered.splice(indexAfter(entry) - 1, 1);
  };

  /** The stored entry when it still equals what the caller read. */
  const unchanged = (current: T): Entry | undefined => {
    const entry = byKey.get(keys.keyOf(current));
    return entry && entry.row.rev === revisionOf(current) ? entry : undefined;
  };

  return {
    async putIfAbsent(item): Promise<PutIfAbsentResult<T>> {
      const row = toStoredRow(keys, item);
      const existing = byKey.get(row.pk);
      if (existing !== undefined) return { created: false, item: itemOf(existing.row) };
      return { created: true, item: itemOf(insert(item, row).row) };
    },

    async get(key) {
      const entry = byKey.get(key);
      return entry === undefined ? undefined : itemOf(entry.row);
    },

    async list({ limit, cursor }): Promise<StorePage<T>> {
      const start = cursor === undefined ? 0 : indexAfter(decodeCursor(cursor));
      const slice = ordered.slice(start, start + limit);
      const last = slice.at(-1);
      const hasMore = start + limit < ordered.length;
      return {
        items: slice.map((entry) => itemOf(entry.row)),
        nextCursor: hasMore && last ? encodeCursor(last) : null,
      };
    },

    async replace(current, next) {
      const key = keys.keyOf(current);
      if (keys.keyOf(next) !== key) throw new RangeError(`replace() keeps an item's key; got "${key}" and "${keys.keyOf(next)}"`);
      const row = toStoredRow(keys, next);
      const entry = unchanged(current);
      if (!entry) return false;
      remove(entry);
      insert(next, row);
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
