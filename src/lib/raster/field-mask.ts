import type { MultiPolygon, Polygon } from 'geojson';
import { RasterInputError } from './errors.js';
import { requirePixelGrid, type PixelGrid, type PixelWindow } from './grid.js';
import { projectBoundary, projectorForEpsg, type ProjectedPolygon, type Projector } from './projection.js';

/**
 * Which pixels of a raster belong to a field: a pixel does when its centre lies inside the field's
 * polygon. The polygon is scan-converted one pixel row at a time (at the row's centre line), so
 * the cost is rows × edges, not pixels × edges, and nothing is allocated per pixel.
 *
 * Inside is decided by the even-odd rule within each polygon (its shell and holes), and the
 * polygons of a MultiPolygon are united, so overlapping parts count once and a hole only cuts its
 * own polygon.
 *
 * Boundary rule, for a centre exactly on an edge, as GDAL's rasterizer (llrasterize.cpp, used by
 * gdal_rasterize and rasterio.features without all_touched) decides it, in pixel coordinates
 * (column to the east, row to the south):
 * - on a vertical or slanted edge the centre belongs to the polygon whose interior lies to its
 *   west: left (west) edges exclude it, right (east) edges include it;
 * - on a horizontal edge it belongs to the polygon to its south: top (north) edges include it,
 *   bottom (south) edges exclude it; a vertex counts for the edge below it.
 * Two fields that share an edge therefore never both claim a pixel, and never both drop one.
 * Coordinates are turned into pixel units by (x − originX) / resX, which is exact for the metre
 * coordinates of a 10 m grid; GDAL multiplies by an inverted geotransform instead, so on an exact
 * tie it can round the other way. Away from ties (every real field) the two agree.
 */

export interface FieldMask {
  /** The raster the mask is on. */
  grid: PixelGrid;
  /** The pixels the mask covers, inside the raster; empty when no centre inside the field is. */
  window: PixelWindow;
  /** window.width × window.height, row-major: 1 where the pixel centre is inside the field. */
  mask: Uint8Array;
  /** Number of 1s in mask. */
  pixelCount: number;
  /**
   * Centres inside the field that lie beyond the raster's edge. They count as pixels of the field
   * without data, so a field half off the tile shows about 50 % valid rather than 100 %.
   */
  pixelsOutsideRaster: number;
}

export interface RasterizeOptions {
  /**
   * Refuse fields whose bounding box covers more pixels than this (default 10 million, a square of
   * 31.6 km at 10 m): the registry caps a field at 10 000 ha, and a larger box means a wrong CRS or
   * a wrong tile, which would otherwise allocate and scan hundreds of megabytes.
   */
  maxPixels?: number;
}

const DEFAULT_MAX_PIXELS = 10_000_000;

/** Edges of one polygon in pixel units, upper end first: [xTop, yTop, xBottom, yBottom, …]. */
function edgesInPixels(rings: ProjectedPolygon, grid: PixelGrid, bbox: Float64Array): Float64Array {
  let count = 0;
  for (const ring of rings) count += ring.length >> 1;
  const edges = new Float64Array(count * 4);
  let e = 0;
  for (const ring of rings) {
    const n = ring.length >> 1;
    for (let i = 0; i < n; i++) {
      // The ring closes by itself: a GeoJSON closing repeat only adds a zero-length edge.
      const j = i + 1 === n ? 0 : i + 1;
      const x1 = (ring[2 * i]! - grid.originX) / grid.resX;
      const y1 = (ring[2 * i + 1]! - grid.originY) / grid.resY;
      const x2 = (ring[2 * j]! - grid.originX) / grid.resX;
      const y2 = (ring[2 * j + 1]! - grid.originY) / grid.resY;
      if (!Number.isFinite(x1) || !Number.isFinite(y1)) {
        throw new RasterInputError('boundary', `vertex ${i} of a ring is not a finite position in the raster CRS`);
      }
      if (x1 < bbox[0]!) bbox[0] = x1;
      if (y1 < bbox[1]!) bbox[1] = y1;
      if (x1 > bbox[2]!) bbox[2] = x1;
      if (y1 > bbox[3]!) bbox[3] = y1;
      if (y1 === y2) continue; // horizontal: never crosses a scan line, the other edges decide
      const up = y1 < y2;
      edges[e++] = up ? x1 : x2;
      edges[e++] = up ? y1 : y2;
      edges[e++] = up ? x2 : x1;
      edges[e++] = up ? y2 : y1;
    }
  }
  return edges.subarray(0, e);
}

function insertionSort(values: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = values[i]!;
    let j = i - 1;
    while (j >= 0 && values[j]! > v) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = v;
  }
}

/** Sorts spans (start, end pairs) by start and merges overlapping or touching ones; returns the new count. */
function mergeSpans(spans: Float64Array, count: number): number {
  for (let i = 1; i < count; i++) {
    const s = spans[2 * i]!;
    const e = spans[2 * i + 1]!;
    let j = i - 1;
    while (j >= 0 && spans[2 * j]! > s) {
      spans[2 * j + 2] = spans[2 * j]!;
      spans[2 * j + 3] = spans[2 * j + 1]!;
      j--;
    }
    spans[2 * j + 2] = s;
    spans[2 * j + 3] = e;
  }
  let merged = 0;
  for (let i = 0; i < count; i++) {
    const s = spans[2 * i]!;
    const e = spans[2 * i + 1]!;
    if (merged > 0 && s <= spans[2 * merged - 1]!) {
      if (e > spans[2 * merged - 1]!) spans[2 * merged - 1] = e;
    } else {
      spans[2 * merged] = s;
      spans[2 * merged + 1] = e;
      merged++;
    }
  }
  return merged;
}

/** The mask of pixel centres inside polygons (already in the raster's CRS) on grid. */
export function rasterizeField(polygons: readonly ProjectedPolygon[], grid: PixelGrid, options: RasterizeOptions = {}): FieldMask {
  requirePixelGrid(grid);
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const bbox = new Float64Array([Infinity, Infinity, -Infinity, -Infinity]);
  const parts = polygons.map((rings) => edgesInPixels(rings, grid, bbox));
  const empty: FieldMask = {
    grid,
    window: { x0: 0, y0: 0, width: 0, height: 0 },
    mask: new Uint8Array(0),
    pixelCount: 0,
    pixelsOutsideRaster: 0,
  };
  if (!(bbox[0]! <= bbox[2]!)) return empty;

  // Candidate pixels: centres c + 0.5 in (minX, maxX] and r + 0.5 in [minY, maxY), the same
  // half-open intervals the spans below use.
  const colStart = Math.floor(bbox[0]! + 0.5);
  const colEnd = Math.floor(bbox[2]! + 0.5);
  const rowStart = Math.ceil(bbox[1]! - 0.5);
  const rowEnd = Math.ceil(bbox[3]! - 0.5);
  if (colEnd <= colStart || rowEnd <= rowStart) return empty;
  if ((colEnd - colStart) * (rowEnd - rowStart) > maxPixels) {
    throw new RasterInputError('boundary', `covers more than ${maxPixels} pixels of the raster: wrong CRS or tile?`);
  }

  const x0 = Math.max(colStart, 0);
  const x1 = Math.min(colEnd, grid.width);
  const y0 = Math.max(rowStart, 0);
  const y1 = Math.min(rowEnd, grid.height);
  const window: PixelWindow = x1 > x0 && y1 > y0 ? { x0, y0, width: x1 - x0, height: y1 - y0 } : empty.window;
  const mask = new Uint8Array(window.width * window.height);

  let maxEdges = 0;
  let totalEdges = 0;
  for (const edges of parts) {
    maxEdges = Math.max(maxEdges, edges.length >> 2);
    totalEdges += edges.length >> 2;
  }
  const crossings = new Float64Array(maxEdges);
  // Float64, not Int32: a far-off polygon (wrong tile) must count as outside, not wrap around.
  const spans = new Float64Array(totalEdges + 2);
  let pixelCount = 0;
  let pixelsOutsideRaster = 0;

  for (let row = rowStart; row < rowEnd; row++) {
    const y = row + 0.5;
    let spanCount = 0;
    for (const edges of parts) {
      let n = 0;
      for (let e = 0; e < edges.length; e += 4) {
        const yTop = edges[e + 1]!;
        const yBottom = edges[e + 3]!;
        // Half-open in y: a vertex on the scan line counts once, for the edge below it.
        if (y >= yTop && y < yBottom) {
          const xTop = edges[e]!;
          crossings[n++] = ((y - yTop) * (edges[e + 2]! - xTop)) / (yBottom - yTop) + xTop;
        }
      }
      if (n > 32) crossings.subarray(0, n).sort();
      else insertionSort(crossings, n);
      // Even-odd: inside between the 1st and 2nd crossing, the 3rd and 4th, … A centre on the
      // left crossing is out (xLeft < c + 0.5), on the right one in (c + 0.5 ≤ xRight).
      for (let i = 0; i + 1 < n; i += 2) {
        const start = Math.floor(crossings[i]! + 0.5);
        const end = Math.floor(crossings[i + 1]! + 0.5);
        if (end > start) {
          spans[2 * spanCount] = start;
          spans[2 * spanCount + 1] = end;
          spanCount++;
        }
      }
    }
    if (parts.length > 1) spanCount = mergeSpans(spans, spanCount);
    const rowInRaster = row >= y0 && row < y1;
    for (let i = 0; i < spanCount; i++) {
      const start = spans[2 * i]!;
      const end = spans[2 * i + 1]!;
      const from = rowInRaster ? Math.max(start, x0) : 0;
      const to = rowInRaster ? Math.min(end, x1) : 0;
      if (to > from) {
        const base = (row - y0) * window.width - x0;
        mask.fill(1, base + from, base + to);
        pixelCount += to - from;
        pixelsOutsideRaster += end - start - (to - from);
      } else {
        pixelsOutsideRaster += end - start;
      }
    }
  }
  return { grid, window, mask, pixelCount, pixelsOutsideRaster };
}

/** Projects a GeoJSON boundary (lon/lat) into the raster's CRS and rasterises it. */
export function fieldMask(
  boundary: Polygon | MultiPolygon,
  crs: number | Projector,
  grid: PixelGrid,
  options: RasterizeOptions = {},
): FieldMask {
  const project = typeof crs === 'number' ? projectorForEpsg(crs) : crs;
  return rasterizeField(projectBoundary(boundary, project), grid, options);
}
