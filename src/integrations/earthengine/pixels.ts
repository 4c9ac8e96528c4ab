import { fromArrayBuffer } from 'geotiff';
import { ImageryError } from '../imagery/source.js';
import {
  coveringWindow,
  epsgFromGeoKeys,
  pixelGridOf,
  RasterInputError,
  windowGrid,
  type Bounds,
  type PixelGrid,
} from '../../lib/raster/index.js';
import { PROVIDER } from './http.js';
import type { EePixelGrid } from './schema.js';

/**
 * Pixel grids, expressions and GeoTIFF answers of `image:computePixels`
 * (developers.google.com/earth-engine/reference/rest/v1/projects.image/computePixels).
 *
 * The documentation says: "Requests are limited to 48MB in uncompressed data per request,
 * computed as the product of the request dimensions in pixels, the number of image bands
 * requested, and the number of bytes per pixel for each band. Requests are also limited to at most
 * 32K pixels in either dimension and at most 1024 bands. Requests exceeding these limits will
 * result in an error code of 400 (BAD_REQUEST)." It does not say whether MB and K are decimal or
 * binary, so the smaller reading is enforced (48 000 000 bytes, 32 000 pixels): a request that
 * passes here passes there under either reading. A field's window is a few hundred pixels; these
 * limits only stop a mistaken bounding box (a district, a whole tile) from being sent at all.
 *
 * PixelGrid (…/rest/v1/PixelGrid): `dimensions`, `affineTransform` and `crsCode`; pixel
 * coordinates are PixelIsArea: the transform maps the outer top-left corner of pixel (0, 0), the
 * same convention as lib/raster's PixelGrid, so translateX/Y are originX/Y and scaleX/Y are
 * resX/resY (negative going south).
 */
export const COMPUTE_PIXELS_LIMITS = Object.freeze({ maxBytes: 48_000_000, maxPixelsPerSide: 32_000, maxBands: 1024 });

/** Sentinel-2 L2A bands are uint16 (SCL uint8): 2 bytes is the most any band asked for takes. */
export const BYTES_PER_SAMPLE = 2;

/** A band's grid as lib/raster holds it, with its EPSG code. */
export interface BandGrid {
  epsg: number;
  grid: PixelGrid;
}

/** The EPSG code of an Earth Engine crsCode ("EPSG:32643"); undefined for anything else. */
export function epsgOfCrsCode(crsCode: string | undefined): number | undefined {
  const match = /^EPSG:(\d{4,5})$/.exec(crsCode ?? '');
  return match ? Number(match[1]) : undefined;
}

/** A band grid from an asset's listing, or undefined when it is not a north-up EPSG grid. */
export function bandGridOf(grid: EePixelGrid | undefined): BandGrid | undefined {
  const epsg = epsgOfCrsCode(grid?.crsCode);
  const t = grid?.affineTransform;
  const width = grid?.dimensions?.width ?? 0;
  const height = grid?.dimensions?.height ?? 0;
  if (epsg === undefined || !t || (t.shearX ?? 0) !== 0 || (t.shearY ?? 0) !== 0) return undefined;
  const pixelGrid = { originX: t.translateX ?? 0, originY: t.translateY ?? 0, resX: t.scaleX ?? 0, resY: t.scaleY ?? 0, width, height };
  const valid = pixelGrid.resX > 0 && pixelGrid.resY < 0 && Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0;
  return valid && Object.values(pixelGrid).every(Number.isFinite) ? { epsg, grid: pixelGrid } : undefined;
}

/** lib/raster's grid as the PixelGrid of a computePixels request. */
export function toEePixelGrid(grid: PixelGrid, epsg: number) {
  return {
    dimensions: { width: grid.width, height: grid.height },
    affineTransform: { scaleX: grid.resX, shearX: 0, translateX: grid.originX, shearY: 0, scaleY: grid.resY, translateY: grid.originY },
    crsCode: `EPSG:${epsg}`,
  };
}

/**
 * Refuses a request computePixels would refuse (RasterInputError, a RangeError naming `bounds`),
 * so that it is never sent.
 */
export function checkComputePixelsLimits(width: number, height: number, bands: number, resolution: number): void {
  const { maxBytes, maxPixelsPerSide, maxBands } = COMPUTE_PIXELS_LIMITS;
  const size = `${width} × ${height} pixels at ${resolution} m`;
  if (width > maxPixelsPerSide || height > maxPixelsPerSide) {
    throw new RasterInputError(
      'bounds',
      `a window of ${size} is over Earth Engine computePixels' limit of ${maxPixelsPerSide} pixels per side`,
    );
  }
  if (bands > maxBands) throw new RasterInputError('bands', `${bands} bands are over computePixels' limit of ${maxBands}`);
  const bytes = width * height * bands * BYTES_PER_SAMPLE;
  if (bytes > maxBytes) {
    throw new RasterInputError(
      'bounds',
      `a window of ${size} × ${bands} band(s) is ${bytes} bytes, over Earth Engine computePixels' limit of ${maxBytes} bytes per request`,
    );
  }
}

/** Throws unless bounds is a finite, non-empty rectangle. */
export function requireBounds(bounds: Bounds): void {
  const { minX, minY, maxX, maxY } = bounds;
  if (![minX, minY, maxX, maxY].every(Number.isFinite) || !(maxX > minX) || !(maxY > minY)) {
    throw new RasterInputError('bounds', 'must be a finite rectangle with minX < maxX and minY < maxY');
  }
}

/**
 * The most pixels a window over bounds can have at a resolution, whatever the grid's origin:
 * known before the image's grid is, so an oversized window is refused before any request.
 */
export function largestWindow(bounds: Bounds, resolution: number): { width: number; height: number } {
  return {
    width: Math.ceil((bounds.maxX - bounds.minX) / resolution) + 1,
    height: Math.ceil((bounds.maxY - bounds.minY) / resolution) + 1,
  };
}

/**
 * The window of a band's own grid whose pixels cover bounds: the same pixel edges as the stored
 * image (no resampling happens when computePixels is asked for exactly these), clipped to the
 * image; empty (width or height 0) when bounds miss the image, as lib/raster's coveringWindow.
 */
export function snappedWindow(band: BandGrid, bounds: Bounds): PixelGrid {
  return windowGrid(band.grid, coveringWindow(band.grid, bounds));
}

/** `Image.select(Image.load(id), bands)` as an Expression graph (…/rest/v1/Expression). */
export function selectBandsExpression(assetId: string, bands: readonly string[]) {
  // Function and argument names as the official client serializes them: ee.Image(id) is
  // Image.load {id} (python/ee/image.py); image.select(...) is Image.select {input, bandSelectors},
  // as in serialized graphs published with public code.
  return {
    result: '0',
    values: {
      '0': {
        functionInvocationValue: {
          functionName: 'Image.select',
          arguments: {
            input: { functionInvocationValue: { functionName: 'Image.load', arguments: { id: { constantValue: assetId } } } },
            bandSelectors: { constantValue: [...bands] },
          },
        },
      },
    },
  };
}

const invalid = (message: string) => new ImageryError(PROVIDER, 'invalid_response', message);
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * The bands of a computePixels GEO_TIFF answer, one typed array per requested band in request
 * order, after checking that the file's own georeferencing (ModelTiepoint/ModelPixelScale or
 * ModelTransformation, ProjectedCSTypeGeoKey) is the grid that was asked for.
 */
export async function readGeoTiffBands(
  bytes: ArrayBuffer,
  expected: { grid: PixelGrid; epsg: number; bands: number },
): Promise<(Uint8Array | Uint16Array)[]> {
  const magic = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
  const tiff = (magic[0] === 0x49 && magic[1] === 0x49) || (magic[0] === 0x4d && magic[1] === 0x4d);
  if (!tiff) throw invalid('Earth Engine answered computePixels with something that is not a GeoTIFF');
  let rasters: ArrayLike<unknown>[];
  try {
    const image = await (await fromArrayBuffer(bytes)).getImage();
    const grid = pixelGridOf(image);
    const epsg = epsgFromGeoKeys(image.getGeoKeys());
    const want = expected.grid;
    const same =
      epsg === expected.epsg &&
      grid.width === want.width &&
      grid.height === want.height &&
      near(grid.originX, want.originX) &&
      near(grid.originY, want.originY) &&
      near(grid.resX, want.resX) &&
      near(grid.resY, want.resY);
    if (!same) {
      throw invalid(
        `the GeoTIFF from computePixels is on another grid (EPSG:${epsg}, ${grid.width} × ${grid.height} at ${grid.originX}, ${grid.originY}) than requested (EPSG:${expected.epsg}, ${want.width} × ${want.height} at ${want.originX}, ${want.originY})`,
      );
    }
    if (image.getSamplesPerPixel() !== expected.bands) {
      throw invalid(`the GeoTIFF from computePixels has ${image.getSamplesPerPixel()} bands, ${expected.bands} were requested`);
    }
    rasters = Array.from(await image.readRasters());
  } catch (error) {
    if (error instanceof ImageryError) throw error;
    const reason = error instanceof RasterInputError ? error.message : 'unreadable TIFF';
    throw invalid(`the GeoTIFF from computePixels cannot be used (${reason})`);
  }
  return rasters.map((raster, i) => unsignedSamples(raster, i));
}

/** Sentinel-2 digital numbers as uint8/uint16; another integer type is copied if every value fits. */
function unsignedSamples(raster: ArrayLike<unknown>, band: number): Uint8Array | Uint16Array {
  if (raster instanceof Uint8Array || raster instanceof Uint16Array) return raster;
  if (raster instanceof Int8Array || raster instanceof Int16Array || raster instanceof Int32Array || raster instanceof Uint32Array) {
    const out = new Uint16Array(raster.length);
    for (let i = 0; i < raster.length; i++) {
      const value = raster[i]!;
      if (value < 0 || value > 0xffff) throw invalid(`band ${band} of the GeoTIFF from computePixels holds ${value}, outside uint16`);
      out[i] = value;
    }
    return out;
  }
  throw invalid(`band ${band} of the GeoTIFF from computePixels is not integer-valued`);
}
