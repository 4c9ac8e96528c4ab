/**
 * This process's copies of the forecasts it has read from the shared cache, as the JSON the API
 * sends, so a warm read costs neither a Redis round trip nor parsing and re-serialising ~10 KB.
 *
 * Why a copy cannot go stale: a cached forecast is never changed or deleted before its expiry (a
 * cell's entry is only ever written by a load, with the full TTL), and a copy lives at most until
 * `fetchedAt + ttl`, which is no later than the shared entry's own expiry. Only fresh answers are
 * kept: a stale (last good) answer is read from the shared cache each time.
 * Memory is bounded by the bytes of the JSON held (UTF-16 length × 2, least recently used out).
 */
export interface LocalForecast {
  json: string;
  /** Who answered, for the metrics. */
  source: string;
}

export class LocalForecasts {
  private readonly entries = new Map<string, LocalForecast & { expiresAt: number }>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly now: () => number,
  ) {}

  get(cellId: string): LocalForecast | undefined {
    const entry = this.entries.get(cellId);
    if (!entry) return undefined;
    this.entries.delete(cellId);
    if (entry.expiresAt <= this.now()) {
      this.bytes -= entry.json.length * 2;
      return undefined;
    }
    this.entries.set(cellId, entry);
    return entry;
  }

  set(cellId: string, { json, source }: LocalForecast, expiresAt: number): void {
    const size = json.length * 2;
    if (expiresAt <= this.now() || size > this.maxBytes) return;
    const previous = this.entries.get(cellId);
    if (previous) {
      this.entries.delete(cellId);
      this.bytes -= previous.json.length * 2;
    }
    this.entries.set(cellId, { json, source, expiresAt });
    this.bytes += size;
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(key);
      this.bytes -= entry.json.length * 2;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get heldBytes(): number {
    return this.bytes;
  }
}
