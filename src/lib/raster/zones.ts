import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import proj4 from 'proj4';
import { geodesicAreaHa } from '../geometry/measure.js';
import { RasterInputError } from './errors.js';
import type { FieldMask } from './field-mask.js';
import { polygonizeClasses, type PixelPolygon } from './polygonize.js';
import { utmProj4Definition } from './projection.js';
import { mean, percentileOfSorted, type FloatArray } from './statistics.js';

/**
 * Management zones: a field split into k classes of an index (default 3, 2–7), as GeoJSON.
 *
 * 1. Classes: 1-D k-means over the field's valid pixels, by Lloyd's algorithm (Lloyd, S.P. 1982,
 *    "Least squares quantization in PCM", IEEE Trans. Inf. Theory 28(2):129–137). In one dimension
 *    the clusters are intervals of the sorted values, so each iteration is k binary searches and
 *    k prefix-sum means, O(k log n). The start is deterministic: centres at the quantiles
 *    (j + ½)/k of the values (numpy's linear percentile). Lloyd stops when no value changes class.
 *    A value exactly between two centres goes to the lower class. With no more distinct values than
 *    k, each distinct value is its own class. Classes are numbered upwards: zone 1 is the lowest.
 * 2. Pixels of the field without a valid value (cloud, shadow, no data) take the class of the
 *    nearest valid pixel of the field (Euclidean distance between pixel centres, exact distance
 *    transform of Felzenszwalb & Huttenlocher 2012, ties in a fixed order), so the zones cover the
 *    whole field and not only its clear part. Their values stay out of the zone statistics.
 * 3. Majority filter (optional, on by default): a 3×3 majority filter like ArcGIS's Majority
 *    Filter or GRASS r.neighbors method=mode, applied once to every pixel at the same time: a pixel
 *    takes the class that holds more than half of its neighbours inside the field (of 8 inside the
 *    field, 5 or more). It removes salt-and-pepper pixels that no farmer can manage separately and
 *    leaves edges between two large zones where they are. A class that disappears is dropped and
 *    the zones are renumbered from 1 upwards.
 * 4. Polygons: each zone's pixel squares traced into polygons with holes (polygonize.ts), then
 *    inverse-projected from the raster's UTM CRS to WGS 84 lon/lat (positions rounded to 1e-9°,
 *    0.1 mm). The zones tile the field's pixel squares, so their total area is the field's pixel
 *    area, which differs from the drawn polygon's area by the pixels cut by its boundary: about
 *    half a pixel per pixel of perimeter, either way, mostly cancelling.
 *
 * Properties: zone (1 = lowest), mean/min/max of the index over the zone's valid pixels (mean as
 * numpy computes it, null when every pixel of the zone was filled in), pixelCount (all the zone's
 * pixels, filled ones included) and areaHa (geodesic area of the zone's polygons).
 */

export const DEFAULT_ZONE_COUNT = 3;
export const MIN_ZONE_COUNT = 2;
export const MAX_ZONE_COUNT = 7;

/** Lloyd converges in a handful of iterations on real fields; the cap only guards against a cycle on ties. */
const MAX_LLOYD_ITERATIONS = 1000;

export interface KMeans1d {
  /** Mean of each class, ascending. */
  centres: number[];
  /** breaks[j] separates class j from j+1: values ≤ breaks[j] (and above breaks[j−1]) are class j. */
  breaks: number[];
  /** Values in each class. */
  counts: number[];
}

/** Index of the first value > x in an ascending array (the count of values ≤ x). */
function upperBound(sorted: Float64Array, x: number, from: number): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** k-means of finite values in one dimension (Lloyd, quantile start); fewer classes when values have fewer distinct values. */
export function kMeans1d(values: FloatArray, k: number): KMeans1d {
  if (!(Number.isInteger(k) && k >= 1)) throw new RasterInputError('k', `must be a whole number ≥ 1, got ${k}`);
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return { centres: [], breaks: [], counts: [] };
  if (!Number.isFinite(sorted[0]!) || !Number.isFinite(sorted[n - 1]!)) {
    throw new RasterInputError('values', 'must all be finite');
  }
  const distinct: number[] = [];
  const distinctCounts: number[] = [];
  for (let i = 0; i < n && distinct.length <= k; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      distinct.push(sorted[i]!);
      distinctCounts.push(0);
    }
    distinctCounts[distinctCounts.length - 1]! += 1;
  }
  if (distinct.length <= k) {
    return { centres: distinct, breaks: distinct.slice(1).map((v, j) => (distinct[j]! + v) / 2), counts: distinctCounts };
  }

  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + sorted[i]!;
  const centres = Array.from({ length: k }, (_, j) => percentileOfSorted(sorted, (100 * (j + 0.5)) / k));
  const bounds = new Int32Array(k + 1);
  bounds[k] = n;
  for (let iteration = 0; iteration < MAX_LLOYD_ITERATIONS; iteration++) {
    let changed = iteration === 0;
    for (let j = 1; j < k; j++) {
      const b = Math.max(upperBound(sorted, (centres[j - 1]! + centres[j]!) / 2, 0), bounds[j - 1]!);
      if (b !== bounds[j]) changed = true;
      bounds[j] = b;
    }
    if (!changed) break;
    for (let j = 0; j < k; j++) {
      const from = bounds[j]!;
      const to = bounds[j + 1]!;
      if (to > from) centres[j] = (prefix[to]! - prefix[from]!) / (to - from);
    }
  }
  // Classes Lloyd left empty (only possible with many equal values) are dropped.
  const kept: number[] = [];
  const counts: number[] = [];
  for (let j = 0; j < k; j++) {
    if (bounds[j + 1]! > bounds[j]!) {
      kept.push(centres[j]!);
      counts.push(bounds[j + 1]! - bounds[j]!);
    }
  }
  return { centres: kept, breaks: kept.slice(1).map((v, j) => (kept[j]! + v) / 2), counts };
}

/**
 * For every pixel, the index of the nearest pixel with seed 1 (Euclidean distance between
 * centres), or −1 when there is none: the exact squared distance transform of Felzenszwalb &
 * Huttenlocher ("Distance transforms of sampled functions", Theory of Computing 8, 2012), a
 * column pass and then the lower envelope of parabolas along each row, carrying the argmin.
 * Among equally near seeds the one to the north wins within a column and the westernmost
 * envelope parabola along a row.
 */
export function nearestSeed(seed: Uint8Array, width: number, height: number): Int32Array {
  const rowOf = new Int32Array(width * height).fill(-1);
  const g = new Float64Array(width * height).fill(Infinity);
  for (let x = 0; x < width; x++) {
    let last = -1;
    for (let y = 0; y < height; y++) {
      if (seed[y * width + x]) last = y;
      if (last >= 0) {
        rowOf[y * width + x] = last;
        g[y * width + x] = (y - last) * (y - last);
      }
    }
    let below = -1;
    for (let y = height - 1; y >= 0; y--) {
      if (seed[y * width + x]) below = y;
      if (below >= 0 && (below - y) * (below - y) < g[y * width + x]!) {
        rowOf[y * width + x] = below;
        g[y * width + x] = (below - y) * (below - y);
      }
    }
  }
  const nearest = new Int32Array(width * height).fill(-1);
  const v = new Int32Array(width);
  const z = new Float64Array(width + 1);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let k = -1;
    for (let q = 0; q < width; q++) {
      const gq = g[row + q]!;
      if (gq === Infinity) continue;
      let s = -Infinity;
      while (k >= 0) {
        const p = v[k]!;
        s = (gq + q * q - (g[row + p]! + p * p)) / (2 * q - 2 * p);
        if (s > z[k]!) break;
        k--;
      }
      k++;
      v[k] = q;
      z[k] = k === 0 ? -Infinity : s;
      z[k + 1] = Infinity;
    }
    if (k < 0) continue;
    let j = 0;
    for (let x = 0; x < width; x++) {
      while (z[j + 1]! < x) j++;
      const q = v[j]!;
      nearest[row + x] = rowOf[row + q]! * width + q;
    }
  }
  return nearest;
}

/**
 * One pass of the 3×3 majority filter over classes (0 = outside, left alone and not counted): a
 * pixel takes the class of more than half of its neighbours inside the field.
 */
export function majorityFilter(classes: Uint8Array, width: number, height: number): Uint8Array {
  const out = Uint8Array.from(classes);
  const counts = new Uint16Array(256);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const own = classes[y * width + x]!;
      if (own === 0) continue;
      let inside = 0;
      let best = 0;
      counts.fill(0);
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if ((dx === 0 && dy === 0) || xx < 0 || xx >= width) continue;
          const c = classes[yy * width + xx]!;
          if (c === 0) continue;
          inside++;
          counts[c]! += 1;
          if (counts[c]! > counts[best]!) best = c;
        }
      }
      if (best !== own && best !== 0 && 2 * counts[best]! > inside) out[y * width + x] = best;
    }
  }
  return out;
}

export interface ZoneClassOptions {
  /** Number of zones, 2–7 (default 3). */
  k?: number;
  /** Apply the 3×3 majority filter (default true). */
  majorityFilter?: boolean;
}

export interface ZoneClasses {
  /** Per pixel of mask.window: 0 outside the field, else the zone (1 = lowest). */
  classes: Uint8Array;
  zoneCount: number;
  /** The k-means classes (before filtering and renumbering). */
  kMeans: KMeans1d;
}

function requireValues(values: FloatArray, mask: FieldMask): void {
  const expected = mask.window.width * mask.window.height;
  if (values.length !== expected) {
    throw new RasterInputError(
      'values',
      `must cover the mask's window, ${mask.window.width} × ${mask.window.height} = ${expected} pixels, got ${values.length}`,
    );
  }
}

/** The zone of every pixel of the field: steps 1–3 above. values cover mask.window, row-major; NaN = no data. */
export function zoneClasses(values: FloatArray, mask: FieldMask, options: ZoneClassOptions = {}): ZoneClasses {
  const k = options.k ?? DEFAULT_ZONE_COUNT;
  if (!(Number.isInteger(k) && k >= MIN_ZONE_COUNT && k <= MAX_ZONE_COUNT)) {
    throw new RasterInputError('k', `must be a whole number from ${MIN_ZONE_COUNT} to ${MAX_ZONE_COUNT}, got ${k}`);
  }
  requireValues(values, mask);
  const { width, height } = mask.window;
  const n = width * height;
  const valid = new Uint8Array(n);
  let validCount = 0;
  for (let i = 0; i < n; i++) {
    if (mask.mask[i] && Number.isFinite(values[i]!)) {
      valid[i] = 1;
      validCount++;
    }
  }
  if (validCount === 0) throw new RasterInputError('values', 'no valid pixel inside the field');
  const validValues = new Float64Array(validCount);
  for (let i = 0, j = 0; i < n; i++) if (valid[i]) validValues[j++] = values[i]!;
  const kMeans = kMeans1d(validValues, k);

  let classes: Uint8Array = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (!valid[i]) continue;
    const v = values[i]!;
    let c = 0;
    while (c < kMeans.breaks.length && v > kMeans.breaks[c]!) c++;
    classes[i] = c + 1;
  }
  if (validCount < mask.pixelCount) {
    const nearest = nearestSeed(valid, width, height);
    for (let i = 0; i < n; i++) if (mask.mask[i] && !valid[i]) classes[i] = classes[nearest[i]!]!;
  }
  if (options.majorityFilter ?? true) classes = majorityFilter(classes, width, height);

  const present = new Uint8Array(kMeans.centres.length + 1);
  for (let i = 0; i < n; i++) present[classes[i]!] = 1;
  const renumber = new Uint8Array(present.length);
  let zoneCount = 0;
  for (let c = 1; c < present.length; c++) if (present[c]) renumber[c] = ++zoneCount;
  for (let i = 0; i < n; i++) classes[i] = renumber[classes[i]!]!;
  return { classes, zoneCount, kMeans };
}

export interface ZoneProperties {
  /** 1 = the lowest index values. */
  zone: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  pixelCount: number;
  areaHa: number;
}

export type ZoneGeometry = Polygon | MultiPolygon;
export type ZoneFeatureCollection = FeatureCollection<ZoneGeometry, ZoneProperties>;

export interface ZoneOptions extends ZoneClassOptions {
  /** EPSG code of the raster's CRS, WGS 84 / UTM (326NN, 327NN). */
  epsg: number;
}

const round9 = (v: number) => Math.round(v * 1e9) / 1e9;

/**
 * The management zones of a field as a GeoJSON FeatureCollection, one Feature per zone in zone
 * order (Polygon, or MultiPolygon when the zone is in several pieces). values cover mask.window
 * (row-major, NaN = no data); throws RasterInputError without any valid pixel in the field.
 */
export function managementZones(values: FloatArray, mask: FieldMask, options: ZoneOptions): ZoneFeatureCollection {
  const inverse = proj4(utmProj4Definition(options.epsg), 'EPSG:4326');
  const { classes, zoneCount } = zoneClasses(values, mask, options);
  const { grid, window } = mask;
  const { width, height } = window;

  const zoneValues: number[][] = Array.from({ length: zoneCount + 1 }, () => []);
  const pixelCounts = new Array<number>(zoneCount + 1).fill(0);
  for (let i = 0; i < width * height; i++) {
    const zone = classes[i]!;
    if (zone === 0) continue;
    pixelCounts[zone]! += 1;
    if (Number.isFinite(values[i]!)) zoneValues[zone]!.push(values[i]!);
  }

  // One projection per vertex: neighbouring zones share their vertices to the bit.
  const projected = new Map<string, Position>();
  const lonLat = ([col, row]: [number, number]): Position => {
    const key = `${col},${row}`;
    let position = projected.get(key);
    if (!position) {
      const x = grid.originX + (window.x0 + col) * grid.resX;
      const y = grid.originY + (window.y0 + row) * grid.resY;
      const [lon = Number.NaN, lat = Number.NaN] = inverse.forward([x, y]);
      position = [round9(lon), round9(lat)];
      projected.set(key, position);
    }
    return position;
  };
  const toLonLat = (polygon: PixelPolygon): Position[][] => polygon.map((ring) => ring.map(lonLat));

  const polygons = polygonizeClasses(classes, width, height);
  const features: Feature<ZoneGeometry, ZoneProperties>[] = [];
  for (let zone = 1; zone <= zoneCount; zone++) {
    const parts = (polygons.get(zone) ?? []).map(toLonLat);
    const geometry: ZoneGeometry =
      parts.length === 1 ? { type: 'Polygon', coordinates: parts[0]! } : { type: 'MultiPolygon', coordinates: parts };
    const zv = Float64Array.from(zoneValues[zone]!);
    let min = Infinity;
    let max = -Infinity;
    for (const v of zv) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const empty = zv.length === 0;
    features.push({
      type: 'Feature',
      geometry,
      properties: {
        zone,
        mean: empty ? null : mean(zv),
        min: empty ? null : min,
        max: empty ? null : max,
        pixelCount: pixelCounts[zone]!,
        areaHa: geodesicAreaHa(geometry),
      },
    });
  }
  return { type: 'FeatureCollection', features };
}
