import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import proj4 from 'proj4';
import { encodeGeoTiff } from '../../lib/raster/geotiff-writer.js';
import { projectBoundary, projectorForEpsg, utmProj4Definition, type PixelGrid } from '../../lib/raster/index.js';
import { DAY_MS, dateOfDay, dayNumber, plantingSeason, type SyntheticPlanting } from './synthetic-phenology.js';
import { hashString } from '../../lib/random.js';
import { prepareTile, renderScene, type RenderedScene, type SceneTile, type SyntheticFieldInput } from './synthetic-scene.js';

/**
 * The offline imagery twin: a small local STAC catalog of real GeoTIFF files that look like
 * Element 84 Earth Search v1 `sentinel-2-l2a` items over the given fields, so that the app and the
 * tests read it through the very same STAC and GeoTIFF code as real imagery. Nothing in it is an
 * observation: every item says `"kheti:synthetic": true` and has a description saying so (plus
 * `kheti:sky`: clear, scattered, cloudy or overcast, "+cirrus" when a veil was drawn), and the root
 * catalog.json does too, with `kheti:generator.inputs_sha256`, a digest of the fields, range and
 * options the files came from, so that a caller can tell whether to write them again.
 *
 * Layout, under dir:
 *   catalog.json                      STAC Catalog, links to every item
 *   items/<id>.json                   one STAC Item per scene, id like S2B_43REQ_20250705_0_L2A
 *   items/<id>/B02.tif B03.tif B04.tif B08.tif SCL.tif   its assets, hrefs relative to the item
 *
 * Tiles. Each field has a home cell: the TILE_CELL_M square of a fixed lattice in the UTM zone of the
 * field (EPSG:326NN / 327NN) that holds the centre of its bounding box. A cell with home fields is a
 * window, on the 20 m grid (so the 10 m bands and the 20 m SCL share the origin, as in a Sentinel-2
 * tile), covering its home fields' bounding box plus marginM on every side, at least minTilePixels
 * wide; every field that reaches into the window is drawn in it, so two windows over the same place
 * agree. A window depends on the fields near it only: a new or changed field changes the windows
 * that draw it and no other (see tileDigest). The item id carries the real MGRS 100 km square of
 * the cell's centre and, as its sequence number, the cell's place in that square (row × 50 + column).
 *
 * Scenes. One every 5 days (the Sentinel-2 revisit with two satellites), on days fixed per MGRS
 * square so that a date range shifted later gives the same scenes on the days both cover, at about
 * 10:30 local solar time (≈ 05:30 UTC over India); S2B alternating with S2A (S2C from 21 January
 * 2025). No scene later than options.now. Pixels: see synthetic-scene.ts (crop curves, clouds,
 * shadows, cirrus) and synthetic-phenology.ts.
 *
 * Values are written as processing baseline 05.10 stores them: DN = (reflectance + 0.1) / 0.0001,
 * with `raster:bands` scale 0.0001 and offset −0.1 and `earthsearch:boa_offset_applied: false`,
 * so reflectanceScaling() decodes them exactly. Deterministic: the same fields and options give
 * byte-identical files. writeSyntheticCatalog writes every scene of a range at once (items from an
 * earlier run that it does not write are removed); the twin (synthetic-source.ts) instead writes
 * one scene at a time with writeSyntheticScene, when a search needs it.
 */

export interface SyntheticCatalogField {
  id: string;
  /** GeoJSON, WGS 84 lon/lat. */
  boundary: SyntheticFieldInput['boundary'];
  /** The field's crop cycle; without one (and without crops) the field follows a generic kharif/rabi rotation. */
  crop?: SyntheticPlanting | null | undefined;
  /**
   * Other crop cycles of the field (the previous season's, say), drawn as well: with only the
   * current crop, the days before its sowing are bare soil.
   */
  crops?: readonly SyntheticPlanting[] | undefined;
}

export interface SyntheticCatalogOptions {
  /** First and last day of the scenes, YYYY-MM-DD (UTC), inclusive. */
  from: string;
  to: string;
  /** No scene acquired after this instant is written. Default: the current time. */
  now?: Date | string | number;
  /** Ground around a group's fields, in metres on each side. Default 400. */
  marginM?: number;
  /** Smallest window side, in 10 m pixels. Default 96. */
  minTilePixels?: number;
}

export interface SyntheticCatalogResult {
  /** STAC items written (one per scene and window). */
  items: number;
  /** Files written: five GeoTIFFs per item, the item JSON, and catalog.json. */
  files: number;
  /** Windows (groups of fields). */
  tiles: number;
  /** Bytes written. */
  bytes: number;
}

export const SYNTHETIC_COLLECTION = 'sentinel-2-l2a';
export const SYNTHETIC_CATALOG_ID = 'kheti-synthetic-sentinel-2-l2a';
export const SYNTHETIC_PROCESSING_BASELINE = '05.10';
/** Side of a home cell of the tile lattice: 50 cells to a side of a 100 km MGRS square. */
export const TILE_CELL_M = 2000;
const CELLS_PER_SQUARE = 100_000 / TILE_CELL_M;
export const REVISIT_DAYS = 5;
/** Bump when the pixels or the JSON change, so that a cached catalog is known to be stale. */
export const SYNTHETIC_GENERATOR_VERSION = 2;

const DEFAULT_MARGIN_M = 400;
const DEFAULT_MIN_TILE_PX = 96;
const MAX_RANGE_DAYS = 3 * 366;
/** Sentinel-2C replaced Sentinel-2A in the constellation on this day. */
const S2C_FROM_DAY = dayNumber('2025-01-21');

const DESCRIPTION =
  "Synthetic Sentinel-2 L2A scene written by Kheti's offline imagery twin: made-up reflectance from seasonal crop curves, " +
  'clouds and shadows over the registered fields, shaped like an Earth Search v1 item. Not an observation.';

const SYNTHETIC_EXTENSIONS = [
  'https://stac-extensions.github.io/eo/v1.1.0/schema.json',
  'https://stac-extensions.github.io/projection/v1.1.0/schema.json',
  'https://stac-extensions.github.io/raster/v1.1.0/schema.json',
  'https://stac-extensions.github.io/view/v1.0.0/schema.json',
  'https://stac-extensions.github.io/mgrs/v1.0.0/schema.json',
  'https://stac-extensions.github.io/grid/v1.0.0/schema.json',
];

/** The optical assets as Earth Search v1 names them. */
const OPTICAL_ASSETS = [
  { key: 'red', file: 'B04.tif', title: 'Red (band 4) - 10m', description: 'Red (band 4)', wavelength: 0.665, fwhm: 0.038 },
  { key: 'nir', file: 'B08.tif', title: 'NIR 1 (band 8) - 10m', description: 'NIR 1 (band 8)', wavelength: 0.842, fwhm: 0.145 },
  { key: 'green', file: 'B03.tif', title: 'Green (band 3) - 10m', description: 'Green (band 3)', wavelength: 0.56, fwhm: 0.045 },
  { key: 'blue', file: 'B02.tif', title: 'Blue (band 2) - 10m', description: 'Blue (band 2)', wavelength: 0.49, fwhm: 0.098 },
] as const;
const SCL_FILE = 'SCL.tif';
const COG_TYPE = 'image/tiff; application=geotiff; profile=cloud-optimized';
/** Internal GeoTIFF tiles: 64 × 64 at 10 m, 32 × 32 at 20 m (a window spans several). */
const BAND_TILE = 64;
const SCL_TILE = 32;

// ---------------------------------------------------------------------------------------------
// MGRS

const LATITUDE_BANDS = 'CDEFGHJKLMNPQRSTUVWX';
const COLUMN_LETTERS = ['ABCDEFGH', 'JKLMNPQR', 'STUVWXYZ'] as const;
const ROW_LETTERS = 'ABCDEFGHJKLMNPQRSTUV';

/**
 * The MGRS grid zone and 100 km square (e.g. "43REQ") of a UTM position, as Sentinel-2 tiles are
 * named: zone, latitude band, column letter (set by zone mod 3) and row letter (the AA scheme of
 * WGS 84, offset by 5 in even zones).
 */
export function mgrsSquare(
  zone: number,
  easting: number,
  northing: number,
  lat: number,
): { utmZone: number; latitudeBand: string; gridSquare: string; code: string } {
  const band = LATITUDE_BANDS[Math.min(LATITUDE_BANDS.length - 1, Math.max(0, Math.floor((lat + 80) / 8)))]!;
  const column = COLUMN_LETTERS[(zone - 1) % 3]![Math.min(7, Math.max(0, Math.floor(easting / 100_000) - 1))]!;
  const row = ROW_LETTERS[(Math.floor(northing / 100_000) + (zone % 2 === 0 ? 5 : 0)) % 20]!;
  return { utmZone: zone, latitudeBand: band, gridSquare: `${column}${row}`, code: `${zone}${band}${column}${row}` };
}

// ---------------------------------------------------------------------------------------------
// Grouping fields into windows

/** A field in the CRS of its UTM zone: its bounding box and its home cell. */
interface ProjectedField {
  field: SyntheticCatalogField;
  epsg: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  cellX: number;
  cellY: number;
}

/** Synthetic tile: a home cell's window with its names. */
export interface SyntheticTilePlan {
  key: string;
  mgrs: ReturnType<typeof mgrsSquare>;
  sequence: number;
  epsg: number;
  grid: PixelGrid;
  centreLon: number;
  centreLat: number;
  /** Footprint corners, lon/lat, counter-clockwise from the south-west, closed. */
  footprint: [number, number][];
  /** The fields whose home is this tile's cell, by id. */
  fieldIds: string[];
  /** Every field drawn in the window (the home fields and those reaching into it), by id. */
  drawnFieldIds: string[];
  /** The home cell on the lattice of the UTM zone: its south-west corner is (x, y) × TILE_CELL_M. */
  cell: { x: number; y: number };
}

/** A lon/lat box: [west, south, east, north]. */
export type LonLatBox = [number, number, number, number];

/** The lon/lat bounding box of a Polygon or MultiPolygon (outer rings). */
export function boundaryBox(boundary: SyntheticCatalogField['boundary']): LonLatBox {
  const polygons = boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.type === 'MultiPolygon' ? boundary.coordinates : [];
  let minLon = Infinity,
    minLat = Infinity,
    maxLon = -Infinity,
    maxLat = -Infinity;
  for (const polygon of polygons) {
    for (const position of polygon[0] ?? []) {
      const [lon, lat] = position;
      if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) continue;
      minLon = Math.min(minLon, lon);
      maxLon = Math.max(maxLon, lon);
      minLat = Math.min(minLat, lat);
      maxLat = Math.max(maxLat, lat);
    }
  }
  if (!(minLon <= maxLon) || minLat < -80 || maxLat > 84)
    throw new RangeError('a field boundary must be a Polygon or MultiPolygon of lon/lat positions between 80° S and 84° N');
  return [minLon, minLat, maxLon, maxLat];
}

const utmEpsgOf = (lon: number, lat: number) => (lat < 0 ? 32700 : 32600) + Math.min(60, Math.max(1, Math.floor((lon + 180) / 6) + 1));

const roundTo = (value: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

/** One projector and one converter per UTM zone: making a proj4 converter costs far more than projecting a field with it. */
const projectors = new Map<number, ReturnType<typeof projectorForEpsg>>();
function projectorOf(epsg: number) {
  let projector = projectors.get(epsg);
  if (!projector) projectors.set(epsg, (projector = projectorForEpsg(epsg)));
  return projector;
}
const converters = new Map<number, proj4.Converter>();
/** WGS 84 lon/lat ⇄ the UTM zone of epsg (forward and inverse). */
export function utmConverter(epsg: number): proj4.Converter {
  let converter = converters.get(epsg);
  if (!converter) converters.set(epsg, (converter = proj4('EPSG:4326', utmProj4Definition(epsg))));
  return converter;
}

function projectField(field: SyntheticCatalogField): ProjectedField {
  const [west, south, east, north] = boundaryBox(field.boundary);
  const epsg = utmEpsgOf((west + east) / 2, (south + north) / 2);
  const p: ProjectedField = { field, epsg, minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity, cellX: 0, cellY: 0 };
  for (const polygon of projectBoundary(field.boundary, projectorOf(epsg))) {
    const shell = polygon[0]!;
    for (let i = 0; i < shell.length; i += 2) {
      p.minX = Math.min(p.minX, shell[i]!);
      p.maxX = Math.max(p.maxX, shell[i]!);
      p.minY = Math.min(p.minY, shell[i + 1]!);
      p.maxY = Math.max(p.maxY, shell[i + 1]!);
    }
  }
  p.cellX = Math.floor((p.minX + p.maxX) / 2 / TILE_CELL_M);
  p.cellY = Math.floor((p.minY + p.maxY) / 2 / TILE_CELL_M);
  return p;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The windows of the home cells of fields, in a stable order (by MGRS square, then sequence). Each
 * window depends only on its home fields, and what it draws only on the fields that reach into it,
 * so a plan of the fields near a place gives that place's windows as a plan of every field would.
 */
export function planSyntheticTiles(
  fields: readonly SyntheticCatalogField[],
  options: Pick<SyntheticCatalogOptions, 'marginM' | 'minTilePixels'> = {},
): SyntheticTilePlan[] {
  const margin = options.marginM ?? DEFAULT_MARGIN_M;
  const minPx = options.minTilePixels ?? DEFAULT_MIN_TILE_PX;
  if (!(margin >= 0) || !(minPx >= 16)) throw new RangeError('marginM ≥ 0 and minTilePixels ≥ 16');
  const projected = [...fields].sort(byId).map(projectField);
  const cells = new Map<string, ProjectedField[]>();
  for (const p of projected) {
    const key = `${p.epsg}:${p.cellX}:${p.cellY}`;
    const home = cells.get(key);
    if (home) home.push(p);
    else cells.set(key, [p]);
  }

  // Windows: whole 16-pixel blocks (so the 20 m grid has whole 8-pixel blocks), 4 pixels of slack
  // for snapping the origin to the 20 m grid, centred on the home fields.
  const size = (span: number) => Math.max(minPx, Math.ceil((Math.ceil(span / 10) + 4) / 16) * 16);
  const plans = [...cells.values()].map((home) => {
    const { epsg, cellX, cellY } = home[0]!;
    const minX = Math.min(...home.map((p) => p.minX));
    const minY = Math.min(...home.map((p) => p.minY));
    const maxX = Math.max(...home.map((p) => p.maxX));
    const maxY = Math.max(...home.map((p) => p.maxY));
    const width = size(maxX - minX + 2 * margin);
    const height = size(maxY - minY + 2 * margin);
    const originX = Math.floor(((minX + maxX) / 2 - width * 5) / 20) * 20;
    const originY = Math.ceil(((minY + maxY) / 2 + height * 5) / 20) * 20;
    const grid: PixelGrid = { originX, originY, resX: 10, resY: -10, width, height };
    const right = originX + width * 10;
    const bottom = originY - height * 10;
    const converter = utmConverter(epsg);
    const toLonLat = (x: number, y: number): [number, number] => {
      const [lon = Number.NaN, lat = Number.NaN] = converter.inverse([x, y]);
      return [roundTo(lon, 9), roundTo(lat, 9)];
    };
    const [centreLon, centreLat] = toLonLat((originX + right) / 2, (originY + bottom) / 2);
    const cellCentreX = (cellX + 0.5) * TILE_CELL_M;
    const cellCentreY = (cellY + 0.5) * TILE_CELL_M;
    const mgrs = mgrsSquare(epsg % 100, cellCentreX, cellCentreY, toLonLat(cellCentreX, cellCentreY)[1]);
    const mod = (n: number) => ((n % CELLS_PER_SQUARE) + CELLS_PER_SQUARE) % CELLS_PER_SQUARE;
    const sequence = mod(cellY) * CELLS_PER_SQUARE + mod(cellX);
    const footprint = [
      toLonLat(originX, bottom),
      toLonLat(right, bottom),
      toLonLat(right, originY),
      toLonLat(originX, originY),
      toLonLat(originX, bottom),
    ];
    const drawn = projected.filter((p) => p.epsg === epsg && p.maxX > originX && p.minX < right && p.maxY > bottom && p.minY < originY);
    return {
      key: `${mgrs.code}-${sequence}`,
      mgrs,
      sequence,
      epsg,
      grid,
      centreLon,
      centreLat,
      footprint,
      fieldIds: home.map((p) => p.field.id),
      drawnFieldIds: drawn.map((p) => p.field.id),
      cell: { x: cellX, y: cellY },
    };
  });
  return plans.sort((a, b) => (a.mgrs.code < b.mgrs.code ? -1 : a.mgrs.code > b.mgrs.code ? 1 : a.sequence - b.sequence));
}

/**
 * A digest of everything a window's pixels and items depend on: the generator, the window and
 * the fields drawn in it with their crops. It changes when, and only when, the window's scenes
 * must be written again.
 */
export function tileDigest(plan: SyntheticTilePlan, fields: ReadonlyMap<string, SyntheticCatalogField>): string {
  const drawn = plan.drawnFieldIds.map((id) => {
    const f = fields.get(id)!;
    return { id, boundary: f.boundary, crop: f.crop ?? null, crops: f.crops ?? [] };
  });
  const body = JSON.stringify({ version: SYNTHETIC_GENERATOR_VERSION, key: plan.key, epsg: plan.epsg, grid: plan.grid, drawn });
  return createHash('sha256').update(body).digest('hex');
}

/** Prepares a planned window for rendering: what stays the same from scene to scene. */
export function prepareSyntheticTile(plan: SyntheticTilePlan, fields: ReadonlyMap<string, SyntheticCatalogField>): SceneTile {
  return prepareTile({
    key: plan.key,
    epsg: plan.epsg,
    grid: plan.grid,
    centreLon: plan.centreLon,
    centreLat: plan.centreLat,
    fields: plan.drawnFieldIds.map((id) => fields.get(id)!),
  });
}

// ---------------------------------------------------------------------------------------------
// Scenes

export interface SyntheticScenePlan {
  id: string;
  date: string;
  acquiredAt: Date;
  platform: 'sentinel-2a' | 'sentinel-2b' | 'sentinel-2c';
}

/** The overpasses of a window between from and to (inclusive day numbers), none after nowMs. */
export function planSyntheticScenes(tile: SyntheticTilePlan, fromDay: number, toDay: number, nowMs: number): SyntheticScenePlan[] {
  const phase = hashString(tile.mgrs.code) % REVISIT_DAYS;
  const scenes: SyntheticScenePlan[] = [];
  const first = fromDay + ((REVISIT_DAYS - ((((fromDay + phase) % REVISIT_DAYS) + REVISIT_DAYS) % REVISIT_DAYS)) % REVISIT_DAYS);
  for (let day = first; day <= toDay; day += REVISIT_DAYS) {
    const pass = (day + phase) / REVISIT_DAYS;
    const platform = pass % 2 === 0 ? 'sentinel-2b' : day >= S2C_FROM_DAY ? 'sentinel-2c' : 'sentinel-2a';
    // 10:30 local solar time, give or take a minute and a half.
    const seconds = Math.round((10.5 - tile.centreLon / 15) * 3600) + (hashString(`${tile.mgrs.code}:${day}`) % 180) - 90;
    const millis = hashString(`${tile.key}:${day}:ms`) % 1000;
    const acquiredAt = new Date(day * DAY_MS + seconds * 1000 + millis);
    if (acquiredAt.getTime() > nowMs) break;
    const date = dateOfDay(day);
    const letter = platform.slice(-1).toUpperCase();
    scenes.push({ id: `S2${letter}_${tile.mgrs.code}_${date.replaceAll('-', '')}_${tile.sequence}_L2A`, date, acquiredAt, platform });
  }
  return scenes;
}

// ---------------------------------------------------------------------------------------------
// STAC JSON

const pct = (count: number, total: number) => roundTo((count / total) * 100, 6);

function compactTime(at: Date): string {
  return at.toISOString().slice(0, 19).replaceAll('-', '').replaceAll(':', '');
}

function stacItem(
  tile: SyntheticTilePlan,
  scene: SyntheticScenePlan,
  rendered: RenderedScene,
  sclGrid: PixelGrid,
  digest: string,
): Record<string, unknown> {
  const { grid } = tile;
  const counts = rendered.sclCounts;
  const total = sclGrid.width * sclGrid.height;
  const created = new Date(scene.acquiredAt.getTime() + 3 * 3600_000 + (hashString(scene.id) % 3600) * 1000);
  const orbit = (hashString(`orbit:${tile.mgrs.code}`) % 143) + 1;
  const lons = tile.footprint.map((p) => p[0]);
  const lats = tile.footprint.map((p) => p[1]);
  const opticalBand = {
    nodata: 0,
    data_type: 'uint16',
    bits_per_sample: 15,
    spatial_resolution: 10,
    scale: 0.0001,
    offset: -0.1,
  };
  const assets: Record<string, unknown> = {};
  for (const asset of OPTICAL_ASSETS) {
    assets[asset.key] = {
      href: `./${scene.id}/${asset.file}`,
      type: COG_TYPE,
      title: asset.title,
      'eo:bands': [
        {
          name: asset.key,
          common_name: asset.key,
          description: asset.description,
          center_wavelength: asset.wavelength,
          full_width_half_max: asset.fwhm,
        },
      ],
      gsd: 10,
      'proj:shape': [grid.height, grid.width],
      'proj:transform': [grid.resX, 0, grid.originX, 0, grid.resY, grid.originY],
      'raster:bands': [opticalBand],
      roles: ['data', 'reflectance'],
    };
  }
  assets['scl'] = {
    href: `./${scene.id}/${SCL_FILE}`,
    type: COG_TYPE,
    title: 'Scene classification map (SCL)',
    'proj:shape': [sclGrid.height, sclGrid.width],
    'proj:transform': [sclGrid.resX, 0, sclGrid.originX, 0, sclGrid.resY, sclGrid.originY],
    'raster:bands': [{ nodata: 0, data_type: 'uint8', spatial_resolution: 20 }],
    roles: ['data', 'reflectance'],
  };
  const letter = scene.platform.slice(-1).toUpperCase();
  return {
    type: 'Feature',
    stac_version: '1.0.0',
    stac_extensions: SYNTHETIC_EXTENSIONS,
    id: scene.id,
    geometry: { type: 'Polygon', coordinates: [tile.footprint] },
    bbox: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)],
    properties: {
      datetime: scene.acquiredAt.toISOString(),
      created: created.toISOString(),
      updated: created.toISOString(),
      title: `${scene.id} (synthetic)`,
      description: DESCRIPTION,
      'kheti:synthetic': true,
      'kheti:inputs_sha256': digest,
      'kheti:sky': rendered.cirrus && rendered.sky !== 'overcast' ? `${rendered.sky}+cirrus` : rendered.sky,
      platform: scene.platform,
      constellation: 'sentinel-2',
      instruments: ['msi'],
      gsd: 10,
      'eo:cloud_cover': pct(counts[8]! + counts[9]! + counts[10]!, total),
      'proj:epsg': tile.epsg,
      'mgrs:utm_zone': tile.mgrs.utmZone,
      'mgrs:latitude_band': tile.mgrs.latitudeBand,
      'mgrs:grid_square': tile.mgrs.gridSquare,
      'grid:code': `MGRS-${tile.mgrs.code}`,
      'view:sun_azimuth': roundTo(rendered.sun.azimuth, 6),
      'view:sun_elevation': roundTo(rendered.sun.elevation, 6),
      's2:product_type': 'S2MSI2A',
      's2:processing_baseline': SYNTHETIC_PROCESSING_BASELINE,
      's2:product_uri': `S2${letter}_MSIL2A_${compactTime(scene.acquiredAt)}_N${SYNTHETIC_PROCESSING_BASELINE.replace('.', '')}_R${String(orbit).padStart(3, '0')}_T${tile.mgrs.code}_${compactTime(created)}.SAFE`,
      's2:datatake_type': 'INS-NOBS',
      's2:sequence': String(tile.sequence),
      's2:nodata_pixel_percentage': 0,
      's2:saturated_defective_pixel_percentage': 0,
      's2:dark_features_percentage': 0,
      's2:cloud_shadow_percentage': pct(counts[3]!, total),
      's2:vegetation_percentage': pct(counts[4]!, total),
      's2:not_vegetated_percentage': pct(counts[5]!, total),
      's2:water_percentage': pct(counts[6]!, total),
      's2:unclassified_percentage': pct(counts[7]!, total),
      's2:medium_proba_clouds_percentage': pct(counts[8]!, total),
      's2:high_proba_clouds_percentage': pct(counts[9]!, total),
      's2:thin_cirrus_percentage': pct(counts[10]!, total),
      's2:snow_ice_percentage': 0,
      'earthsearch:boa_offset_applied': false,
    },
    links: [
      { rel: 'root', href: '../catalog.json', type: 'application/json', title: 'Kheti offline imagery twin' },
      { rel: 'parent', href: '../catalog.json', type: 'application/json' },
    ],
    assets,
    collection: SYNTHETIC_COLLECTION,
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Writes a file by way of a temporary name, so a reader never sees half of it. */
export async function writeAtomically(path: string, bytes: Uint8Array | string): Promise<number> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
  return typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
}

export const SYNTHETIC_ITEM_NAME = /^S2[ABC]_\d{1,2}[C-X][A-Z]{2}_\d{8}_\d+_L2A$/;

function parseInstant(now: SyntheticCatalogOptions['now']): number {
  if (now === undefined) return Date.now();
  const ms = now instanceof Date ? now.getTime() : typeof now === 'number' ? now : Date.parse(now);
  if (!Number.isFinite(ms)) throw new RangeError(`now must be a date, got ${String(now)}`);
  return ms;
}

/** A digest of everything the output depends on, kept in catalog.json. */
function inputDigest(fields: readonly SyntheticCatalogField[], options: SyntheticCatalogOptions, lastDay: number): string {
  const normalised = [...fields].sort(byId).map((f) => ({ id: f.id, boundary: f.boundary, crop: f.crop ?? null, crops: f.crops ?? [] }));
  const body = JSON.stringify({
    version: SYNTHETIC_GENERATOR_VERSION,
    fields: normalised,
    from: options.from,
    to: dateOfDay(lastDay),
    marginM: options.marginM ?? DEFAULT_MARGIN_M,
    minTilePixels: options.minTilePixels ?? DEFAULT_MIN_TILE_PX,
  });
  return createHash('sha256').update(body).digest('hex');
}

/** Checks the fields as every writer needs them: unique non-empty ids and crop cycles with valid dates. */
export function checkSyntheticFields(fields: readonly SyntheticCatalogField[]): void {
  const ids = new Set<string>();
  for (const field of fields) {
    if (typeof field.id !== 'string' || field.id === '') throw new RangeError('every field needs a non-empty id');
    if (ids.has(field.id)) throw new RangeError(`field id ${field.id} appears twice`);
    ids.add(field.id);
    for (const planting of [...(field.crop ? [field.crop] : []), ...(field.crops ?? [])]) plantingSeason(planting); // throws on bad dates
  }
}

/**
 * Writes one scene of a window into itemsDir: its five GeoTIFFs under itemsDir/<id>/, then its item
 * itemsDir/<id>.json (last, so that an item on disk always has its assets), each file by way of a
 * temporary name. The item carries `kheti:inputs_sha256`, the window's tileDigest. Returns the bytes written.
 */
export async function writeSyntheticScene(
  itemsDir: string,
  plan: SyntheticTilePlan,
  tile: SceneTile,
  scene: SyntheticScenePlan,
  digest: string,
): Promise<number> {
  const rendered = renderScene(tile, scene.acquiredAt);
  const sceneDir = join(itemsDir, scene.id);
  await mkdir(sceneDir, { recursive: true });
  let bytes = 0;
  const band = { epsg: plan.epsg, originX: plan.grid.originX, originY: plan.grid.originY, noData: 0, compression: 'deflate' as const };
  for (const asset of OPTICAL_ASSETS) {
    bytes += await writeAtomically(
      join(sceneDir, asset.file),
      encodeGeoTiff({
        ...band,
        width: plan.grid.width,
        height: plan.grid.height,
        pixelWidth: 10,
        pixelHeight: 10,
        data: rendered[asset.key],
        layout: { tileWidth: BAND_TILE, tileHeight: BAND_TILE },
        predictor: 2,
      }),
    );
  }
  bytes += await writeAtomically(
    join(sceneDir, SCL_FILE),
    encodeGeoTiff({
      ...band,
      width: tile.sclGrid.width,
      height: tile.sclGrid.height,
      pixelWidth: 20,
      pixelHeight: 20,
      data: rendered.scl,
      layout: { tileWidth: SCL_TILE, tileHeight: SCL_TILE },
    }),
  );
  bytes += await writeAtomically(join(itemsDir, `${scene.id}.json`), json(stacItem(plan, scene, rendered, tile.sclGrid, digest)));
  return bytes;
}

/** The root catalog.json of the twin's directory; links to items when they are listed. */
export function syntheticRootCatalog(generator: Record<string, unknown>, itemIds: readonly string[]): string {
  return json({
    type: 'Catalog',
    stac_version: '1.0.0',
    id: SYNTHETIC_CATALOG_ID,
    title: 'Kheti offline imagery twin (synthetic Sentinel-2 L2A)',
    description:
      'Synthetic Sentinel-2 L2A scenes over the registered fields, written by Kheti so that imagery works with no network. ' +
      'Made-up reflectance from seasonal crop curves, clouds and shadows; not observations.',
    'kheti:synthetic': true,
    'kheti:generator': { version: SYNTHETIC_GENERATOR_VERSION, ...generator },
    links: [
      { rel: 'root', href: './catalog.json', type: 'application/json', title: 'Kheti offline imagery twin' },
      ...itemIds.map((id) => ({ rel: 'item', href: `./items/${id}.json`, type: 'application/geo+json' })),
    ],
  });
}

/** Checks a range of days (YYYY-MM-DD) and returns it as day numbers. */
export function syntheticRange(from: string, to: string): { fromDay: number; toDay: number } {
  const fromDay = dayNumber(from);
  const toDay = dayNumber(to);
  if (!Number.isFinite(fromDay)) throw new RangeError(`from must be YYYY-MM-DD, got ${JSON.stringify(from)}`);
  if (!Number.isFinite(toDay)) throw new RangeError(`to must be YYYY-MM-DD, got ${JSON.stringify(to)}`);
  if (toDay < fromDay) throw new RangeError('to must not be before from');
  if (toDay - fromDay > MAX_RANGE_DAYS) throw new RangeError(`the range may span at most ${MAX_RANGE_DAYS} days`);
  return { fromDay, toDay };
}

/**
 * Writes the whole synthetic STAC catalog for fields into dir (created if needed): every scene
 * every 5 days from options.from to options.to, and a catalog.json linking them. Returns what was written.
 */
export async function writeSyntheticCatalog(
  dir: string,
  fields: readonly SyntheticCatalogField[],
  options: SyntheticCatalogOptions,
): Promise<SyntheticCatalogResult> {
  const { fromDay, toDay } = syntheticRange(options.from, options.to);
  const nowMs = parseInstant(options.now);
  checkSyntheticFields(fields);

  const tiles = planSyntheticTiles(fields, options);
  const fieldsById = new Map(fields.map((f) => [f.id, f]));
  const itemsDir = join(dir, 'items');
  await mkdir(itemsDir, { recursive: true });

  let files = 0;
  let bytes = 0;
  let lastDay = fromDay;
  const written: { id: string; datetime: string }[] = [];
  for (const plan of tiles) {
    const tile = prepareSyntheticTile(plan, fieldsById);
    const digest = tileDigest(plan, fieldsById);
    for (const scene of planSyntheticScenes(plan, fromDay, toDay, nowMs)) {
      bytes += await writeSyntheticScene(itemsDir, plan, tile, scene, digest);
      files += 6;
      written.push({ id: scene.id, datetime: scene.acquiredAt.toISOString() });
      lastDay = Math.max(lastDay, dayNumber(scene.date));
    }
  }

  written.sort((a, b) => (a.datetime < b.datetime ? -1 : a.datetime > b.datetime ? 1 : a.id < b.id ? -1 : 1));
  const catalog = syntheticRootCatalog(
    {
      from: options.from,
      to: options.to,
      inputs_sha256: inputDigest(fields, options, lastDay),
      tiles: tiles.map((t) => ({ key: t.key, epsg: t.epsg, grid: t.grid, fields: t.fieldIds })),
    },
    written.map((w) => w.id),
  );
  bytes += await writeAtomically(join(dir, 'catalog.json'), catalog);
  files++;

  // Items of an earlier run (another range, other fields) that this one did not write.
  const keep = new Set(written.map((w) => w.id));
  for (const entry of await readdir(itemsDir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.tmp')) {
      await rm(join(itemsDir, entry.name), { force: true }); // left by an interrupted run
      continue;
    }
    const name = entry.isFile() && entry.name.endsWith('.json') ? entry.name.slice(0, -5) : entry.isDirectory() ? entry.name : null;
    if (name === null || !SYNTHETIC_ITEM_NAME.test(name) || keep.has(name)) continue;
    await rm(join(itemsDir, entry.name), { recursive: true, force: true });
  }
  return { items: written.length, files, tiles: tiles.length, bytes };
}
