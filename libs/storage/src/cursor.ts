import { InvalidCursorError } from './store';
import { isStorableKey, isStorableListPosition } from './stored-item';

/** Position after which the next page starts: the sort key and key of the last item served. */
export interface CursorPosition {
  sortKey: string;
  key: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.sortKey, position.key])).toString('base64url');
}

/** Reads a cursor back, refusing any the store could not have issued: a position no item can have is forged. */
export function decodeCursor(cursor: string): CursorPosition {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
  if (!Array.isArray(decoded) || decoded.length !== 2 || !decoded.every((part) => typeof part === 'string')) {
    throw new InvalidCursorError();
  }
  const [sortKey, key] = decoded as [string, string];
  if (!isStorableKey(key) || !isStorableListPosition(`${sortKey}#${key}`)) throw new InvalidCursorError();
  return { sortKey, key };
}
