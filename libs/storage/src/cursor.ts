import { InvalidCursorError } from './store';
import { isStorableKey, isStorableListPosition } from './stored-item';

/** Position after which the next page starts: the sort key and key of the last item served. */
export interface CursorPosition {
  sortKey: string;
  key: string;
}

/** A page of a group's list carries the group, so that a cursor is taken back only by the list that issued it. */
export function encodeCursor(position: CursorPosition, group?: string): string {
  return Buffer.from(JSON.stringify([position.sortKey, position.key, ...(group === undefined ? [] : [group])])).toString('base64url');
}

/** Reads a cursor back, refusing any the store could not have issued for this list: a position no item can have is forged. */
export function decodeCursor(cursor: string, group?: string): CursorPosition {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
  const parts = group === undefined ? 2 : 3;
  if (!Array.isArray(decoded) || decoded.length !== parts || !decoded.every((part) => typeof part === 'string')) {
    throw new InvalidCursorError();
  }
  const [sortKey, key, cursorGroup] = decoded as [string, string, string | undefined];
  if (cursorGroup !== group || !isStorableKey(key) || !isStorableListPosition(`${sortKey}#${key}`)) throw new InvalidCursorError();
  return { sortKey, key };
}
