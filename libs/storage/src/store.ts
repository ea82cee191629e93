/** A page of items, newest first, with an opaque cursor to the next page or `null` at the end. */
export interface StorePage<T> {
  items: T[];
  nextCursor: string | null;
}

export type PutIfAbsentResult<T> = { created: true; item: T } | { created: false; item: T };

/**
 * A narrow async key-value port with conditional writes, shaped so that an in-memory map and
 * DynamoDB (`attribute_not_exists` puts, `Query` pages with `LastEvaluatedKey`) both implement it.
 *
 * @example
 * const result = await store.putIfAbsent(record);
 * if (!result.created) return result.item; // someone stored this key first
 */
export interface Store<T> {
  /** Stores the item unless its key exists; exactly one of concurrent writers of a key wins. */
  putIfAbsent(item: T): Promise<PutIfAbsentResult<T>>;
  get(key: string): Promise<T | undefined>;
  /** Newest first by the store's sort key; `cursor` comes from a previous page. */
  list(query: StoreQuery): Promise<StorePage<T>>;
  /**
   * The items of one group (`StoreKeys.groupOf`), newest first, as `list` pages them; an item
   * without a group is in no group's list. A cursor of another list is refused (InvalidCursorError).
   */
  listGroup(group: string, query: StoreQuery): Promise<StorePage<T>>;
  /**
   * Up to `limit` items of one group whose sort key is at most `upTo`, oldest first: with a due time
   * as the sort key, what is due by then, read from the group index without a scan. Sort keys compare
   * as strings, so they need one width (ISO 8601 UTC times have it).
   */
  listGroupUpTo(group: string, upTo: string, limit: number): Promise<T[]>;
}

/** A page to list: at most `limit` items, after the position `cursor` (from a previous page of the same list) names. */
export interface StoreQuery {
  limit: number;
  cursor?: string;
}

/**
 * How a store derives an item's unique key, its order in lists (higher sorts first) and,
 * optionally, the group it is also listed in (e.g. its owner; at most 2048 bytes, like a key).
 *
 * @example
 * const appKeys: StoreKeys<AppRecord> = { keyOf: (r) => r.name, sortKeyOf: (r) => r.createdAt, groupOf: (r) => r.owner };
 */
export interface StoreKeys<T> {
  keyOf(item: T): string;
  sortKeyOf(item: T): string;
  groupOf?(item: T): string | undefined;
}

/**
 * A cursor the store did not issue, or one that was altered. It is the client's fault, so it carries
 * a 4xx `status` and `expose: true` (the middy / http-errors convention the http lib maps to a 400).
 */
export class InvalidCursorError extends Error {
  readonly status = 400;
  readonly expose = true;
  constructor(options?: ErrorOptions) {
    super('cursor is invalid or expired', options);
    this.name = 'InvalidCursorError';
  }
}

/** DynamoDB's item size limit, 400 KB: every attribute name and value, keys included. */
export const MAX_ITEM_BYTES = 400 * 1024;
/** DynamoDB's partition key limit in UTF-8 bytes. */
export const MAX_KEY_BYTES = 2048;
/** DynamoDB's sort key limit in UTF-8 bytes; the list index sorts by `sortKey#key`. */
export const MAX_SORT_KEY_BYTES = 1024;

/**
 * An item larger than a store can keep (DynamoDB's 400 KB). Every adapter refuses it the same way,
 * before writing anything. The item comes from what a client sent, so it is shown: a 413 with
 * `expose: true`, which the http lib maps to a Content Too Large problem.
 *
 * @example
 * await store.putIfAbsent(record); // throws ItemTooLargeError for a record over 400 KB; nothing is written
 */
export class ItemTooLargeError extends Error {
  readonly status = 413;
  readonly expose = true;
  readonly bytes: number;
  constructor(bytes: number, options?: ErrorOptions) {
    super(`the item to store is ${bytes} bytes; a stored item is at most 400 KB (${MAX_ITEM_BYTES} bytes)`, options);
    this.name = 'ItemTooLargeError';
    this.bytes = bytes;
  }
}
