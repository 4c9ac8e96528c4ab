import type { MultiPolygon, Polygon } from 'geojson';
import { hashString, seededRandom } from '../../lib/random.js';
import { fieldMask, projectBoundary, projectorForEpsg, type PixelGrid, type Projector } from '../../lib/raster/index.js';
import {
  BARE_SOIL_NDVI,
  cropSeason,
  dateOfDay,
  dayNumber,
  greenFraction,
  plantingSeason,
  type CropSeason,
  type SyntheticPlanting,
} from './synthetic-phenology.js';

/**
 * The pixels of one scene of the offline imagery twin: a small window of a Sentinel-2 tile on one
 * day, as surface reflectance (red, nir, green, blue at 10 m) and a Sen2Cor-like scene
 * classification (SCL at 20 m). Everything is a function of the inputs: no clock, no Math.random.
 *
 * Ground. Inside a registered field the crop's seasonal NDVI curve (synthetic-phenology.ts), scaled
 * per pixel by a vigour surface (a linear gradient across the field in a direction drawn for the
 * field, and a weaker patch, so management zones have something to find), plus noise keyed by
 * field, date and pixel: bounded by ±FIELD_NDVI_NOISE. Outside the fields, a patchwork of parcels
 * about 60–110 m across (a rotated grid) whose kind is drawn per parcel: farmland on a generic
 * kharif/rabi rotation (74 %), fallow (8 %), trees (11 %), built-up land (5 %) and ponds (2 %). Ground values depend only on the
 * place and the day, not on the window, so two windows over the same place agree.
 *
 * Reflectance from NDVI: a two-end-member mix of the district's bare soil and a closed canopy
 * gives red, green and blue for the pixel's green fraction, and NIR is solved from NDVI so that the
 * written red and NIR give back exactly the NDVI intended (up to the 1e-4 quantisation).
 *
 * Atmosphere (per scene, from a PRNG keyed by window and date; monthly odds in CLOUD_ODDS): clear,
 * scattered small clouds, cloudy (blobs over 15–100 % of the window) or overcast; thin cirrus as a
 * veil across the window on some days. Clouds are a sum of Gaussian blobs, computed on the 20 m SCL
 * grid and applied to the four 10 m pixels under each SCL pixel, so the classification and the
 * reflectance always agree: opacity above 0 marks SCL 7 (unclassified, Sen2Cor's low-probability
 * cloud), 0.15 SCL 8, 0.6 SCL 9. Their shadows are the same blobs displaced away from the sun (sun
 * position at the overpass, cloud base 0.8–2 km) and darken the ground (SCL 3; the faint rim 7).
 * Cirrus adds a little reflectance in every band (SCL 10). Pixels that are 4, 5 or 6 carry no
 * cloud at all.
 */

/** What one pixel of ground is. */
export const SURFACE = { LAND: 0, WATER: 1, BUILT: 2 } as const;

/** Within-field NDVI noise: ±PIXEL_NOISE per pixel plus ±SCENE_JITTER per field and scene. */
export const PIXEL_NOISE = 0.03;
export const SCENE_JITTER = 0.01;
/** The most a clear-sky pixel of a field departs from fieldNdviAt (before 1e-4 quantisation). */
export const FIELD_NDVI_NOISE = PIXEL_NOISE + SCENE_JITTER;
/** Vigour = 1 + GRADIENT·u − PATCH·exp(−d²/r²), u from −1 to 1 across the field. */
export const VIGOUR_GRADIENT = 0.12;
export const VIGOUR_PATCH = 0.25;

const NDVI_MIN = -0.5;
const NDVI_MAX = 0.9;
/** NDVI at which the canopy end-member is reached. */
const CANOPY_NDVI = 0.88;
/** Reflectance of bare soil (at tint 1) and of a closed canopy, blue / green / red. */
const SOIL = [0.09, 0.12, 0.16] as const;
const CANOPY = [0.03, 0.075, 0.03] as const;
/** Blue, green, red, NIR. */
const WATER = [0.07, 0.065, 0.045, 0.025] as const;
const BUILT = [0.14, 0.16, 0.19, 0.23] as const;
const CLOUD = [0.52, 0.5, 0.49, 0.55] as const;
/** Cirrus adds veil × these. */
const CIRRUS = [1.1, 1.05, 1, 0.9] as const;
const SHADOW_DARKENING = 0.65;

/** SCL classes written by the twin. */
export const SCL = {
  CLOUD_SHADOWS: 3,
  VEGETATION: 4,
  NOT_VEGETATED: 5,
  WATER: 6,
  UNCLASSIFIED: 7,
  CLOUD_MEDIUM_PROBABILITY: 8,
  CLOUD_HIGH_PROBABILITY: 9,
  THIN_CIRRUS: 10,
} as const;
/** Mean NDVI of a 20 m pixel from which Sen2Cor's stand-in calls it vegetation. */
const VEGETATION_NDVI = 0.35;

/**
 * Odds per calendar month (January first): a cloudy scene, a scene with a few small clouds, and
 * thin cirrus on top of either or of a clear one. About a third of the scenes of the south-west
 * monsoon (June–September) are cloudy, a few in winter. Of the cloudy ones, this share is overcast.
 */
export const CLOUD_ODDS = {
  cloudy: [0.03, 0.03, 0.04, 0.05, 0.08, 0.26, 0.3, 0.3, 0.25, 0.1, 0.05, 0.03],
  scattered: [0.05, 0.05, 0.07, 0.1, 0.15, 0.2, 0.2, 0.2, 0.2, 0.12, 0.07, 0.05],
  cirrus: [0.05, 0.05, 0.08, 0.1, 0.1, 0.08, 0.06, 0.06, 0.08, 0.08, 0.06, 0.05],
  overcastShare: [0.1, 0.1, 0.1, 0.1, 0.1, 0.35, 0.35, 0.35, 0.35, 0.1, 0.1, 0.1],
} as const;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** A 32-bit integer finaliser (lowbias32): every input bit moves every output bit. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A hash of four integers (any sign) as a uint32. */
function hash4(a: number, b: number, c: number, d: number): number {
  return mix((a | 0) ^ mix((b | 0) ^ mix((c | 0) ^ mix((d | 0) + 0x9e3779b9))));
}

function unit(h: number): number {
  return h / 4294967296;
}

/** Noise in [−1, 1], bell-shaped (the mean of three uniforms), from one hash. */
function bell(h: number): number {
  return (unit(mix(h + 1)) + unit(mix(h + 2)) + unit(mix(h + 3)) - 1.5) / 1.5;
}

function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

// ---------------------------------------------------------------------------------------------
// Fields

export interface SyntheticFieldInput {
  id: string;
  /** WGS 84 lon/lat. */
  boundary: Polygon | MultiPolygon;
  /** The crop on the field; without it (and without crops) the field follows a generic kharif/rabi rotation. */
  crop?: SyntheticPlanting | null | undefined;
  /** Other crop cycles of the field, e.g. the previous season's: drawn too, so a range reaching back shows them. */
  crops?: readonly SyntheticPlanting[] | undefined;
}

/** A crop sown every year: on a calendar day plus offsetDays, for days, up to peak NDVI. */
interface YearlyPlanting {
  monthDay: string;
  offsetDays: number;
  days: number;
  peak: number;
}

/** A field or parcel's ground cover: known crop seasons, or a yearly rotation. */
type Cover = { kind: 'seasons'; seasons: CropSeason[] } | { kind: 'rotation'; plantings: YearlyPlanting[] };

/** How a registered field looks from above: its crop and its vigour surface (in the tile's CRS). */
export interface FieldSurface {
  id: string;
  cover: Cover;
  centreX: number;
  centreY: number;
  dirX: number;
  dirY: number;
  halfExtent: number;
  patchX: number;
  patchY: number;
  patchRadius: number;
}

/** Kharif sown mid-June to July, rabi late October to November; random draws pick the details. */
function genericRotation(draw: () => number, kharif: boolean, rabi: boolean): YearlyPlanting[] {
  const plantings: YearlyPlanting[] = [];
  const kharifPlanting = {
    monthDay: '06-15',
    offsetDays: Math.floor(draw() * 36),
    days: 95 + Math.floor(draw() * 36),
    peak: 0.7 + draw() * 0.15,
  };
  const rabiPlanting = {
    monthDay: '10-28',
    offsetDays: Math.floor(draw() * 31),
    days: 115 + Math.floor(draw() * 36),
    peak: 0.68 + draw() * 0.14,
  };
  if (kharif) plantings.push(kharifPlanting);
  if (rabi) plantings.push(rabiPlanting);
  return plantings;
}

const seasonCache = new Map<string, CropSeason>();

/** Green amplitude (peak − soil) × green fraction of a cover on a day: the NDVI above bare soil. */
function coverAmplitude(cover: Cover, day: number): number {
  if (cover.kind === 'seasons') {
    let amplitude = 0;
    for (const season of cover.seasons) amplitude = Math.max(amplitude, (season.peak - BARE_SOIL_NDVI) * greenFraction(season, day));
    return amplitude;
  }
  const year = Number(dateOfDay(day).slice(0, 4));
  let amplitude = 0;
  for (const planting of cover.plantings) {
    for (const y of [year - 1, year]) {
      const key = `${y}:${planting.monthDay}:${planting.offsetDays}:${planting.days}:${planting.peak}`;
      let season = seasonCache.get(key);
      if (!season) {
        season = cropSeason('generic', dayNumber(`${y}-${planting.monthDay}`) + planting.offsetDays, planting.days, planting.peak);
        if (seasonCache.size > 10_000) seasonCache.clear();
        seasonCache.set(key, season);
      }
      amplitude = Math.max(amplitude, (season.peak - BARE_SOIL_NDVI) * greenFraction(season, day));
    }
  }
  return amplitude;
}

/** The field's surface in the CRS of project: crop cover, gradient direction and weak patch. */
export function fieldSurface(field: SyntheticFieldInput, project: Projector): FieldSurface {
  const polygons = projectBoundary(field.boundary, project);
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const polygon of polygons) {
    const shell = polygon[0]!;
    for (let i = 0; i < shell.length; i += 2) {
      minX = Math.min(minX, shell[i]!);
      maxX = Math.max(maxX, shell[i]!);
      minY = Math.min(minY, shell[i + 1]!);
      maxY = Math.max(maxY, shell[i + 1]!);
    }
  }
  const draw = seededRandom(`field:${field.id}`);
  const angle = draw() * 2 * Math.PI;
  const dirX = Math.cos(angle);
  const dirY = Math.sin(angle);
  const centreX = (minX + maxX) / 2;
  const centreY = (minY + maxY) / 2;
  let halfExtent = 10;
  for (const polygon of polygons) {
    const shell = polygon[0]!;
    for (let i = 0; i < shell.length; i += 2) {
      halfExtent = Math.max(halfExtent, Math.abs((shell[i]! - centreX) * dirX + (shell[i + 1]! - centreY) * dirY));
    }
  }
  const width = maxX - minX;
  const height = maxY - minY;
  const patchX = centreX + (draw() - 0.5) * 0.6 * width;
  const patchY = centreY + (draw() - 0.5) * 0.6 * height;
  const patchRadius = Math.max(15, 0.25 * Math.max(width, height));
  const plantings = [...(field.crop ? [field.crop] : []), ...(field.crops ?? [])];
  const cover: Cover =
    plantings.length > 0
      ? { kind: 'seasons', seasons: plantings.map(plantingSeason) }
      : { kind: 'rotation', plantings: genericRotation(draw, true, true) };
  return { id: field.id, cover, centreX, centreY, dirX, dirY, halfExtent, patchX, patchY, patchRadius };
}

/** The vigour factor of a field at (x, y): around 1, lower to one side and in the weak patch. */
export function fieldVigour(surface: FieldSurface, x: number, y: number): number {
  const u = ((x - surface.centreX) * surface.dirX + (y - surface.centreY) * surface.dirY) / surface.halfExtent;
  const dx = x - surface.patchX;
  const dy = y - surface.patchY;
  return 1 + VIGOUR_GRADIENT * u - VIGOUR_PATCH * Math.exp(-(dx * dx + dy * dy) / (surface.patchRadius * surface.patchRadius));
}

function clampNdvi(n: number): number {
  return Math.min(NDVI_MAX, Math.max(NDVI_MIN, n));
}

/** A field's NDVI at (x, y) on a day (YYYY-MM-DD or day number), without noise or atmosphere. */
export function fieldNdviAt(surface: FieldSurface, date: string | number, x: number, y: number): number {
  const day = typeof date === 'number' ? date : dayNumber(date);
  return clampNdvi(BARE_SOIL_NDVI + coverAmplitude(surface.cover, day) * fieldVigour(surface, x, y));
}

// ---------------------------------------------------------------------------------------------
// Tiles

/** One window of a (made-up) Sentinel-2 tile: its place, its fields, and what stays the same from day to day. */
export interface SceneTile {
  /** Keys the tile's cloud draws, e.g. "43REQ-0". */
  key: string;
  epsg: number;
  /** The 10 m grid; width and height even, origin on the 20 m grid. */
  grid: PixelGrid;
  /** The 20 m SCL grid over the same extent. */
  sclGrid: PixelGrid;
  /** Where the sun is computed: the window's centre, lon/lat. */
  centreLon: number;
  centreLat: number;
  fields: FieldSurface[];
  /** Per 10 m pixel: index into fields, or −1. */
  fieldOf: Int16Array;
  /** Per 10 m pixel inside a field: the field's vigour there. */
  vigour: Float32Array;
  /** Per 10 m pixel outside fields: index into parcels. */
  parcelOf: Int32Array;
  parcels: Parcel[];
  /** Per 10 m pixel outside fields: a fixed NDVI texture. */
  texture: Float32Array;
  /** Per 10 m pixel: column and row on the CRS-wide 10 m lattice (origin 0, 0), for noise keys. */
  absCol0: number;
  absRow0: number;
  /** Bare soil brightness of the district, × SOIL. */
  soilTint: number;
}

interface Parcel {
  surface: (typeof SURFACE)[keyof typeof SURFACE];
  /** Farmland and fallow: the cover; trees: a base NDVI with a monsoon flush. */
  cover: Cover | null;
  baseNdvi: number;
}

export interface TileSpec {
  key: string;
  epsg: number;
  grid: PixelGrid;
  centreLon: number;
  centreLat: number;
  fields: SyntheticFieldInput[];
}

/** Parcel of the background patchwork at lattice cell (i, j) of the CRS. */
function drawParcel(epsg: number, i: number, j: number): Parcel {
  const h = (salt: number) => unit(hash4(epsg, i, j, salt));
  const kind = h(1);
  const draws = [h(2), h(3), h(4), h(5), h(6), h(7)];
  let next = 0;
  const draw = () => draws[next++ % draws.length]!;
  if (kind < 0.5) return { surface: SURFACE.LAND, cover: { kind: 'rotation', plantings: genericRotation(draw, true, true) }, baseNdvi: 0 };
  if (kind < 0.65)
    return { surface: SURFACE.LAND, cover: { kind: 'rotation', plantings: genericRotation(draw, true, false) }, baseNdvi: 0 };
  if (kind < 0.74)
    return { surface: SURFACE.LAND, cover: { kind: 'rotation', plantings: genericRotation(draw, false, true) }, baseNdvi: 0 };
  if (kind < 0.82) return { surface: SURFACE.LAND, cover: null, baseNdvi: BARE_SOIL_NDVI - 0.03 + 0.06 * draw() };
  if (kind < 0.93) return { surface: SURFACE.LAND, cover: null, baseNdvi: 0.55 + 0.15 * draw() };
  if (kind < 0.98) return { surface: SURFACE.BUILT, cover: null, baseNdvi: 0 };
  return { surface: SURFACE.WATER, cover: null, baseNdvi: 0 };
}

/** 1 in mid-August, 0 in mid-February: the monsoon flush of trees and weeds. */
function monsoonness(day: number): number {
  const date = dateOfDay(day);
  const doy = day - dayNumber(`${date.slice(0, 4)}-01-01`) + 1;
  return 0.5 + 0.5 * Math.cos((2 * Math.PI * (doy - 228)) / 365);
}

function parcelNdvi(parcel: Parcel, day: number): number {
  if (parcel.surface !== SURFACE.LAND) return Number.NaN;
  if (parcel.cover) return BARE_SOIL_NDVI + coverAmplitude(parcel.cover, day);
  const m = monsoonness(day);
  // Trees (base above 0.5) flush a little in the rains; fallow land greens with weeds.
  return parcel.baseNdvi + (parcel.baseNdvi > 0.5 ? 0.08 : 0.12) * m;
}

/** Builds the parts of a tile that do not change from scene to scene. */
export function prepareTile(spec: TileSpec): SceneTile {
  const { grid, epsg } = spec;
  if (grid.width % 2 !== 0 || grid.height % 2 !== 0 || grid.resX !== 10 || grid.resY !== -10) {
    throw new RangeError('a synthetic tile has a 10 m grid of even width and height');
  }
  if (grid.originX % 20 !== 0 || grid.originY % 20 !== 0) throw new RangeError('a synthetic tile starts on the 20 m grid');
  const project = projectorForEpsg(epsg);
  const fields = spec.fields.map((field) => fieldSurface(field, project));
  const n = grid.width * grid.height;
  const fieldOf = new Int16Array(n).fill(-1);
  const vigour = new Float32Array(n);
  spec.fields.forEach((field, f) => {
    const { window, mask } = fieldMask(field.boundary, project, grid);
    for (let r = 0; r < window.height; r++) {
      for (let c = 0; c < window.width; c++) {
        if (!mask[r * window.width + c]) continue;
        const i = (window.y0 + r) * grid.width + window.x0 + c;
        if (fieldOf[i] !== -1) continue; // overlapping fields: the first one keeps the pixel
        fieldOf[i] = f;
        const x = grid.originX + (window.x0 + c + 0.5) * grid.resX;
        const y = grid.originY + (window.y0 + r + 0.5) * grid.resY;
        vigour[i] = fieldVigour(fields[f]!, x, y);
      }
    }
  });

  // The patchwork: a lattice rotated by an angle of the neighbourhood (10 km cells), with cells of
  // 60–110 m; the same place always gets the same parcel, whatever window covers it.
  const centreX = grid.originX + (grid.width * grid.resX) / 2;
  const centreY = grid.originY + (grid.height * grid.resY) / 2;
  const cellI = Math.round(centreX / 10_000);
  const cellJ = Math.round(centreY / 10_000);
  const angle = (unit(hash4(epsg, cellI, cellJ, 11)) - 0.5) * 0.6;
  const parcelW = 70 + 40 * unit(hash4(epsg, cellI, cellJ, 12));
  const parcelH = 60 + 30 * unit(hash4(epsg, cellI, cellJ, 13));
  const soilTint = 0.8 + 0.4 * unit(hash4(epsg, cellI, cellJ, 14));
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const absCol0 = Math.round(grid.originX / 10);
  const absRow0 = Math.round(-grid.originY / 10);
  const parcelOf = new Int32Array(n).fill(-1);
  const texture = new Float32Array(n);
  const parcels: Parcel[] = [];
  const parcelIndex = new Map<string, number>();
  for (let r = 0; r < grid.height; r++) {
    const y = grid.originY + (r + 0.5) * grid.resY;
    for (let c = 0; c < grid.width; c++) {
      const i = r * grid.width + c;
      if (fieldOf[i] !== -1) continue;
      const x = grid.originX + (c + 0.5) * grid.resX;
      const u = x * cos + y * sin;
      const v = -x * sin + y * cos;
      const pi = Math.floor(u / parcelW);
      const pj = Math.floor(v / parcelH);
      const key = `${pi},${pj}`;
      let p = parcelIndex.get(key);
      if (p === undefined) {
        p = parcels.length;
        parcels.push(drawParcel(epsg, pi, pj));
        parcelIndex.set(key, p);
      }
      parcelOf[i] = p;
      texture[i] = 0.02 * bell(hash4(epsg, absCol0 + c, absRow0 + r, 21));
    }
  }
  return {
    key: spec.key,
    epsg,
    grid,
    sclGrid: { originX: grid.originX, originY: grid.originY, resX: 20, resY: -20, width: grid.width / 2, height: grid.height / 2 },
    centreLon: spec.centreLon,
    centreLat: spec.centreLat,
    fields,
    fieldOf,
    vigour,
    parcelOf,
    parcels,
    texture,
    absCol0,
    absRow0,
    soilTint,
  };
}

// ---------------------------------------------------------------------------------------------
// Sun and atmosphere

/** Sun azimuth (degrees clockwise from north) and elevation at a place and UTC instant; ±1° or so. */
export function sunPosition(lon: number, lat: number, at: Date): { azimuth: number; elevation: number } {
  const startOfYear = Date.UTC(at.getUTCFullYear(), 0, 1);
  const doy = Math.floor((at.getTime() - startOfYear) / 86_400_000) + 1;
  const gamma = (2 * Math.PI * (doy - 1 + (at.getUTCHours() - 12) / 24)) / 365;
  // NOAA's Fourier series for the declination and the equation of time.
  const decl =
    0.006918 -
    0.399912 * Math.cos(gamma) +
    0.070257 * Math.sin(gamma) -
    0.006758 * Math.cos(2 * gamma) +
    0.000907 * Math.sin(2 * gamma) -
    0.002697 * Math.cos(3 * gamma) +
    0.00148 * Math.sin(3 * gamma);
  const eqTimeMin =
    229.18 *
    (0.000075 + 0.001868 * Math.cos(gamma) - 0.032077 * Math.sin(gamma) - 0.014615 * Math.cos(2 * gamma) - 0.040849 * Math.sin(2 * gamma));
  const utcMin = at.getUTCHours() * 60 + at.getUTCMinutes() + at.getUTCSeconds() / 60;
  const solarMin = utcMin + eqTimeMin + 4 * lon;
  const hourAngle = ((solarMin / 4 - 180) * Math.PI) / 180;
  const phi = (lat * Math.PI) / 180;
  const cosZenith = Math.sin(phi) * Math.sin(decl) + Math.cos(phi) * Math.cos(decl) * Math.cos(hourAngle);
  const zenith = Math.acos(Math.min(1, Math.max(-1, cosZenith)));
  const fromSouth = Math.atan2(Math.sin(hourAngle), Math.cos(hourAngle) * Math.sin(phi) - Math.tan(decl) * Math.cos(phi));
  const azimuth = ((fromSouth * 180) / Math.PI + 180 + 360) % 360;
  return { azimuth, elevation: 90 - (zenith * 180) / Math.PI };
}

export type SkyKind = 'clear' | 'scattered' | 'cloudy' | 'overcast';

interface Blob {
  x: number;
  y: number;
  radius: number;
}

/** A scene's atmosphere over a tile, on the tile's 20 m grid. */
interface Sky {
  kind: SkyKind;
  cirrus: boolean;
  /** Per SCL pixel: cloud opacity 0–1, shadow 0–1, cirrus reflectance added. */
  opacity: Float32Array;
  shadow: Float32Array;
  veil: Float32Array;
}

function blobDensity(blobs: readonly Blob[], x: number, y: number): number {
  let density = 0;
  for (const blob of blobs) {
    const dx = x - blob.x;
    const dy = y - blob.y;
    const d2 = (dx * dx + dy * dy) / (blob.radius * blob.radius);
    if (d2 < 16) density += Math.exp(-d2);
  }
  return density;
}

function drawSky(tile: SceneTile, date: string, sun: { azimuth: number; elevation: number }): Sky {
  const { sclGrid } = tile;
  const n = sclGrid.width * sclGrid.height;
  const draw = seededRandom(`${tile.key}:sky:${date}`);
  const month = Number(date.slice(5, 7)) - 1;
  const roll = draw();
  let kind: SkyKind =
    roll < CLOUD_ODDS.cloudy[month]! ? 'cloudy' : roll < CLOUD_ODDS.cloudy[month]! + CLOUD_ODDS.scattered[month]! ? 'scattered' : 'clear';
  if (kind === 'cloudy' && draw() < CLOUD_ODDS.overcastShare[month]!) kind = 'overcast';
  const cirrus = kind !== 'overcast' && draw() < CLOUD_ODDS.cirrus[month]!;
  const sky: Sky = { kind, cirrus, opacity: new Float32Array(n), shadow: new Float32Array(n), veil: new Float32Array(n) };
  if (kind === 'overcast') {
    sky.opacity.fill(1);
    return sky;
  }
  const widthM = sclGrid.width * sclGrid.resX;
  const heightM = -sclGrid.height * sclGrid.resY;
  const extent = Math.max(widthM, heightM);
  const blobs: Blob[] = [];
  if (kind === 'cloudy') {
    const cover = 0.15 + 0.85 * draw();
    const count = 3 + Math.floor(draw() * 5);
    for (let b = 0; b < count; b++) {
      blobs.push({
        x: sclGrid.originX + (draw() * 1.2 - 0.1) * widthM,
        y: sclGrid.originY - (draw() * 1.2 - 0.1) * heightM,
        radius: extent * (0.08 + 0.22 * cover) * (0.6 + 0.8 * draw()),
      });
    }
  } else if (kind === 'scattered') {
    const count = 1 + Math.floor(draw() * 3);
    for (let b = 0; b < count; b++) {
      blobs.push({
        x: sclGrid.originX + draw() * widthM,
        y: sclGrid.originY - draw() * heightM,
        radius: 60 + 140 * draw(),
      });
    }
  }
  // Shadows fall away from the sun by cloud height × tan(zenith).
  const cloudBase = 800 + 1200 * draw();
  const elevation = Math.max(10, sun.elevation);
  const reach = cloudBase / Math.tan((elevation * Math.PI) / 180);
  const az = (sun.azimuth * Math.PI) / 180;
  const shiftX = -Math.sin(az) * reach;
  const shiftY = -Math.cos(az) * reach;
  // Cirrus: a veil along a band across the window.
  const veilAngle = draw() * Math.PI;
  const veilCentreX = sclGrid.originX + draw() * widthM;
  const veilCentreY = sclGrid.originY - draw() * heightM;
  const veilHalfWidth = 150 + 450 * draw();
  const veilStrength = 0.02 + 0.04 * draw();
  const nx = -Math.sin(veilAngle);
  const ny = Math.cos(veilAngle);

  for (let r = 0; r < sclGrid.height; r++) {
    const y = sclGrid.originY + (r + 0.5) * sclGrid.resY;
    for (let c = 0; c < sclGrid.width; c++) {
      const x = sclGrid.originX + (c + 0.5) * sclGrid.resX;
      const i = r * sclGrid.width + c;
      if (blobs.length > 0) {
        sky.opacity[i] = smoothstep(0.35, 0.9, blobDensity(blobs, x, y));
        sky.shadow[i] = smoothstep(0.35, 0.9, blobDensity(blobs, x - shiftX, y - shiftY));
      }
      if (cirrus) {
        const d = ((x - veilCentreX) * nx + (y - veilCentreY) * ny) / veilHalfWidth;
        sky.veil[i] = d * d < 1 ? veilStrength * (1 - d * d) : 0;
      }
    }
  }
  return sky;
}

// ---------------------------------------------------------------------------------------------
// Rendering

export interface RenderedScene {
  date: string;
  sky: SkyKind;
  cirrus: boolean;
  sun: { azimuth: number; elevation: number };
  /** Digital numbers, DN = (reflectance + 0.1) / 0.0001, 10 m. */
  red: Uint16Array;
  nir: Uint16Array;
  green: Uint16Array;
  blue: Uint16Array;
  /** 20 m. */
  scl: Uint8Array;
  /** Pixels of each SCL class 0–11. */
  sclCounts: Uint32Array;
}

function toDn(reflectance: number): number {
  return Math.min(65535, Math.max(1, Math.round((reflectance + 0.1) * 10_000)));
}

/** The five bands of one scene over the tile; acquiredAt is the overpass time (for the sun). */
export function renderScene(tile: SceneTile, acquiredAt: Date): RenderedScene {
  const date = acquiredAt.toISOString().slice(0, 10);
  const day = dayNumber(date);
  const { grid, sclGrid } = tile;
  const sun = sunPosition(tile.centreLon, tile.centreLat, acquiredAt);
  const sky = drawSky(tile, date, sun);

  const fieldAmplitude = tile.fields.map((field) => coverAmplitude(field.cover, day));
  const fieldShift = tile.fields.map((field) => SCENE_JITTER * (2 * seededRandom(`${field.id}:${date}`)() - 1));
  const fieldSeed = tile.fields.map((field) => hashString(`${field.id}:${date}`));
  const parcelValues = tile.parcels.map((parcel) => parcelNdvi(parcel, day));
  const groundSeed = hashString(`ground:${tile.epsg}:${date}`);

  const n = grid.width * grid.height;
  const red = new Uint16Array(n);
  const nir = new Uint16Array(n);
  const green = new Uint16Array(n);
  const blue = new Uint16Array(n);
  const groundNdvi = new Float32Array(n);
  const surfaceOf = new Uint8Array(n);
  const soil = SOIL.map((v) => v * tile.soilTint);
  const ground = [0, 0, 0, 0];

  for (let r = 0; r < grid.height; r++) {
    const sclRow = (r >> 1) * sclGrid.width;
    for (let c = 0; c < grid.width; c++) {
      const i = r * grid.width + c;
      const f = tile.fieldOf[i]!;
      let surface: number = SURFACE.LAND;
      let ndvi: number;
      const absCol = tile.absCol0 + c;
      const absRow = tile.absRow0 + r;
      if (f >= 0) {
        ndvi = BARE_SOIL_NDVI + fieldAmplitude[f]! * tile.vigour[i]!;
        ndvi = clampNdvi(ndvi);
        ndvi += fieldShift[f]! + PIXEL_NOISE * bell(hash4(fieldSeed[f]!, absCol, absRow, 0));
      } else {
        const parcel = tile.parcels[tile.parcelOf[i]!]!;
        surface = parcel.surface;
        ndvi = parcelValues[tile.parcelOf[i]!]! + tile.texture[i]! + 0.01 * bell(hash4(groundSeed, absCol, absRow, 1));
      }
      if (surface === SURFACE.WATER) {
        for (let b = 0; b < 4; b++) ground[b] = WATER[b]!;
      } else if (surface === SURFACE.BUILT) {
        for (let b = 0; b < 4; b++) ground[b] = BUILT[b]! * (0.9 + 0.2 * unit(hash4(tile.epsg, absCol, absRow, 31)));
      } else {
        ndvi = clampNdvi(ndvi);
        const cover = Math.min(1, Math.max(0, (ndvi - BARE_SOIL_NDVI) / (CANOPY_NDVI - BARE_SOIL_NDVI)));
        for (let b = 0; b < 3; b++) ground[b] = soil[b]! * (1 - cover) + CANOPY[b]! * cover;
        ground[3] = (ground[2]! * (1 + ndvi)) / (1 - ndvi);
      }
      surfaceOf[i] = surface;
      groundNdvi[i] = surface === SURFACE.LAND ? ndvi : (ground[3]! - ground[2]!) / (ground[3]! + ground[2]!);

      const s = sclRow + (c >> 1);
      const opacity = sky.opacity[s]!;
      const darkening = 1 - SHADOW_DARKENING * sky.shadow[s]!;
      const veil = sky.veil[s]!;
      const clear = 1 - opacity;
      blue[i] = toDn((ground[0]! * darkening + veil * CIRRUS[0]) * clear + CLOUD[0] * opacity);
      green[i] = toDn((ground[1]! * darkening + veil * CIRRUS[1]) * clear + CLOUD[1] * opacity);
      red[i] = toDn((ground[2]! * darkening + veil * CIRRUS[2]) * clear + CLOUD[2] * opacity);
      nir[i] = toDn((ground[3]! * darkening + veil * CIRRUS[3]) * clear + CLOUD[3] * opacity);
    }
  }

  const scl = new Uint8Array(sclGrid.width * sclGrid.height);
  const sclCounts = new Uint32Array(12);
  for (let r = 0; r < sclGrid.height; r++) {
    for (let c = 0; c < sclGrid.width; c++) {
      const s = r * sclGrid.width + c;
      const opacity = sky.opacity[s]!;
      const shadow = sky.shadow[s]!;
      let cls: number;
      if (opacity >= 0.6) cls = SCL.CLOUD_HIGH_PROBABILITY;
      else if (opacity >= 0.15) cls = SCL.CLOUD_MEDIUM_PROBABILITY;
      else if (shadow >= 0.1) cls = SCL.CLOUD_SHADOWS;
      else if (sky.veil[s]! > 0) cls = SCL.THIN_CIRRUS;
      else if (opacity > 0 || shadow > 0) cls = SCL.UNCLASSIFIED;
      else {
        // The four 10 m pixels under this 20 m one.
        const a = 2 * r * grid.width + 2 * c;
        const b = a + grid.width;
        let water = 0;
        if (surfaceOf[a] === SURFACE.WATER) water++;
        if (surfaceOf[a + 1] === SURFACE.WATER) water++;
        if (surfaceOf[b] === SURFACE.WATER) water++;
        if (surfaceOf[b + 1] === SURFACE.WATER) water++;
        const sum = groundNdvi[a]! + groundNdvi[a + 1]! + groundNdvi[b]! + groundNdvi[b + 1]!;
        cls = water >= 2 ? SCL.WATER : sum / 4 >= VEGETATION_NDVI ? SCL.VEGETATION : SCL.NOT_VEGETATED;
      }
      scl[s] = cls;
      sclCounts[cls]!++;
    }
  }
  return { date, sky: sky.kind, cirrus: sky.cirrus, sun, red, nir, green, blue, scl, sclCounts };
}
