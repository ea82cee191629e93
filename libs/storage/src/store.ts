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
  list(query: { limit: number; cursor?: string }): Promise<StorePage<T>>;
}

/** How a store derives an item's unique key and its order in lists (higher sorts first). */
export interface StoreKeys<T> {
  keyOf(item: T): string;
  sortKeyOf(item: T): string;
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
