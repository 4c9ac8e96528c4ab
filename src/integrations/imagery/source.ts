import type { MultiPolygon, Polygon } from 'geojson';
import type { Bounds, PixelGrid, Scaling } from '../../lib/raster/index.js';

/**
 * The port every Sentinel-2 source implements (STAC + Cloud-Optimized GeoTIFF, Google Earth Engine,
 * and the offline twin, which is a local STAC catalog read through the STAC code): find the scenes
 * over a field, then read the few pixels of each band that cover it. The computation in lib/raster
 * never knows where the pixels came from.
 */
export type ImageryProviderName = 'stac' | 'earthengine' | 'synthetic';

/** Bands by their Earth Search asset keys; SCL is the L2A scene classification. */
export type SceneBand = 'red' | 'nir' | 'green' | 'blue' | 'scl';
export const SCENE_BANDS: readonly SceneBand[] = Object.freeze(['red', 'nir', 'green', 'blue', 'scl']);

export interface SceneQuery {
  /** WGS84 longitude/latitude, as stored for the field. */
  boundary: Polygon | MultiPolygon;
  /** Inclusive calendar dates, YYYY-MM-DD (UTC). */
  from: string;
  to: string;
  /** Scenes whose whole-tile cloud cover (eo:cloud_cover) is above this are skipped. */
  maxCloudPct: number;
  /** At most this many scenes, newest first; default the source's page size. */
  limit?: number;
  /**
   * A source that makes its scenes on demand (the offline twin) waits at most this long for
   * scenes not made yet, then throws ImageryPendingError (the work goes on); without it, it waits
   * until they are made. Requests set it; jobs leave it out. Other sources ignore it.
   */
  maxWaitMs?: number;
}

export interface SceneAsset {
  /** https://, http:// or file:// URL of a (Cloud-Optimized) GeoTIFF; Earth Engine uses its own ids. */
  href: string;
  /** The asset's `raster:bands` (STAC raster extension), when the item declares it. */
  rasterBands?: { scale?: number; offset?: number; nodata?: number }[];
}

export interface Scene {
  /** The STAC item id (or Earth Engine image id): what results keep for provenance. */
  id: string;
  provider: ImageryProviderName;
  collection: string;
  /** ISO 8601 UTC acquisition time (`datetime`). */
  acquiredAt: string;
  /** Whole-tile cloud cover in %, from the catalogue. */
  tileCloudPct?: number;
  /** EPSG code of the scene's UTM grid (proj:epsg), e.g. 32643. */
  epsg: number;
  /** `s2:processing_baseline`, e.g. "05.09": decides the BOA offset when raster:bands is silent. */
  processingBaseline?: string;
  /** True when the source already removed the −0.1 BOA offset (Earth Engine's harmonized collection). */
  boaOffsetApplied?: boolean;
  assets: Record<SceneBand, SceneAsset>;
}

/** One band's pixels over a window, with the window's own grid (in the scene's CRS). */
export interface BandWindow {
  data: Uint8Array | Uint16Array;
  grid: PixelGrid;
}

export interface SceneWindows {
  epsg: number;
  bands: Record<SceneBand, BandWindow>;
  /** DN → reflectance per optical band (SCL is a class, not a reflectance). */
  scaling: Record<Exclude<SceneBand, 'scl'>, Scaling>;
}

export interface ImagerySource {
  readonly name: ImageryProviderName;
  /** Scenes over the boundary in the date range, newest first. */
  search(query: SceneQuery, signal?: AbortSignal): Promise<Scene[]>;
  /**
   * For each of `areas` (bounds in the scene's CRS, e.g. the projected bounding boxes of the fields
   * of a village), in order, the pixels of each band covering it: only those bytes are read. 10 m
   * bands share one grid; SCL keeps its 20 m grid. The areas are read together: a COG source opens
   * each asset once and decodes a tile that several areas share once; Earth Engine computes one
   * window over their union and cuts it.
   */
  readWindows(scene: Scene, areas: readonly Bounds[], signal?: AbortSignal): Promise<SceneWindows[]>;
}

/** A source that did not answer usefully; messages never carry credentials. */
export class ImageryError extends Error {
  override name = 'ImageryError';
  constructor(
    readonly provider: ImageryProviderName,
    readonly reason: 'timeout' | 'unavailable' | 'upstream_status' | 'invalid_response' | 'unauthorized',
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }

  /** Worth another try: a network failure, a timeout or a 5xx / 429. */
  get retryable(): boolean {
    return (
      this.reason === 'unavailable' ||
      this.reason === 'timeout' ||
      (this.reason === 'upstream_status' && ((this.status ?? 0) >= 500 || this.status === 429))
    );
  }
}
