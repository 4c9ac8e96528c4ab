import {
  ImageryError,
  type BandWindow,
  type ImagerySource,
  type Scene,
  type SceneAsset,
  type SceneBand,
  type SceneQuery,
  type SceneWindows,
} from '../imagery/source.js';
import {
  coveringWindow,
  cropToWindow,
  RasterInputError,
  reflectanceScaling,
  windowBounds,
  windowGrid,
  type Bounds,
  type PixelGrid,
  type Scaling,
} from '../../lib/raster/index.js';
import { createEarthEngineClient, IMAGE_INDEX_PATTERN, PUBLIC_ASSETS, S2_SR_HARMONIZED, type EarthEngineClient } from './client.js';
import { PROVIDER } from './http.js';
import {
  bandGridOf,
  checkComputePixelsLimits,
  largestWindow,
  readGeoTiffBands,
  requireBounds,
  selectBandsExpression,
  snappedWindow,
  type BandGrid,
} from './pixels.js';
import type { ImageAsset } from './schema.js';
import { createServiceAccountTokenSource } from './service-account.js';

/**
 * Sentinel-2 through Google Earth Engine: scenes from COPERNICUS/S2_SR_HARMONIZED, pixels from
 * `image:computePixels` as GeoTIFF, signed in with a service account.
 *
 * The dataset page (developers.google.com/earth-engine/datasets/catalog/COPERNICUS_S2_SR_HARMONIZED)
 * says: "After 2022-01-25, Sentinel-2 scenes with PROCESSING_BASELINE '04.00' or above have their
 * DN (value) range shifted by 1000. The HARMONIZED collection shifts data in newer scenes to be in
 * the same range as in older scenes", and that the assets hold "12 UINT16 spectral bands" of "SR
 * scaled by 10000". So every scene of this collection is reflectance = DN × 0.0001 with offset 0,
 * whatever its baseline: boaOffsetApplied is true and raster:bands say scale 0.0001, offset 0.
 *
 * Bands: B4, B8, B3, B2 (10 m) and SCL (20 m). The four 10 m bands come from one computePixels
 * request on a window of their own 10 m grid; SCL from a second request on a window of its own
 * 20 m grid that covers the 10 m window, so no pixel is resampled (SceneWindows' contract: "SCL
 * keeps its 20 m grid"). Both windows are snapped to the image's stored grids, read from its band
 * metadata (`bands[].grid`), which search keeps per image; a scene that did not come through this
 * process's search costs one `assets.get` first. Bounds that miss the image get empty windows.
 *
 * Earth Engine's terms require a commercial licence for commercial use (see README).
 */

export interface EarthEngineSourceOptions {
  /** EARTH_ENGINE_PROJECT: the Cloud project registered for Earth Engine. */
  project: string;
  /** GOOGLE_APPLICATION_CREDENTIALS: path of the service-account JSON key. */
  credentialsFile: string;
  /** EARTH_ENGINE_BASE_URL, https://earthengine.googleapis.com by default. */
  baseUrl: string;
  /** GOOGLE_TOKEN_URL, https://oauth2.googleapis.com/token by default. */
  tokenUrl: string;
  fetch?: typeof fetch;
  /** Per request; default 30 s (10 s for the sign-in). */
  timeoutMs?: number;
  /** Milliseconds since the epoch, for token expiry; tests move it. */
  now?: () => number;
}

/** Earth Engine band names for the port's bands. */
export const EARTH_ENGINE_BANDS: Readonly<Record<SceneBand, string>> = Object.freeze({
  red: 'B4',
  nir: 'B8',
  green: 'B3',
  blue: 'B2',
  scl: 'SCL',
});
const OPTICAL: readonly Exclude<SceneBand, 'scl'>[] = ['red', 'nir', 'green', 'blue'];
const HARMONIZED_RASTER_BANDS = [{ scale: 0.0001, offset: 0, nodata: 0 }];
const DEFAULT_LIMIT = 100;
const MAX_CACHED_IMAGES = 2000;

interface ImageGrids {
  optical: BandGrid;
  scl: BandGrid;
}

const sameGrid = (a: BandGrid, b: BandGrid) =>
  a.epsg === b.epsg && (Object.keys(a.grid) as (keyof BandGrid['grid'])[]).every((k) => a.grid[k] === b.grid[k]);

/** The grids of an image's bands, or undefined when a band is missing or the 10 m bands disagree. */
function imageGrids(asset: ImageAsset): ImageGrids | undefined {
  const grid = (band: string) => bandGridOf(asset.bands?.find((b) => b.id === band)?.grid);
  const [red, nir, green, blue, scl] = [grid('B4'), grid('B8'), grid('B3'), grid('B2'), grid('SCL')];
  if (!red || !nir || !green || !blue || !scl) return undefined;
  if (![nir, green, blue].every((g) => sameGrid(g, red)) || scl.epsg !== red.epsg) return undefined;
  return { optical: red, scl };
}

const indexOf = (asset: ImageAsset): string | undefined => {
  const prefix = `${PUBLIC_ASSETS}/${S2_SR_HARMONIZED}/`;
  const index = asset.name.startsWith(prefix) ? asset.name.slice(prefix.length) : undefined;
  return index !== undefined && IMAGE_INDEX_PATTERN.test(index) ? index : undefined;
};

/** "04.00" from PROCESSING_BASELINE, which may arrive as text or as a number (4, 2.09). */
function baselineText(value: unknown): string | undefined {
  if (typeof value === 'string' && /^\d{2}\.\d{2}$/.test(value.trim())) return value.trim();
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 100) return value.toFixed(2).padStart(5, '0');
  return undefined;
}

/** A listed image as a Scene, or undefined when it lacks what a scene needs (bands, grids, time). */
export function sceneOf(asset: ImageAsset): Scene | undefined {
  const index = indexOf(asset);
  const grids = imageGrids(asset);
  const time = asset.startTime === undefined ? Number.NaN : Date.parse(asset.startTime);
  if (index === undefined || !grids || Number.isNaN(time)) return undefined;
  const cloud = asset.properties?.['CLOUDY_PIXEL_PERCENTAGE'];
  const baseline = baselineText(asset.properties?.['PROCESSING_BASELINE']);
  const assets = Object.fromEntries(
    (Object.keys(EARTH_ENGINE_BANDS) as SceneBand[]).map((band): [SceneBand, SceneAsset] => [
      band,
      {
        href: `earthengine:${S2_SR_HARMONIZED}/${index}#${EARTH_ENGINE_BANDS[band]}`,
        ...(band === 'scl' ? {} : { rasterBands: HARMONIZED_RASTER_BANDS.map((b) => ({ ...b })) }),
      },
    ]),
  ) as Record<SceneBand, SceneAsset>;
  return {
    id: index,
    provider: 'earthengine',
    collection: S2_SR_HARMONIZED,
    acquiredAt: new Date(time).toISOString(),
    ...(typeof cloud === 'number' && Number.isFinite(cloud) ? { tileCloudPct: cloud } : {}),
    epsg: grids.optical.epsg,
    ...(baseline ? { processingBaseline: baseline } : {}),
    boaOffsetApplied: true,
    assets,
  };
}

const isDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The bounds of a whole grid: what its SCL window must cover. */
const extentOf = (grid: PixelGrid): Bounds => windowBounds(grid, { x0: 0, y0: 0, width: grid.width, height: grid.height });

/** The smallest bounds holding every area. */
function unionOf(areas: readonly Bounds[]): Bounds {
  return {
    minX: Math.min(...areas.map((a) => a.minX)),
    minY: Math.min(...areas.map((a) => a.minY)),
    maxX: Math.max(...areas.map((a) => a.maxX)),
    maxY: Math.max(...areas.map((a) => a.maxY)),
  };
}

export function createEarthEngineSource(options: EarthEngineSourceOptions): ImagerySource & { readonly client: EarthEngineClient } {
  const tokens = createServiceAccountTokenSource({
    credentialsFile: options.credentialsFile,
    tokenUrl: options.tokenUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.now ? { now: options.now } : {}),
    timeoutMs: Math.min(options.timeoutMs ?? 10_000, 10_000),
  });
  const client = createEarthEngineClient({
    project: options.project,
    baseUrl: options.baseUrl,
    tokens,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const grids = new Map<string, ImageGrids>();
  const remember = (index: string, value: ImageGrids) => {
    if (grids.size >= MAX_CACHED_IMAGES) grids.delete(grids.keys().next().value!);
    grids.set(index, value);
  };

  async function gridsOf(index: string, signal?: AbortSignal): Promise<ImageGrids> {
    const known = grids.get(index);
    if (known) return known;
    const found = imageGrids(await client.getImage(S2_SR_HARMONIZED, index, signal));
    if (!found) throw new ImageryError(PROVIDER, 'invalid_response', `Earth Engine image ${index} lacks the grid of B4, B8, B3, B2 or SCL`);
    remember(index, found);
    return found;
  }

  async function compute(index: string, bands: string[], band: BandGrid['grid'], epsg: number, signal?: AbortSignal) {
    const bytes = await client.computePixels(
      { expression: selectBandsExpression(`${S2_SR_HARMONIZED}/${index}`, bands), grid: band, epsg },
      signal,
    );
    return readGeoTiffBands(bytes, { grid: band, epsg, bands: bands.length });
  }

  return {
    name: 'earthengine',
    client,
    async search(query: SceneQuery, signal?: AbortSignal): Promise<Scene[]> {
      if (!isDate(query.from) || !isDate(query.to) || query.to < query.from) {
        throw new RangeError(`from and to must be dates YYYY-MM-DD with from ≤ to, got ${query.from}..${query.to}`);
      }
      const limit = query.limit ?? DEFAULT_LIMIT;
      const listed = await client.listImages(
        {
          region: query.boundary,
          startTime: `${query.from}T00:00:00Z`,
          endTime: `${nextDay(query.to)}T00:00:00Z`,
          maxCloudPct: query.maxCloudPct,
        },
        signal,
      );
      const scenes: Scene[] = [];
      for (const asset of listed) {
        const scene = sceneOf(asset);
        const found = scene && imageGrids(asset);
        if (!scene || !found) continue; // documented shape, but not a usable Sentinel-2 L2A image
        remember(scene.id, found);
        scenes.push(scene);
      }
      if (listed.length > 0 && scenes.length === 0) {
        // Every image skipped means the listing no longer looks as documented: say so, loudly.
        throw new ImageryError(
          PROVIDER,
          'invalid_response',
          `none of the ${listed.length} images Earth Engine listed has the grids of B4, B8, B3, B2 and SCL`,
        );
      }
      // listAssets documents no order: newest first is sorted here, ties by id for stable pages.
      scenes.sort((a, b) => (a.acquiredAt === b.acquiredAt ? (a.id < b.id ? -1 : 1) : a.acquiredAt < b.acquiredAt ? 1 : -1));
      return scenes.slice(0, Math.max(0, limit));
    },

    async readWindows(scene: Scene, areas: readonly Bounds[], signal?: AbortSignal): Promise<SceneWindows[]> {
      if (scene.provider !== 'earthengine' || scene.collection !== S2_SR_HARMONIZED) {
        throw new RasterInputError(
          'scene',
          `is a ${scene.provider} scene of ${scene.collection}, not an Earth Engine ${S2_SR_HARMONIZED} image`,
        );
      }
      if (!IMAGE_INDEX_PATTERN.test(scene.id)) throw new RasterInputError('scene.id', 'is not an Earth Engine image index');
      for (const area of areas) requireBounds(area);
      if (areas.length === 0) return [];
      // One computation over the union of the areas (one request per grid, not per field), cut after.
      const bounds = unionOf(areas);
      // Refused before any request, the sign-in included: the largest window these bounds can take.
      const most = largestWindow(bounds, 10);
      checkComputePixelsLimits(most.width, most.height, OPTICAL.length, 10);

      const { optical, scl } = await gridsOf(scene.id, signal);
      if (optical.epsg !== scene.epsg) {
        throw new ImageryError(
          PROVIDER,
          'invalid_response',
          `Earth Engine image ${scene.id} is in EPSG:${optical.epsg}, the scene says EPSG:${scene.epsg}`,
        );
      }
      const grid10 = snappedWindow(optical, bounds);
      checkComputePixelsLimits(grid10.width, grid10.height, OPTICAL.length, grid10.resX);
      const grid20 = snappedWindow(scl, extentOf(grid10));
      checkComputePixelsLimits(grid20.width, grid20.height, 1, grid20.resX);

      // Bounds that miss the image get empty windows, as from a COG, and cost no computation.
      const empty = grid10.width === 0 || grid10.height === 0;
      const [opticalData, sclData] = empty
        ? [OPTICAL.map(() => new Uint16Array(0)), [new Uint8Array(0)]]
        : await Promise.all([
            compute(
              scene.id,
              OPTICAL.map((b) => EARTH_ENGINE_BANDS[b]),
              grid10,
              optical.epsg,
              signal,
            ),
            compute(scene.id, [EARTH_ENGINE_BANDS.scl], grid20, scl.epsg, signal),
          ]);
      const { scale, offset } = reflectanceScaling({ rasterBands: HARMONIZED_RASTER_BANDS, boaOffsetApplied: true });
      const scaling = Object.fromEntries(OPTICAL.map((band): [string, Scaling] => [band, { scale, offset }])) as SceneWindows['scaling'];
      return areas.map((area): SceneWindows => {
        // The area's own window, with the pixel edges of the union's (which are the image's).
        const window10 = coveringWindow(grid10, area);
        const area10 = windowGrid(grid10, window10);
        const window20 = coveringWindow(grid20, extentOf(area10));
        const cut = (data: Uint8Array | Uint16Array, grid: PixelGrid, window: typeof window10): BandWindow => ({
          data: cropToWindow(data, grid.width, window),
          grid: windowGrid(grid, window),
        });
        const bands = Object.fromEntries(OPTICAL.map((band, i): [SceneBand, BandWindow] => [band, cut(opticalData[i]!, grid10, window10)]));
        bands['scl'] = cut(sclData[0]!, grid20, window20);
        return { epsg: optical.epsg, bands: bands as Record<SceneBand, BandWindow>, scaling };
      });
    },
  };
}
