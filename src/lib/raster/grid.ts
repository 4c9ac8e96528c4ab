import { RasterInputError, requireFinite } from './errors.js';

/**
 * The pixel grid of a north-up raster, in the raster's CRS: (originX, originY) is the outer corner
 * of pixel (0, 0) (GeoTIFF PixelIsArea, which Sentinel-2 COGs use), resX > 0 is the pixel width and
 * resY < 0 the pixel height going south. That is GDAL's geotransform without the rotation terms,
 * and what geotiff.js getOrigin() and getResolution() return. Pixel (col, row) has its centre at
 * (originX + (col + 0.5)·resX, originY + (row + 0.5)·resY).
 */
export interface PixelGrid {
  originX: number;
  originY: number;
  resX: number;
  resY: number;
  width: number;
  height: number;
}

/** A rectangle of pixels: columns x0 … x0+width−1 and rows y0 … y0+height−1 of some grid. */
export interface PixelWindow {
  x0: number;
  y0: number;
  width: number;
  height: number;
}

/** A rectangle in the grid's CRS. */
export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

const isCount = (n: number) => Number.isInteger(n) && n >= 0;

/** Throws unless grid is finite, north-up and has a whole, non-negative size. */
export function requirePixelGrid(grid: PixelGrid, field = 'grid'): void {
  requireFinite(`${field}.originX`, grid.originX);
  requireFinite(`${field}.originY`, grid.originY);
  requireFinite(`${field}.resX`, grid.resX);
  requireFinite(`${field}.resY`, grid.resY);
  // Rotated or south-up rasters would need the full affine transform everywhere below; no
  // Sentinel-2 product is either, so they are refused rather than half supported.
  if (!(grid.resX > 0)) throw new RasterInputError(`${field}.resX`, `must be positive, got ${grid.resX}`);
  if (!(grid.resY < 0)) throw new RasterInputError(`${field}.resY`, `must be negative (north-up), got ${grid.resY}`);
  if (!isCount(grid.width)) throw new RasterInputError(`${field}.width`, `must be a whole number ≥ 0, got ${grid.width}`);
  if (!isCount(grid.height)) throw new RasterInputError(`${field}.height`, `must be a whole number ≥ 0, got ${grid.height}`);
}

/** The part of geotiff.js's GeoTIFFImage that describes the grid; no I/O happens through it. */
export interface GeoTiffImageGrid {
  getOrigin(): number[];
  getResolution(): number[];
  getWidth(): number;
  getHeight(): number;
}

/** The pixel grid of a GeoTIFF image as geotiff.js reads it from ModelTiepoint and ModelPixelScale. */
export function pixelGridOf(image: GeoTiffImageGrid): PixelGrid {
  const [originX = Number.NaN, originY = Number.NaN] = image.getOrigin();
  const [resX = Number.NaN, resY = Number.NaN] = image.getResolution();
  const grid = { originX, originY, resX, resY, width: image.getWidth(), height: image.getHeight() };
  requirePixelGrid(grid, 'image');
  return grid;
}

/** The grid of a window of grid: same resolution, origin at the window's corner, window's size. */
export function windowGrid(grid: PixelGrid, window: PixelWindow): PixelGrid {
  return {
    originX: grid.originX + window.x0 * grid.resX,
    originY: grid.originY + window.y0 * grid.resY,
    resX: grid.resX,
    resY: grid.resY,
    width: window.width,
    height: window.height,
  };
}

/** The outer bounds of a window's pixels in the grid's CRS. */
export function windowBounds(grid: PixelGrid, window: PixelWindow): Bounds {
  return {
    minX: grid.originX + window.x0 * grid.resX,
    maxX: grid.originX + (window.x0 + window.width) * grid.resX,
    maxY: grid.originY + window.y0 * grid.resY,
    minY: grid.originY + (window.y0 + window.height) * grid.resY,
  };
}

/**
 * The smallest window of grid whose pixels cover bounds, clipped to the grid: what to read from a
 * coarser band (SCL at 20 m) so that every 10 m pixel centre inside bounds falls on a pixel of it.
 * Empty (width or height 0) when bounds lie outside the grid.
 */
export function coveringWindow(grid: PixelGrid, bounds: Bounds): PixelWindow {
  const x0 = Math.max(0, Math.floor((bounds.minX - grid.originX) / grid.resX));
  const x1 = Math.min(grid.width, Math.ceil((bounds.maxX - grid.originX) / grid.resX));
  const y0 = Math.max(0, Math.floor((bounds.maxY - grid.originY) / grid.resY));
  const y1 = Math.min(grid.height, Math.ceil((bounds.minY - grid.originY) / grid.resY));
  if (x1 <= x0 || y1 <= y0) return { x0: Math.min(x0, grid.width), y0: Math.min(y0, grid.height), width: 0, height: 0 };
  return { x0, y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * The samples of `window` out of a row-major array over a grid `gridWidth` pixels wide: the array
 * itself when the window is all of it, else a copy of the same type.
 */
export function cropToWindow<T extends Uint8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array>(
  data: T,
  gridWidth: number,
  window: PixelWindow,
): T {
  if (window.x0 === 0 && window.y0 === 0 && window.width === gridWidth && data.length === window.width * window.height) return data;
  const out = new (data.constructor as new (n: number) => T)(window.width * window.height);
  for (let r = 0; r < window.height; r++) {
    const from = (window.y0 + r) * gridWidth + window.x0;
    out.set(data.subarray(from, from + window.width), r * window.width);
  }
  return out;
}

/** GeoTIFF's code for "user-defined": the CRS is spelled out in other keys, not by an EPSG code. */
const USER_DEFINED = 32767;

/**
 * The EPSG code of a projected GeoTIFF from its GeoKeys (geotiff.js getGeoKeys()). Only
 * ProjectedCSTypeGeoKey is read: Sentinel-2 COGs always carry it, and guessing a CRS from
 * user-defined parameters would put fields on the wrong pixels without any error.
 */
export function epsgFromGeoKeys(geoKeys: Readonly<Record<string, unknown>> | null | undefined): number {
  const code = geoKeys?.['ProjectedCSTypeGeoKey'];
  if (typeof code !== 'number' || !Number.isInteger(code) || code <= 0 || code >= USER_DEFINED) {
    throw new RasterInputError('geoKeys.ProjectedCSTypeGeoKey', `must be an EPSG code, got ${String(code)}`);
  }
  return code;
}
