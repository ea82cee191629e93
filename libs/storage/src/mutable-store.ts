import type { Store } from './store';

/**
 * A `Store` whose items can also change and go: optimistically, so two writers never overwrite
 * each other. `replace` and `delete` take the item as the caller read it and do nothing when the
 * stored item is no longer equal to it. DynamoDB implements it with a condition expression on a
 * version attribute the adapter keeps (a hash of the item).
 *
 * @example
 * const current = await apps.get('my-app');
 * if (current && !(await apps.replace(current, { ...current, title: 'New title' }))) {
 *   throw new ConflictError('the app changed while you edited it; try again');
 * }
 */
export interface MutableStore<T> extends Store<T> {
  /**
   * Stores `next` in place of `current` (both have one key) unless the stored item is no longer
   * equal to `current`; answers whether it did. Exactly one of concurrent replacers of an item wins.
   */
  replace(current: T, next: T): Promise<boolean>;
  /** Removes `current` unless the stored item is no longer equal to it; answers whether it did. */
  delete(current: T): Promise<boolean>;
}
