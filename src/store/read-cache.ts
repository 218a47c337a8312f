/**
 * Short-lived, bounded caches of reads that every request makes and that almost never change (an API
 * key with its app and merchant, an app's channel configurations), and the one hook that invalidates them.
 *
 * Within a process every write that can change such an answer goes through a repository of this folder,
 * which calls `noteSettingsChanged()` once the write is committed: every cache of the process drops what it
 * holds, so the next request reads the database again. Another process's write is not seen here: it takes
 * effect when the entry's time to live ends (`POLYPAY_READ_CACHE_TTL_MS`, 2 s by default).
 */

/** Time to live of a cached read unless configured (env POLYPAY_READ_CACHE_TTL_MS; 0 turns caching off). */
export const DEFAULT_READ_CACHE_TTL_MS = 2_000;

/** Entries of one cache; beyond that the least recently used is dropped. */
export const READ_CACHE_CAPACITY = 10_000;

// Process-wide on purpose: a write through any store of the process invalidates every cache of it.
let generation = 0;

/**
 * Called by every repository write that changes what a ReadCache may hold (keys, apps, merchants, channel
 * configurations), after the write is committed: an entry loaded before is never answered again.
 */
export function noteSettingsChanged(): void {
  generation += 1;
}

interface Entry<V> {
  readonly value: V;
  readonly loadedAt: number;
  readonly generation: number;
}

export interface ReadCacheOptions {
  /** How long an entry is answered; 0 turns the cache off (every get loads). */
  readonly ttlMs: number;
  /** The time entries are loaded and checked at (the process's clock, so tests can move it). */
  readonly now: () => number;
  readonly capacity?: number;
}

/**
 * A least-recently-used map of loaded answers, each kept for `ttlMs` and until the next
 * noteSettingsChanged(). Undefined answers (not found) are never kept: what does not exist yet may be
 * created at any moment, in any process.
 */
export class ReadCache<K, V> {
  readonly #entries = new Map<K, Entry<V>>();
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #capacity: number;

  constructor(options: ReadCacheOptions) {
    const capacity = options.capacity ?? READ_CACHE_CAPACITY;
    if (!Number.isInteger(options.ttlMs) || options.ttlMs < 0)
      throw new RangeError('ttlMs must be an integer ≥ 0');
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.#ttlMs = options.ttlMs;
    this.#now = options.now;
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The cached answer for `key` while it is fresh, else `load()`'s (kept when found). */
  async get(key: K, load: () => Promise<V | undefined>): Promise<V | undefined> {
    if (this.#ttlMs === 0) return load();
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      this.#entries.delete(key);
      // A clock set back does not stretch an entry's life: it must have been loaded at or before now.
      const fresh =
        entry.generation === generation && entry.loadedAt <= now && now < entry.loadedAt + this.#ttlMs;
      if (fresh) {
        // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
        this.#entries.set(key, entry);
        return entry.value;
      }
    }
    const started = generation;
    const value = await load();
    // A write noted while loading may have changed the answer after it was read: not kept.
    if (value !== undefined && started === generation) this.#set(key, { value, loadedAt: now, generation });
    return value;
  }

  #set(key: K, entry: Entry<V>): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }
}
