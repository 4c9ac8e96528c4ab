import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SYNTHETIC_ITEM_NAME } from './synthetic-catalog.js';

/**
 * The offline twin's scenes on disk, bounded: every scene (an item JSON and its five GeoTIFFs under
 * dir/items) is counted by its bytes, and when the total passes maxBytes the least recently used
 * scenes are deleted until it fits again. Scenes are made again when asked for (they are a pure
 * function of the fields and the day), so eviction loses nothing but the time to make them.
 *
 * A scene used in the last PROTECT_MS is not evicted, so that the scenes a search has just
 * answered are still there when they are read: for that short while the total may exceed the cap
 * by what the last minute used. The order of use is kept in memory; at start-up it is rebuilt from
 * the files' modification times (the time they were written).
 */

/** A scene used this recently is not evicted. */
export const PROTECT_MS = 60_000;
/** Directories of scenes without an item older than this are what an interrupted write left. */
const ORPHAN_AGE_MS = 3_600_000;

interface Entry {
  bytes: number;
  usedAt: number;
  /** The item's `kheti:inputs_sha256`, once read. */
  digest?: string;
}

export interface SceneStoreStats {
  scenes: number;
  bytes: number;
  evicted: number;
}

export class SyntheticSceneStore {
  readonly itemsDir: string;
  /** Least recently used first (a Map keeps insertion order; a use re-inserts). */
  private readonly entries = new Map<string, Entry>();
  private total = 0;
  private evictedCount = 0;
  private loading: Promise<void> | undefined;

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {
    this.itemsDir = join(dir, 'items');
  }

  /** Reads what is on disk (once): sizes and ages of the scenes, and removes what interrupted writes left. */
  ready(): Promise<void> {
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<void> {
    await mkdir(this.itemsDir, { recursive: true });
    const found: { id: string; bytes: number; usedAt: number }[] = [];
    const names = await readdir(this.itemsDir, { withFileTypes: true });
    const items = new Set(names.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => e.name.slice(0, -5)));
    for (const entry of names) {
      const path = join(this.itemsDir, entry.name);
      if (entry.isFile() && entry.name.endsWith('.tmp')) {
        await rm(path, { force: true });
        continue;
      }
      if (entry.isDirectory() && SYNTHETIC_ITEM_NAME.test(entry.name) && !items.has(entry.name)) {
        const age = this.now() - (await stat(path)).mtimeMs;
        if (age > ORPHAN_AGE_MS) await rm(path, { recursive: true, force: true });
        continue;
      }
      if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
      const id = entry.name.slice(0, -5);
      if (!SYNTHETIC_ITEM_NAME.test(id)) continue;
      const item = await stat(path);
      let bytes = item.size;
      for (const file of await readdir(join(this.itemsDir, id)).catch(() => [] as string[])) {
        bytes += (await stat(join(this.itemsDir, id, file)).catch(() => ({ size: 0 }))).size;
      }
      found.push({ id, bytes, usedAt: item.mtimeMs });
    }
    // Oldest written first out; none of them is in use by this process yet, so none is protected.
    found.sort((a, b) => a.usedAt - b.usedAt);
    for (const { id, bytes } of found) {
      this.entries.set(id, { bytes, usedAt: 0 });
      this.total += bytes;
    }
    await this.evict();
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** The digest of the inputs the scene on disk was made from, or undefined when there is no such scene. */
  async digestOf(id: string): Promise<string | undefined> {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.digest === undefined) {
      const item = await this.item(id);
      const digest = (item?.properties as Record<string, unknown> | undefined)?.['kheti:inputs_sha256'];
      entry.digest = typeof digest === 'string' ? digest : '';
    }
    return entry.digest;
  }

  /** The scene's item JSON, or undefined when it is not on disk. */
  async item(id: string): Promise<(Record<string, unknown> & { properties?: unknown }) | undefined> {
    try {
      return JSON.parse(await readFile(this.itemPath(id), 'utf8')) as Record<string, unknown>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.forget(id);
        return undefined;
      }
      throw error;
    }
  }

  itemPath(id: string): string {
    return join(this.itemsDir, `${id}.json`);
  }

  /** Marks a scene used now: the last to be evicted. */
  touch(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.usedAt = this.now();
    this.entries.delete(id);
    this.entries.set(id, entry);
  }

  /** Counts a scene just written, then evicts what no longer fits. */
  async record(id: string, bytes: number, digest: string): Promise<void> {
    this.forget(id);
    this.entries.set(id, { bytes, usedAt: this.now(), digest });
    this.total += bytes;
    await this.evict();
  }

  stats(): SceneStoreStats {
    return { scenes: this.entries.size, bytes: this.total, evicted: this.evictedCount };
  }

  private forget(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.total -= entry.bytes;
  }

  private async evict(): Promise<void> {
    if (this.total <= this.maxBytes) return;
    const protectedSince = this.now() - PROTECT_MS;
    for (const [id, entry] of [...this.entries]) {
      if (this.total <= this.maxBytes) break;
      if (entry.usedAt > protectedSince) break; // the rest were used later still
      this.forget(id);
      this.evictedCount += 1;
      // The item first: a search never finds an item whose assets are gone.
      await rm(this.itemPath(id), { force: true });
      await rm(join(this.itemsDir, id), { recursive: true, force: true });
    }
  }
}
