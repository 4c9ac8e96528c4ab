import { randomUUID } from 'node:crypto';
import type { Metrics } from '../metrics.js';
import type { Cache } from './cache.js';
import { SingleFlight } from './single-flight.js';

interface Entry {
  /** Stored as JSON, like Redis does, so callers cannot mutate a cached value in place. */
  json: string;
  expiresAt: number;
}

export interface MemoryCacheOptions {
  metrics: Pick<Metrics, 'cacheRequests'>;
  /** Least recently used entries are evicted beyond this many. */
  maxEntries?: number;
}

/** The embedded-mode cache: a TTL map bounded by LRU eviction (Map order is recency order). */
export class MemoryCache implements Cache {
  private readonly entries = new Map<string, Entry>();
  private readonly stamps = new Map<string, string>();
  private readonly flights = new SingleFlight();
  private readonly maxEntries: number;

  constructor(private readonly options: MemoryCacheOptions) {
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= Date.now()) {
      if (entry) this.entries.delete(key);
      this.options.metrics.cacheRequests.inc({ result: 'miss' });
      return undefined;
    }
    // Re-insert to mark as most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.options.metrics.cacheRequests.inc({ result: 'hit' });
    return JSON.parse(entry.json) as T;
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    const json = JSON.stringify(value);
    this.entries.delete(key);
    if (json === undefined || ttlMs <= 0) return;
    this.entries.set(key, { json, expiresAt: Date.now() + ttlMs });
    this.evict();
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async getOrLoad<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const cached = await this.get<T>(key);
    if (cached !== undefined) return cached;
    return this.flights.run(key, async () => {
      const value = await load();
      await this.set(key, value, ttlMs);
      return value;
    });
  }

  async stamp(key: string): Promise<string> {
    let stamp = this.stamps.get(key);
    if (stamp === undefined) this.stamps.set(key, (stamp = randomUUID()));
    return stamp;
  }

  async restamp(key: string): Promise<void> {
    this.stamps.set(key, randomUUID());
  }

  async check(): Promise<void> {}

  async close(): Promise<void> {
    this.entries.clear();
  }

  private evict() {
    // Map iteration starts at the least recently used entry; expired ones go lazily on read.
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
