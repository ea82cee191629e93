import { InvalidCursorError } from './store';

/** Position after which the next page starts: the sort key and key of the last item served. */
export interface CursorPosition {
  sortKey: string;
  key: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.sortKey, position.key])).toString('base64url');
}

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
  return { sortKey, key };
}
