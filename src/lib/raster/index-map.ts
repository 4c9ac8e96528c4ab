import { FONT_HEIGHT, drawText, textWidth } from './bitmap-font.js';
import { RasterInputError } from './errors.js';
import type { VegetationIndex } from './indices.js';
import { encodePng, type RgbaImage } from './png.js';

/**
 * The coloured map of a field's index (image.png): each pixel coloured from a ColorBrewer ramp
 * (Cynthia Brewer, Mark Harrower, The Pennsylvania State University, colorbrewer2.org; the
 * 11-class hex values as d3-scale-chromatic ships them), linearly interpolated in sRGB between
 * the 11 colours spread evenly over the ramp's domain, values beyond it clamped to the ends:
 * - NDVI and EVI: RdYlGn (diverging red–yellow–green) over −0.2 … 1: bare soil and water in reds
 *   and oranges, sparse canopy yellow (0.4 is the middle colour), dense canopy deep green;
 * - NDWI (McFeeters): BrBG (brown–blue-green) over −0.8 … 0.8, neutral at 0, the usual threshold
 *   for open water: dry surfaces brown, water teal.
 * Pixels whose value is NaN (outside the field, cloud, no data) are fully transparent.
 *
 * Small fields are enlarged by an integer factor with nearest-neighbour sampling (each 10 m pixel
 * a crisp square, never blurred into values it does not have), the smallest factor that makes the
 * shorter side at least minSize pixels (default 256), but never past maxSize (default 2048) on the
 * longer side. Below the map, on an opaque white strip, the legend: the index name, the colour bar
 * over the domain and tick labels in a built-in 5×7 bitmap font (twice as large from 512 pixels
 * wide). The image is at least LEGEND_MIN_WIDTH wide so the legend fits; the map is left-aligned.
 */

export interface IndexRamp {
  domain: readonly [min: number, max: number];
  /** Evenly spaced over domain, low to high, as '#rrggbb'. */
  colours: readonly string[];
  ticks: readonly number[];
  name: string;
}

const RD_YL_GN = ['#a50026', '#d73027', '#f46d43', '#fdae61', '#fee08b', '#ffffbf', '#d9ef8b', '#a6d96a', '#66bd63', '#1a9850', '#006837'];
const BR_BG = ['#543005', '#8c510a', '#bf812d', '#dfc27d', '#f6e8c3', '#f5f5f5', '#c7eae5', '#80cdc1', '#35978f', '#01665e', '#003c30'];
const VEGETATION_TICKS = [-0.2, 0, 0.2, 0.4, 0.6, 0.8, 1];

export const INDEX_RAMPS: Readonly<Record<VegetationIndex, IndexRamp>> = {
  ndvi: { domain: [-0.2, 1], colours: RD_YL_GN, ticks: VEGETATION_TICKS, name: 'ColorBrewer RdYlGn' },
  evi: { domain: [-0.2, 1], colours: RD_YL_GN, ticks: VEGETATION_TICKS, name: 'ColorBrewer RdYlGn' },
  ndwi: { domain: [-0.8, 0.8], colours: BR_BG, ticks: [-0.8, -0.4, 0, 0.4, 0.8], name: 'ColorBrewer BrBG' },
};

export const DEFAULT_MIN_SIZE = 256;
export const DEFAULT_MAX_SIZE = 2048;
export const LEGEND_MIN_WIDTH = 160;

type Rgb = [r: number, g: number, b: number];
type Rgba = [r: number, g: number, b: number, a: number];

const hexRgb = (hex: string): Rgb => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as Rgb;
const BLACK: Rgba = [0, 0, 0, 255];
const WHITE: Rgba = [255, 255, 255, 255];

/** The ramp colour of value for index, or null for NaN (drawn transparent). */
export function indexColour(index: VegetationIndex, value: number): Rgb | null {
  if (Number.isNaN(value)) return null;
  const ramp = INDEX_RAMPS[index];
  const [lo, hi] = ramp.domain;
  const t = Math.min(1, Math.max(0, (value - lo) / (hi - lo)));
  const position = t * (ramp.colours.length - 1);
  const i = Math.min(Math.floor(position), ramp.colours.length - 2);
  const f = position - i;
  const a = hexRgb(ramp.colours[i]!);
  const b = hexRgb(ramp.colours[i + 1]!);
  return [0, 1, 2].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * f)) as Rgb;
}

export interface RenderIndexInput {
  /** width × height, row-major, north up; NaN = outside the field or no data. */
  values: Float32Array | Float64Array;
  width: number;
  height: number;
  index: VegetationIndex;
  /** The shorter side of the map is enlarged to at least this many pixels (default 256). */
  minSize?: number;
  /** …but the longer side to no more than this (default 2048). */
  maxSize?: number;
  /** Draw the legend strip below the map (default true). */
  legend?: boolean;
}

export interface LegendTick {
  value: number;
  /** Column of the tick mark's left pixel. */
  x: number;
  label: string;
  /** Left column of the label, or null when it was left out for lack of room. */
  labelX: number | null;
}

export interface LegendLayout {
  /** First row of the legend strip (= the map's height). */
  top: number;
  height: number;
  fontScale: number;
  title: { text: string; x: number; y: number };
  /** The colour bar covers columns [x0, x1) and rows [y0, y1). */
  bar: { x0: number; x1: number; y0: number; y1: number };
  ticks: LegendTick[];
  labelY: number;
}

export interface IndexMapImage {
  image: RgbaImage;
  /** Integer enlargement: source pixel (c, r) covers [c·scale, (c+1)·scale) × [r·scale, (r+1)·scale). */
  scale: number;
  mapWidth: number;
  mapHeight: number;
  legend: LegendLayout | null;
}

const tickLabel = (value: number) => String(Number(value.toFixed(2)));

function layoutLegend(index: VegetationIndex, top: number, width: number): LegendLayout {
  const ramp = INDEX_RAMPS[index];
  const f = width >= 512 ? 2 : 1;
  const pad = 4 * f;
  const reserve = 12 * f;
  const barHeight = 10 * f;
  const tickHeight = 3 * f;
  const text = index.toUpperCase();
  const titleWidth = textWidth(text, f);
  const bar = { x0: pad + titleWidth + 2 * pad + reserve, x1: width - pad - reserve, y0: top + pad, y1: top + pad + barHeight };
  const labelY = bar.y1 + tickHeight + 2 * f;
  const [lo, hi] = ramp.domain;
  let lastRight = -Infinity;
  const ticks = ramp.ticks.map((value): LegendTick => {
    const x = bar.x0 + Math.round(((value - lo) / (hi - lo)) * (bar.x1 - bar.x0 - 1));
    const label = tickLabel(value);
    const w = textWidth(label, f);
    const centred = Math.min(Math.max(x + Math.floor(f / 2) - Math.floor(w / 2), 0), width - w);
    const fits = centred >= lastRight + 2 * f;
    if (fits) lastRight = centred + w;
    return { value, x, label, labelX: fits ? centred : null };
  });
  const title = { text, x: pad, y: bar.y0 + Math.floor((barHeight - FONT_HEIGHT * f) / 2) };
  return { top, height: labelY + FONT_HEIGHT * f + pad - top, fontScale: f, title, bar, ticks, labelY };
}

function fillRect(image: RgbaImage, x0: number, y0: number, x1: number, y1: number, colour: Rgba | Rgb): void {
  const rgba = colour.length === 4 ? colour : [...colour, 255];
  for (let y = Math.max(0, y0); y < Math.min(image.height, y1); y++) {
    for (let x = Math.max(0, x0); x < Math.min(image.width, x1); x++) image.rgba.set(rgba, (y * image.width + x) * 4);
  }
}

const positiveInteger = (n: number) => Number.isInteger(n) && n >= 1;

/** The map (and legend) as RGBA pixels, with where everything was drawn. */
export function renderIndexImage(input: RenderIndexInput): IndexMapImage {
  const { values, width, height, index } = input;
  const minSize = input.minSize ?? DEFAULT_MIN_SIZE;
  const maxSize = input.maxSize ?? DEFAULT_MAX_SIZE;
  if (!positiveInteger(width) || !positiveInteger(height))
    throw new RasterInputError('width', `width and height must be whole numbers ≥ 1, got ${width} × ${height}`);
  if (values.length !== width * height) throw new RasterInputError('values', `must hold ${width} × ${height} values, got ${values.length}`);
  if (!INDEX_RAMPS[index])
    throw new RasterInputError('index', `must be one of ${Object.keys(INDEX_RAMPS).join(', ')}, got ${String(index)}`);
  if (!positiveInteger(minSize) || !positiveInteger(maxSize))
    throw new RasterInputError('minSize', 'minSize and maxSize must be whole numbers ≥ 1');

  const scale = Math.max(1, Math.min(Math.ceil(minSize / Math.min(width, height)), Math.floor(maxSize / Math.max(width, height))));
  const mapWidth = width * scale;
  const mapHeight = height * scale;
  const withLegend = input.legend ?? true;
  const canvasWidth = withLegend ? Math.max(mapWidth, LEGEND_MIN_WIDTH) : mapWidth;
  const legend = withLegend ? layoutLegend(index, mapHeight, canvasWidth) : null;
  const image: RgbaImage = { width: canvasWidth, height: mapHeight + (legend?.height ?? 0), rgba: new Uint8Array(0) };
  image.rgba = new Uint8Array(image.width * image.height * 4);

  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const colour = indexColour(index, values[r * width + c]!);
      if (colour) fillRect(image, c * scale, r * scale, (c + 1) * scale, (r + 1) * scale, colour);
    }
  }
  if (legend) {
    const { bar, fontScale: f } = legend;
    const [lo, hi] = INDEX_RAMPS[index].domain;
    fillRect(image, 0, legend.top, image.width, image.height, WHITE);
    for (let x = bar.x0; x < bar.x1; x++) {
      const value = lo + ((x + 0.5 - bar.x0) / (bar.x1 - bar.x0)) * (hi - lo);
      fillRect(image, x, bar.y0, x + 1, bar.y1, indexColour(index, value)!);
    }
    drawText(image, legend.title.text, legend.title.x, legend.title.y, BLACK, f);
    for (const tick of legend.ticks) {
      fillRect(image, tick.x, bar.y1, tick.x + f, bar.y1 + 3 * f, BLACK);
      if (tick.labelX !== null) drawText(image, tick.label, tick.labelX, legend.labelY, BLACK, f);
    }
  }
  return { image, scale, mapWidth, mapHeight, legend };
}

/** image.png of a field's index: the coloured, enlarged map with its legend, as PNG bytes. */
export function renderIndexPng(input: RenderIndexInput): Buffer {
  return encodePng(renderIndexImage(input).image);
}
