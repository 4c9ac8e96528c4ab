import { createOutbound, withDeadline } from '../../infra/outbound/index.js';
import { RasterInputError, reflectanceScaling, type Bounds, type Scaling } from '../../lib/raster/index.js';
import { createCogReader } from '../imagery/cog-reader.js';
import type { CogReadStats } from '../imagery/range-source.js';
import {
  ImageryError,
  SCENE_BANDS,
  type BandWindow,
  type ImageryProviderName,
  type ImagerySource,
  type Scene,
  type SceneBand,
  type SceneWindows,
} from '../imagery/source.js';
import { searchStaticCatalog } from './catalog.js';
import { createStacClient, DEFAULT_TIMEOUT_MS } from './client.js';

export interface StacSourceOptions {
  /** The STAC API root (config imagery.stacApiUrl). */
  apiUrl: string;
  /** e.g. sentinel-2-l2a (config imagery.stacCollection). */
  collection: string;
  fetch?: typeof fetch;
  /** Per search request, and for all the windows of one scene read; default 30 s. */
  timeoutMs?: number;
  /** A local static catalog to search instead of the API: the offline twin, named 'synthetic'. */
  catalogDir?: string;
  pageSize?: number;
  maxPages?: number;
  /** Band windows of a scene read at the same time (over all areas); default 5 (an area's bands). */
  concurrency?: number;
  /** Called once per asset after each scene read (also a failed one), with what it cost. */
  onAssetRead?: (read: AssetRead) => void;
}

export interface AssetRead extends CogReadStats {
  sceneId: string;
  band: SceneBand;
}

/** fn over items, at most `limit` at a time, results in order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

const sameGrid = (a: BandWindow, b: BandWindow) =>
  a.grid.originX === b.grid.originX &&
  a.grid.originY === b.grid.originY &&
  a.grid.resX === b.grid.resX &&
  a.grid.resY === b.grid.resY &&
  a.grid.width === b.grid.width &&
  a.grid.height === b.grid.height;

/**
 * Sentinel-2 from a STAC API (Earth Search by default) and its Cloud-Optimized GeoTIFFs, or, with
 * catalogDir, from a local static catalog (the offline twin) through the same mapping and reader.
 */
export function createStacSource(options: StacSourceOptions): ImagerySource {
  const name: ImageryProviderName = options.catalogDir !== undefined ? 'synthetic' : 'stac';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = createStacClient(options);
  // One helper for every asset read of this source: its breakers are per asset host, for the process.
  const assets = createOutbound({ upstream: 'a GeoTIFF host', timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}) });

  const scalingOf = (scene: Scene, band: Exclude<SceneBand, 'scl'>): Scaling => {
    try {
      const { scale, offset } = reflectanceScaling({
        rasterBands: scene.assets[band].rasterBands,
        processingBaseline: scene.processingBaseline,
        boaOffsetApplied: scene.boaOffsetApplied,
      });
      return { scale, offset };
    } catch (error) {
      if (!(error instanceof RasterInputError)) throw error;
      throw new ImageryError(name, 'invalid_response', `Scene ${scene.id}, ${band}: ${error.message}`);
    }
  };

  return {
    name,
    async search(query, signal) {
      if (options.catalogDir !== undefined) return searchStaticCatalog(options.catalogDir, options.collection, query, signal);
      return client.search(query, signal);
    },

    async readWindows(scene, areas: readonly Bounds[], signal) {
      // Scaling first: a scene that cannot be scaled is refused before a byte is read.
      const scaling = {
        red: scalingOf(scene, 'red'),
        nir: scalingOf(scene, 'nir'),
        green: scalingOf(scene, 'green'),
        blue: scalingOf(scene, 'blue'),
      };
      // The first band that fails stops the others: the scene is unusable either way.
      const failed = new AbortController();
      // One reader for every area: each asset's header is read once, and a tile that several areas
      // take part of is decoded once (the reader's tile cache).
      const reader = createCogReader({
        provider: name,
        outbound: assets,
        signal: AbortSignal.any([withDeadline(signal, timeoutMs), failed.signal]),
      });
      try {
        // SCL is read over the same bounds on its own 20 m grid: its window covers the 10 m one.
        const readBand = async ([area, band]: readonly [number, SceneBand]): Promise<BandWindow> => {
          const window = await reader.window(scene.assets[band].href, areas[area]!);
          if (window.epsg !== scene.epsg) {
            throw new ImageryError(
              name,
              'invalid_response',
              `Scene ${scene.id}: the ${band} GeoTIFF is in EPSG:${window.epsg}, the item says EPSG:${scene.epsg}`,
            );
          }
          return { data: window.data, grid: window.grid };
        };
        const tasks = areas.flatMap((_, area) => SCENE_BANDS.map((band) => [area, band] as const));
        const windows = await mapLimit(tasks, options.concurrency ?? SCENE_BANDS.length, (task) =>
          readBand(task).catch((error: unknown) => {
            failed.abort();
            throw error;
          }),
        );
        return areas.map((_, area): SceneWindows => {
          const first = area * SCENE_BANDS.length;
          const bands = Object.fromEntries(SCENE_BANDS.map((band, i) => [band, windows[first + i]!])) as Record<SceneBand, BandWindow>;
          for (const band of ['nir', 'green', 'blue'] as const) {
            if (!sameGrid(bands.red, bands[band]))
              throw new ImageryError(name, 'invalid_response', `Scene ${scene.id}: ${band} is not on the red band's 10 m grid`);
          }
          return { epsg: scene.epsg, bands, scaling };
        });
      } finally {
        // Reported whether or not the read worked: a failed read cost bytes too.
        if (options.onAssetRead)
          for (const band of SCENE_BANDS) options.onAssetRead({ sceneId: scene.id, band, ...reader.stats(scene.assets[band].href) });
        await reader.close();
      }
    },
  };
}
