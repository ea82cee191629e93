import { createHash } from 'node:crypto';
import { ItemTooLargeError, MAX_ITEM_BYTES, MAX_KEY_BYTES, MAX_SORT_KEY_BYTES, type StoreKeys } from './store';

/**
 * An item as every store keeps it, in the DynamoDB table's layout: its key, its position in the
 * newest-first list (`sortKey#key`), its group when it has one (absent otherwise, so the group
 * index is sparse), a revision, and the item itself as a JSON string.
 *
 * Why a JSON string and not a DynamoDB map: a map refuses numbers beyond 38 digits or 1e±125 (and
 * lib-dynamodb any integer beyond Number.MAX_SAFE_INTEGER), nesting beyond 32 levels, empty sets
 * and lone surrogates, so event data a client may send (`1e20`, `1e-200`, deep arrays) made every
 * write fail. A string keeps any JSON value exactly as JSON.stringify wrote it; reading it back
 * with JSON.parse gives the precision every JavaScript consumer of that JSON gets. Nothing queries
 * inside items, so nothing is lost. It also makes the revision and the size checks one string each.
 */
export interface StoredRow {
  pk: string;
  gsi1pk: string;
  gsi1sk: string;
  gsi2pk?: string;
  rev: string;
  doc: string;
}

/** The one list partition per table: lists are small (one service's records); a sharded key is the next step at scale. */
export const LIST_PARTITION_VALUE = 'all';

/**
 * Whether a key could be stored: not empty, at most 2048 bytes of well-formed UTF-8 (DynamoDB's
 * partition key limit). A lone surrogate has no UTF-8 form, so DynamoDB cannot carry it.
 */
export function isStorableKey(key: string): boolean {
  return key !== '' && Buffer.byteLength(key, 'utf8') <= MAX_KEY_BYTES && key.isWellFormed();
}

/** Whether a list position (`sortKey#key`) could be stored: at most 1024 bytes (DynamoDB's sort key limit). */
export function isStorableListPosition(listSortKey: string): boolean {
  return Buffer.byteLength(listSortKey, 'utf8') <= MAX_SORT_KEY_BYTES && listSortKey.isWellFormed();
}

/**
 * JSON with object keys sorted, since DynamoDB maps (and items read back) need not keep the order
 * items were written in; prototypes do not count (structuredClone's objects come from another realm under jest).
 */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    nested !== null && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : nested,
  );
}

/** The item's revision: a hash of its canonical JSON, so "unchanged since read" is one comparison. */
export function revisionOf(item: unknown): string {
  return createHash('sha256').update(canonicalJson(item)).digest('base64url');
}

/** An item's size as DynamoDB counts it: the UTF-8 bytes of every attribute name and string value. */
function rowBytes(row: StoredRow): number {
  return Object.entries(row).reduce((total, [name, value]: [string, string]) => total + Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value, 'utf8'), 0);
}

/**
 * The row an item is stored as, once it is known to fit: a key or list position no store can hold
 * is the caller's bug (RangeError); an item over 400 KB is refused with `ItemTooLargeError`.
 */
export function toStoredRow<T>(keys: StoreKeys<T>, item: T): StoredRow {
  const key = keys.keyOf(item);
  const listSortKey = `${keys.sortKeyOf(item)}#${key}`;
  if (!isStorableKey(key)) throw new RangeError(`key "${key.slice(0, 64)}…" cannot be stored: keys are 1 to ${MAX_KEY_BYTES} bytes of well-formed Unicode`);
  if (!isStorableListPosition(listSortKey)) {
    throw new RangeError(`sort key and key of "${key.slice(0, 64)}" cannot be stored: together they are at most ${MAX_SORT_KEY_BYTES - 1} bytes`);
  }
  const group = keys.groupOf?.(item);
  if (group !== undefined && !isStorableKey(group)) {
    throw new RangeError(`group "${group.slice(0, 64)}" of "${key.slice(0, 64)}" cannot be stored: groups are 1 to ${MAX_KEY_BYTES} bytes of well-formed Unicode`);
  }
  const row: StoredRow = {
    pk: key,
    gsi1pk: LIST_PARTITION_VALUE,
    gsi1sk: listSortKey,
    ...(group === undefined ? {} : { gsi2pk: group }),
    rev: revisionOf(item),
    doc: JSON.stringify(item),
  };
  const bytes = rowBytes(row);
  if (bytes > MAX_ITEM_BYTES) throw new ItemTooLargeError(bytes);
  return row;
}

/**
 * The list position just above every item whose sort key is `upTo`: `sortKey#key` positions sort
 * below it exactly when the sort key is at most `upTo` (for sort keys of one width), since `$` follows `#`.
 */
export function positionAbove(upTo: string): string {
  return `${upTo}$`;
}

/** The item a row holds. */
export function itemOf<T>(row: Pick<StoredRow, 'doc'>): T {
  return JSON.parse(row.doc) as T;
}
