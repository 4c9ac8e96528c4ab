import { totalmem } from 'node:os';

/**
 * Decoded tiles kept by a reader, least recently used first out, so that a tile several windows
 * need (fields next to each other, read one window per field) is inflated once, as GDAL's block
 * cache does. The default budget is GDAL's too (GDAL_CACHEMAX: 5 % of memory; 1.2 GiB on 24 GiB
 * holds every 512 × 512 tile of a Sentinel-2 band pair), of the container's memory limit when it
 * has one, not of the host's. A reader lives for one scene
 * read, and only tiles a window takes part of are kept: a window that covers a tile whole (a large
 * read) will not be asked for it again, and keeping it would double that read's memory.
 */
export const TILE_CACHE_BYTES = Math.floor(availableMemory() * 0.05);

/** The machine's memory, or the container's limit when that is lower (cgroups: a pod's memory limit). */
function availableMemory(): number {
  // Node 20 gives 0 or undefined without a limit, and cgroup v1 "no limit" as 2^64.
  const limit = process.constrainedMemory?.();
  return limit && limit > 0 ? Math.min(limit, totalmem()) : totalmem();
}

export class TileCache<Tile> {
  private readonly entries = new Map<string, { tile: Promise<Tile>; bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly capacity: number,
    private readonly sizeOf: (tile: Tile) => number,
  ) {}

  /** The tile under key, from the cache or loaded (and kept if `keep`); concurrent requests share a kept load. */
  get(key: string, load: () => Promise<Tile>, keep: boolean): Promise<Tile> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.tile;
    }
    const entry = { tile: load(), bytes: 0 };
    if (!keep || this.capacity <= 0) return entry.tile;
    this.entries.set(key, entry);
    entry.tile.then(
      (tile) => {
        if (this.entries.get(key) !== entry) return;
        entry.bytes = this.sizeOf(tile);
        this.bytes += entry.bytes;
        for (const [oldest, old] of this.entries) {
          if (this.bytes <= this.capacity) break;
          this.entries.delete(oldest);
          this.bytes -= old.bytes;
        }
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.tile;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
