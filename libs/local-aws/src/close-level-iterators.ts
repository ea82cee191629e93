import { createRequire } from 'node:module';

interface LevelIterator {
  close(): Promise<void>;
  return?: (this: LevelIterator) => Promise<void>;
}

type IteratorClass = { prototype: LevelIterator };

/**
 * dynalite 4 turns every Query and Scan into a stream over a LevelDB iterator and, when the stream
 * ends or is destroyed, closes it with `iterator.return()`. abstract-level 2+ iterators have no
 * `return()`, only `close()`, so each query left its iterator open: held by the database's resource
 * set with its prefetched values on the heap and its LevelDB snapshot and read buffers off it, which
 * grew `npm start` by hundreds of MB a minute under `GET /api/callbacks`. Giving the iterators the
 * `return()` dynalite calls closes them. It patches the abstract-level dynalite itself resolves.
 */
export function closeIteratorsOnReturn(): void {
  const fromDynalite = createRequire(require.resolve('dynalite'));
  const classes = fromDynalite('abstract-level') as Record<'AbstractIterator' | 'AbstractKeyIterator' | 'AbstractValueIterator', IteratorClass>;
  for (const { prototype } of [classes.AbstractIterator, classes.AbstractKeyIterator, classes.AbstractValueIterator]) {
    prototype.return ??= function () {
      return this.close();
    };
  }
}
