interface Entry<T> {
  value: T;
  expiresAt: number;
}

/**
 * An in-memory map whose entries expire and which never holds more than `maxEntries`: a client
 * that asks for codes faster than it redeems them evicts its own oldest ones instead of growing
 * the process. Expiry is checked on read, so no timer keeps the process alive.
 */
export class ExpiringStore<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => Date,
  ) {}

  put(key: string, value: T, ttlSeconds: number): void {
    const now = this.now().getTime();
    if (this.entries.size >= this.maxEntries) this.evict(now);
    this.entries.set(key, { value, expiresAt: now + ttlSeconds * 1000 });
  }

  /** Removes and returns the entry: codes and refresh tokens are single-use. */
  take(key: string): T | undefined {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    return entry && entry.expiresAt > this.now().getTime() ? entry.value : undefined;
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    // Map keeps insertion order, so the first keys are the oldest.
    for (const key of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
