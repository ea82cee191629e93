import { decodeCursor, encodeCursor, type CursorPosition } from './cursor';
import type { MutableStore } from './mutable-store';
import type { PutIfAbsentResult, StoreKeys, StorePage, StoreQuery } from './store';
import { isStorableKey, itemOf, positionAbove, revisionOf, toStoredRow, type StoredRow } from './stored-item';

interface Entry extends CursorPosition {
  row: StoredRow;
}

const isBefore = (a: CursorPosition, b: CursorPosition) => a.sortKey > b.sortKey || (a.sortKey === b.sortKey && a.key > b.key);

/** Entries kept sorted newest first (sort key, then key, descending), so a page is one slice: what a GSI query reads. */
class NewestFirst {
  readonly entries: Entry[] = [];

  /** The index of the first entry after `position`. */
  indexAfter(position: CursorPosition): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const entry = this.entries[mid];
      if (entry && (isBefore(entry, position) || (entry.sortKey === position.sortKey && entry.key === position.key))) {
        low = mid + 1;
      } else high = mid;
    }
    return low;
  }

  insert(entry: Entry): void {
    this.entries.splice(this.indexAfter(entry), 0, entry);
  }

  remove(entry: Entry): void {
    this.entries.splice(this.indexAfter(entry) - 1, 1);
  }

  page<T>({ limit, cursor }: StoreQuery, group?: string): StorePage<T> {
    const start = cursor === undefined ? 0 : this.indexAfter(decodeCursor(cursor, group));
    const slice = this.entries.slice(start, start + limit);
    const last = slice.at(-1);
    const hasMore = start + limit < this.entries.length;
    return { items: slice.map((entry) => itemOf<T>(entry.row)), nextCursor: hasMore && last ? encodeCursor(last, group) : null };
  }
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
  const all = new NewestFirst();
  const groups = new Map<string, NewestFirst>();

  const insert = (item: T, row: StoredRow): Entry => {
    const entry = { sortKey: keys.sortKeyOf(item), key: row.pk, row };
    byKey.set(entry.key, entry);
    all.insert(entry);
    if (row.gsi2pk !== undefined) {
      const group = groups.get(row.gsi2pk) ?? new NewestFirst();
      groups.set(row.gsi2pk, group);
      group.insert(entry);
    }
    return entry;
  };

  const remove = (entry: Entry) => {
    byKey.delete(entry.key);
    all.remove(entry);
    const group = entry.row.gsi2pk === undefined ? undefined : groups.get(entry.row.gsi2pk);
    group?.remove(entry);
    if (group?.entries.length === 0 && entry.row.gsi2pk !== undefined) groups.delete(entry.row.gsi2pk);
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

    async list(query) {
      return all.page<T>(query);
    },

    async listGroup(group, query) {
      if (!isStorableKey(group)) return { items: [], nextCursor: null };
      return (groups.get(group) ?? new NewestFirst()).page<T>(query, group);
    },

    async listGroupUpTo(group, upTo, limit) {
      const bound = positionAbove(upTo);
      const entries = groups.get(group)?.entries ?? [];
      const due = entries.filter((entry) => entry.row.gsi1sk < bound).reverse();
      return due.slice(0, limit).map((entry) => itemOf<T>(entry.row));
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
