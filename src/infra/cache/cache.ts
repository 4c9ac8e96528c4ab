/**
 * The cache port. Redis backs it in production, a process-local map in embedded mode;
 * everything above this interface runs the same code in both.
 */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Returns the cached value or loads, stores and returns it. Concurrent misses for one key
   * share a single call to `load` (single-flight), so a burst of requests for the same weather
   * tile makes one upstream call. A cache outage never fails the caller: it loads through.
   */
  getOrLoad<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T>;
  /**
   * The key's version stamp: an opaque value that `restamp` replaces, shared by every process. A
   * stamp that is lost (evicted, flushed) comes back as a new value, never as an old one, so a
   * copy made under a stamp is trusted only while that very stamp stands. Unlike the rest of the
   * cache it rejects when it cannot be told: a caller must then not trust any copy.
   */
  stamp(key: string): Promise<string>;
  /** Gives the key a new stamp; rejects when that cannot be done. */
  restamp(key: string): Promise<void>;
  /** Throws when the backing store is unreachable (used by /readyz). */
  check(): Promise<void>;
  close(): Promise<void>;
}
