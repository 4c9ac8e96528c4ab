import { RasterInputError } from './errors.js';
import type { FieldMask } from './field-mask.js';
import { requirePixelGrid, type PixelGrid } from './grid.js';
import { evi, ndvi, ndwi, type VegetationIndex } from './indices.js';
import type { Scaling } from './reflectance.js';
import { SCL_FLAG_CLOUD, SCL_FLAG_EXCLUDED, sclFlags } from './scl.js';
import { summarize, type SummaryStatistics } from './statistics.js';

/**
 * Statistics of NDVI, EVI and NDWI over one field in one scene, in a single pass over the field's
 * pixels: each pixel's SCL class, digital numbers and reflectances are read once and feed every
 * index. Per pixel, in this order:
 * 1. the pixel counts as a pixel of the field (its centre is inside, see field-mask.ts);
 * 2. its SCL class is the value of the 20 m SCL pixel under its centre, found through the SCL
 *    window's own grid (not by assuming SCL is exactly half the 10 m grid); a centre off the SCL
 *    window reads as class 0, no data. Cloud classes add to cloudPixels; excluded classes drop
 *    the pixel from every index;
 * 3. for each index, a DN of 0 in any of its bands is no data, and a denominator ≤ 0 drops it;
 * 4. otherwise its value joins that index's values, in row-major order.
 * Percentages divide by the pixels of the field, including those beyond the raster's edge.
 * fieldIndexRaster gives the same values pixel by pixel (for maps and zones), from the same pass.
 */

/** Digital numbers as geotiff.js returns them for a band window. */
export type DnArray = Uint8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

/** The 10 m bands over exactly the mask's window (window.width × window.height, row-major). */
export interface BandWindows {
  red: DnArray;
  nir: DnArray;
  /** Needed for NDWI; without it ndwi is null. */
  green?: DnArray | undefined;
  /** Needed for EVI; without it evi is null. */
  blue?: DnArray | undefined;
}

/** The DN → reflectance scaling of each band given in BandWindows (see reflectance.ts). */
export interface BandScalings {
  red: Scaling;
  nir: Scaling;
  green?: Scaling | undefined;
  blue?: Scaling | undefined;
}

/** SCL values over a window that covers the mask's window, with that window's grid. */
export interface SclWindow {
  data: Uint8Array | Uint16Array;
  grid: PixelGrid;
}

export interface FieldStatisticsInput {
  mask: FieldMask;
  bands: BandWindows;
  scaling: BandScalings;
  scl: SclWindow;
}

export interface IndexStatistics {
  /** Pixels that gave a value. */
  validPixels: number;
  /** validPixels ÷ pixelsInField × 100; 0 for a field without pixels. */
  validPixelPct: number;
  /** Pixels kept by SCL with DN 0 in a band of this index. */
  noDataPixels: number;
  /** Pixels kept by SCL, with data, whose denominator was ≤ 0. */
  zeroDenominatorPixels: number;
  /** null when no pixel was valid. */
  stats: SummaryStatistics | null;
}

export interface FieldStatistics {
  /** Centres inside the field: on the raster (mask.pixelCount) and beyond it. */
  pixelsInField: number;
  pixelsOutsideRaster: number;
  /** Pixels dropped by their SCL class (including cloud, and class 0 off the SCL window). */
  sclExcludedPixels: number;
  /** Pixels of SCL class 3, 8, 9 or 10. */
  cloudPixels: number;
  /** cloudPixels ÷ pixelsInField × 100; the same for every index. 0 for a field without pixels. */
  cloudPct: number;
  ndvi: IndexStatistics;
  evi: IndexStatistics | null;
  ndwi: IndexStatistics | null;
}

function requireWindowArray(field: string, array: DnArray | undefined, length: number): void {
  if (array !== undefined && array.length !== length) {
    throw new RasterInputError(field, `must hold the mask window's ${length} pixels, got ${array.length}`);
  }
}

function requireScaling(field: string, scaling: Scaling | undefined): Scaling {
  if (!scaling || !Number.isFinite(scaling.scale) || !Number.isFinite(scaling.offset)) {
    throw new RasterInputError(field, 'must be a { scale, offset } of finite numbers');
  }
  return scaling;
}

const pct = (count: number, of: number) => (of === 0 ? 0 : (count / of) * 100);

function indexStatistics(
  values: Float64Array,
  count: number,
  noData: number,
  zeroDenominator: number,
  pixelsInField: number,
): IndexStatistics {
  return {
    validPixels: count,
    validPixelPct: pct(count, pixelsInField),
    noDataPixels: noData,
    zeroDenominatorPixels: zeroDenominator,
    stats: summarize(values.subarray(0, count)),
  };
}

/** For each 10 m column (or row) of the window, the SCL column (row) under its centre, −1 off the SCL window. */
function sclLookup(
  count: number,
  first: number,
  origin: number,
  res: number,
  sclOrigin: number,
  sclRes: number,
  sclCount: number,
): Int32Array {
  const lookup = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const centre = origin + (first + i + 0.5) * res;
    const s = Math.floor((centre - sclOrigin) / sclRes);
    lookup[i] = s >= 0 && s < sclCount ? s : -1;
  }
  return lookup;
}

export function fieldStatistics(input: FieldStatisticsInput): FieldStatistics {
  return scanField(input, undefined).statistics;
}

/**
 * One index per pixel over the mask's window (row-major): the value fieldStatistics counts for
 * that pixel, NaN outside the field and wherever the pixel gives none (its SCL class, no data, a
 * denominator ≤ 0). The input of maps and zones, so they show exactly the pixels the statistics use.
 */
export function fieldIndexRaster(input: FieldStatisticsInput, index: VegetationIndex): Float32Array {
  return scanField(input, index).raster!;
}

/** The single pass behind both: the statistics, and the raster of `rasterIndex` when asked. */
function scanField(
  input: FieldStatisticsInput,
  rasterIndex: VegetationIndex | undefined,
): { statistics: FieldStatistics; raster: Float32Array | null } {
  const { mask: fieldMask, bands, scl } = input;
  const { grid, window, mask } = fieldMask;
  const { width, height } = window;
  const length = width * height;
  if (mask.length !== length) throw new RasterInputError('mask.mask', `must hold ${length} pixels, got ${mask.length}`);
  let inRaster = 0;
  for (let i = 0; i < length; i++) if (mask[i] !== 0) inRaster++;
  // The value buffers are sized by the count, so a mask edited after rasterising must say so.
  if (inRaster !== fieldMask.pixelCount) {
    throw new RasterInputError('mask.pixelCount', `is ${fieldMask.pixelCount} but the mask has ${inRaster} pixels`);
  }
  requireWindowArray('bands.red', bands.red, length);
  requireWindowArray('bands.nir', bands.nir, length);
  requireWindowArray('bands.green', bands.green, length);
  requireWindowArray('bands.blue', bands.blue, length);
  requirePixelGrid(scl.grid, 'scl.grid');
  if (scl.data.length !== scl.grid.width * scl.grid.height) {
    throw new RasterInputError('scl.data', `must hold scl.grid's ${scl.grid.width * scl.grid.height} pixels, got ${scl.data.length}`);
  }
  const red = requireScaling('scaling.red', input.scaling.red);
  const nir = requireScaling('scaling.nir', input.scaling.nir);
  const green = bands.green ? requireScaling('scaling.green', input.scaling.green) : undefined;
  const blue = bands.blue ? requireScaling('scaling.blue', input.scaling.blue) : undefined;

  const sclColumn = sclLookup(width, window.x0, grid.originX, grid.resX, scl.grid.originX, scl.grid.resX, scl.grid.width);
  const sclRow = sclLookup(height, window.y0, grid.originY, grid.resY, scl.grid.originY, scl.grid.resY, scl.grid.height);

  const redDn = bands.red;
  const nirDn = bands.nir;
  const greenDn = bands.green;
  const blueDn = bands.blue;
  const sclData = scl.data;
  const sclWidth = scl.grid.width;
  const rs = red.scale;
  const ro = red.offset;
  const ns = nir.scale;
  const no = nir.offset;
  const gs = green?.scale ?? 0;
  const go = green?.offset ?? 0;
  const bs = blue?.scale ?? 0;
  const bo = blue?.offset ?? 0;

  const ndviValues = new Float64Array(fieldMask.pixelCount);
  const eviValues = new Float64Array(blueDn ? fieldMask.pixelCount : 0);
  const ndwiValues = new Float64Array(greenDn ? fieldMask.pixelCount : 0);
  let ndviCount = 0,
    ndviNoData = 0,
    ndviZero = 0;
  let eviCount = 0,
    eviNoData = 0,
    eviZero = 0;
  let ndwiCount = 0,
    ndwiNoData = 0,
    ndwiZero = 0;
  let cloudPixels = 0;
  let sclExcludedPixels = 0;
  const raster = rasterIndex ? new Float32Array(length).fill(Number.NaN) : null;
  if (raster && ((rasterIndex === 'evi' && !blueDn) || (rasterIndex === 'ndwi' && !greenDn))) {
    throw new RasterInputError(`bands.${rasterIndex === 'evi' ? 'blue' : 'green'}`, `is needed for ${rasterIndex}`);
  }
  const ndviRaster = rasterIndex === 'ndvi' ? raster : null;
  const eviRaster = rasterIndex === 'evi' ? raster : null;
  const ndwiRaster = rasterIndex === 'ndwi' ? raster : null;

  for (let r = 0; r < height; r++) {
    const sr = sclRow[r]!;
    const rowStart = r * width;
    for (let c = 0; c < width; c++) {
      const i = rowStart + c;
      if (mask[i] === 0) continue;
      const sc = sclColumn[c]!;
      const flags = sr < 0 || sc < 0 ? sclFlags(0) : sclFlags(sclData[sr * sclWidth + sc]!);
      if (flags & SCL_FLAG_CLOUD) cloudPixels++;
      if (flags & SCL_FLAG_EXCLUDED) {
        sclExcludedPixels++;
        continue;
      }
      const dnRed = redDn[i]!;
      const dnNir = nirDn[i]!;
      const nirReflectance = dnNir * ns + no;
      const redReflectance = dnRed * rs + ro;
      const hasRedNir = dnRed !== 0 && dnNir !== 0;

      if (!hasRedNir) ndviNoData++;
      else {
        const v = ndvi(redReflectance, nirReflectance);
        if (!Number.isNaN(v)) {
          ndviValues[ndviCount++] = v;
          if (ndviRaster) ndviRaster[i] = v;
        } else ndviZero++;
      }
      if (blueDn) {
        const dnBlue = blueDn[i]!;
        if (!hasRedNir || dnBlue === 0) eviNoData++;
        else {
          const v = evi(dnBlue * bs + bo, redReflectance, nirReflectance);
          if (!Number.isNaN(v)) {
            eviValues[eviCount++] = v;
            if (eviRaster) eviRaster[i] = v;
          } else eviZero++;
        }
      }
      if (greenDn) {
        const dnGreen = greenDn[i]!;
        if (dnGreen === 0 || dnNir === 0) ndwiNoData++;
        else {
          const v = ndwi(dnGreen * gs + go, nirReflectance);
          if (!Number.isNaN(v)) {
            ndwiValues[ndwiCount++] = v;
            if (ndwiRaster) ndwiRaster[i] = v;
          } else ndwiZero++;
        }
      }
    }
  }

  const pixelsInField = fieldMask.pixelCount + fieldMask.pixelsOutsideRaster;
  const statistics: FieldStatistics = {
    pixelsInField,
    pixelsOutsideRaster: fieldMask.pixelsOutsideRaster,
    sclExcludedPixels,
    cloudPixels,
    cloudPct: pct(cloudPixels, pixelsInField),
    ndvi: indexStatistics(ndviValues, ndviCount, ndviNoData, ndviZero, pixelsInField),
    evi: blueDn ? indexStatistics(eviValues, eviCount, eviNoData, eviZero, pixelsInField) : null,
    ndwi: greenDn ? indexStatistics(ndwiValues, ndwiCount, ndwiNoData, ndwiZero, pixelsInField) : null,
  };
  return { statistics, raster };
}
