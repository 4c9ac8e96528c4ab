import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createStacSource } from '../stac/source.js';
import { writeSyntheticCatalog, type SyntheticCatalogField } from './synthetic-catalog.js';
import type { ImagerySource } from './source.js';

/**
 * The offline twin as an ImagerySource: a local STAC catalog read by the very same STAC search
 * mapping and GeoTIFF window reader as the real API, which it keeps up to date itself. Before each
 * search it asks for the fields to cover (with their crop cycles) and (re)writes the catalog when
 * they, or the day, changed since it was written; otherwise it leaves it alone. Concurrent
 * searches in this process share one preparation. A demo for a laptop, not for a state's millions
 * of fields.
 */

/** The catalog covers the past year. */
export const SYNTHETIC_HISTORY_DAYS = 365;

export interface SyntheticSourceOptions {
  /** Where the catalog lives (DATA_DIR/imagery). */
  catalogDir: string;
  collection: string;
  /**
   * The fields the catalog covers, with their crops; read before every search, so new fields have
   * scenes. Without it the catalog is read as it is (written by someone else).
   */
  fields?: () => Promise<SyntheticCatalogField[]>;
  now?: () => Date;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function createSyntheticImagerySource(options: SyntheticSourceOptions): ImagerySource {
  const { catalogDir: dir } = options;
  const now = options.now ?? (() => new Date());
  const catalog = createStacSource({ apiUrl: 'file://', collection: options.collection, catalogDir: dir });
  let running: Promise<void> = Promise.resolve();

  /** Brings the catalog up to date; one run at a time, each caller waiting for the one it joined. */
  function prepare(fieldsToCover: () => Promise<SyntheticCatalogField[]>): Promise<void> {
    const run = running.then(async () => {
      const fields = await fieldsToCover();
      const to = day(now().getTime());
      const from = day(now().getTime() - SYNTHETIC_HISTORY_DAYS * 86_400_000);
      const digest = createHash('sha256').update(JSON.stringify({ fields, from, to })).digest('hex');
      const marker = join(dir, 'inputs.sha256');
      const previous = await readFile(marker, 'utf8').catch(() => '');
      if (previous === digest) return;
      await mkdir(dir, { recursive: true });
      await writeSyntheticCatalog(dir, fields, { from, to, now: now() });
      await writeFile(marker, digest);
    });
    // A failed run must not block the next one.
    running = run.catch(() => undefined);
    return run;
  }

  return {
    name: catalog.name,
    async search(query, signal) {
      if (options.fields) await prepare(options.fields);
      return catalog.search(query, signal);
    },
    readWindows: (scene, areas, signal) => catalog.readWindows(scene, areas, signal),
  };
}
