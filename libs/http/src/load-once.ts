/**
 * A load that runs with the first call and whose result every later call shares, concurrent ones
 * included; a load that failed runs again with the next call, rather than answering its rejection
 * forever (a chunk that did not import, a folder not yet readable). A cold start uses it to build
 * what only some requests need with the first of them.
 *
 * @example
 * const catalog = loadOnce(() => readCatalog(dir));
 * const names = [...(await catalog()).keys()];
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= new Promise<T>((resolve) => resolve(load())).catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
}
