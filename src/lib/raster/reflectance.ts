import { RasterInputError } from './errors.js';

/**
 * Digital numbers to surface reflectance: reflectance = DN × scale + offset, DN 0 is no data.
 *
 * Sentinel-2 L2A stores reflectance × 10 000 as uint16. From processing baseline 04.00 (25 January
 * 2022) ESA adds BOA_ADD_OFFSET = −1000 so that dark pixels no longer clamp at 0:
 * reflectance = (DN − 1000) / 10 000 = DN × 0.0001 − 0.1. Indices are not invariant to an additive
 * offset, so mixing baselines without this correction shifts NDVI by several hundredths.
 * (reference/vendor-formats.md §4.2.)
 */

/** How one band's digital numbers become reflectance. */
export interface Scaling {
  scale: number;
  offset: number;
}

export interface ReflectanceScaling extends Scaling {
  /** Which rule chose the numbers, so a stored result can say how it was computed. */
  source: 'raster:bands' | 'processing-baseline' | 'boa-offset-applied';
}

/** One entry of a STAC asset's `raster:bands` (the raster extension); only scale and offset matter here. */
export interface RasterBandsEntry {
  scale?: number | undefined;
  offset?: number | undefined;
  [key: string]: unknown;
}

export interface ScalingInput {
  /** The asset's `raster:bands` as the STAC item has it; Sentinel-2 assets hold one band. */
  rasterBands?: readonly RasterBandsEntry[] | undefined;
  /** `s2:processing_baseline`, e.g. "05.09" (or "N0509" as in product names). */
  processingBaseline?: string | undefined;
  /**
   * `earthsearch:boa_offset_applied`. Earth Search v1 subtracted the offset from the pixels of many
   * post-2022 scenes while still declaring offset −0.1, so applying it again would count it twice.
   * Only `true` changes anything: the offset is then 0 whatever else says otherwise.
   */
  boaOffsetApplied?: boolean | undefined;
}

export const S2_REFLECTANCE_SCALE = 0.0001;
export const S2_BOA_OFFSET = -0.1;
/** Baselines from this one on carry BOA_ADD_OFFSET. */
export const S2_OFFSET_BASELINE = '04.00';

/**
 * A processing baseline as one comparable number, major × 100 + minor ("04.00" → 400). Both
 * spellings in circulation are accepted: "05.09" (STAC `s2:processing_baseline`) and "N0509"
 * (the product name). Anything else throws: a misread baseline silently moves every index.
 */
export function parseProcessingBaseline(text: string): number {
  const match = /^(?:(\d{2})\.(\d{2})|N(\d{2})(\d{2}))$/.exec(typeof text === 'string' ? text.trim() : '');
  if (!match) {
    throw new RasterInputError('processingBaseline', `must look like "04.00" or "N0400", got ${JSON.stringify(text)}`);
  }
  const major = Number(match[1] ?? match[3]);
  const minor = Number(match[2] ?? match[4]);
  return major * 100 + minor;
}

function requireScaleNumber(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RasterInputError(field, `must be a finite number, got ${String(value)}`);
  }
  return value;
}

/**
 * The scaling of one band, by the fixed rule:
 * 1. `raster:bands[0]` when it declares scale or offset; a missing one takes the raster
 *    extension's default (scale 1, offset 0);
 * 2. else scale 0.0001 with offset −0.1 for processing baseline ≥ 04.00 and 0 before;
 * and, outside that rule, offset 0 when `boaOffsetApplied` is true (see ScalingInput).
 */
export function reflectanceScaling(input: ScalingInput): ReflectanceScaling {
  const band = input.rasterBands?.[0];
  let scaling: ReflectanceScaling | undefined;
  if (band && (band.scale !== undefined || band.offset !== undefined)) {
    const scale = band.scale === undefined ? 1 : requireScaleNumber('rasterBands[0].scale', band.scale);
    const offset = band.offset === undefined ? 0 : requireScaleNumber('rasterBands[0].offset', band.offset);
    if (scale === 0) throw new RasterInputError('rasterBands[0].scale', 'must not be 0');
    scaling = { scale, offset, source: 'raster:bands' };
  } else if (input.processingBaseline !== undefined) {
    const harmonised = parseProcessingBaseline(input.processingBaseline) >= parseProcessingBaseline(S2_OFFSET_BASELINE);
    scaling = { scale: S2_REFLECTANCE_SCALE, offset: harmonised ? S2_BOA_OFFSET : 0, source: 'processing-baseline' };
  } else {
    throw new RasterInputError('processingBaseline', 'is required when raster:bands declares no scale or offset');
  }
  if (input.boaOffsetApplied === true) return { scale: scaling.scale, offset: 0, source: 'boa-offset-applied' };
  return scaling;
}

/** Reflectance of one digital number; NaN for DN 0, which Sentinel-2 uses for no data. */
export function dnToReflectance(dn: number, scaling: Scaling): number {
  return dn === 0 ? Number.NaN : dn * scaling.scale + scaling.offset;
}
