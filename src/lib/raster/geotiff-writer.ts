import { writeFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';

/**
 * A minimal GeoTIFF writer: real files that geotiff.js (and GDAL) read, with exactly the structure
 * the imagery code has to cope with. The offline imagery twin (integrations/imagery/synthetic-catalog)
 * writes its Sentinel-2-like scenes with it, and tests write files from numbers they chose.
 *
 * geotiff.js's own writeArrayBuffer only writes uncompressed strips, so it cannot stand in for a
 * Sentinel-2 COG. This writer covers what those are made of:
 * - one single-band image, little-endian classic TIFF, uint8 / uint16 / float32 samples;
 * - tiled (TileWidth/TileLength, multiples of 16 as TIFF 6 requires; edge tiles padded) or
 *   stripped (RowsPerStrip);
 * - Compression 1 (none) or 8 (Adobe DEFLATE: a zlib stream per tile, node:zlib), with Predictor 1
 *   (none) or, for integer samples, 2 (horizontal differencing within each tile or strip row);
 * - georeferencing by ModelPixelScale + ModelTiepoint (pixel (0, 0)'s outer corner, PixelIsArea)
 *   and GeoKeys: GTModelType, GTRasterType and ProjectedCSType (or GeographicType for EPSG:4326);
 * - GDAL_NODATA when asked.
 * The IFD comes first and the image data last, as in a COG, so a range reader finds the header in
 * the first bytes. The same spec always gives the same bytes (no timestamps, fixed deflate level).
 * Not covered (yet): overviews, multiple bands, BigTIFF.
 */

export type GeoTiffData = Uint8Array | Uint16Array | Float32Array;

export interface GeoTiffSpec {
  width: number;
  height: number;
  /** width × height samples, row-major; the sample type follows the array type. */
  data: GeoTiffData;
  /** EPSG code: a projected CRS (e.g. 32643 for UTM 43N), or 4326 for lon/lat. */
  epsg: number;
  /** Outer corner of pixel (0, 0), in the CRS. */
  originX: number;
  originY: number;
  /** Pixel size, positive in both directions (rows go south). */
  pixelWidth: number;
  pixelHeight: number;
  noData?: number;
  /** Default: 16 × 16 tiles. */
  layout?: { tileWidth: number; tileHeight: number } | { rowsPerStrip: number };
  /** Default: 'none'. */
  compression?: 'none' | 'deflate';
  /** Default: 1. 2 needs integer samples and deflate. */
  predictor?: 1 | 2;
}

const TYPE = { BYTE: 1, ASCII: 2, SHORT: 3, LONG: 4, DOUBLE: 12 } as const;
const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 12: 8 };

interface Entry {
  tag: number;
  type: number;
  values: readonly number[] | string;
}

interface SampleLayout {
  bytes: number;
  format: 1 | 3;
}

function sampleLayout(data: GeoTiffData): SampleLayout {
  if (data instanceof Uint8Array) return { bytes: 1, format: 1 };
  if (data instanceof Uint16Array) return { bytes: 2, format: 1 };
  return { bytes: 4, format: 3 };
}

/** True on little-endian hosts, where typed arrays already hold TIFF's "II" byte order. */
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The samples of one block (tile or strip), little-endian, with the predictor applied. */
function encodeBlock(
  spec: GeoTiffSpec,
  left: number,
  top: number,
  blockWidth: number,
  blockHeight: number,
  sample: SampleLayout,
): Uint8Array {
  const count = blockWidth * blockHeight;
  // A typed array of the image's own type: stores wrap integers modulo 2^bits, which is exactly
  // what horizontal differencing needs.
  const samples =
    spec.data instanceof Uint8Array
      ? new Uint8Array(count)
      : spec.data instanceof Uint16Array
        ? new Uint16Array(count)
        : new Float32Array(count);
  // Edge tiles reach past the image; the padding is never read back, 0 (or nodata) fills it.
  const fill = spec.noData ?? 0;
  for (let y = 0; y < blockHeight; y++) {
    const sourceRow = top + y;
    const at = y * blockWidth;
    const inside = sourceRow < spec.height ? Math.max(0, Math.min(blockWidth, spec.width - left)) : 0;
    if (inside > 0) {
      const from = sourceRow * spec.width + left;
      samples.set(spec.data.subarray(from, from + inside), at);
    }
    if (inside < blockWidth) samples.fill(fill, at + inside, at + blockWidth);
    if (spec.predictor === 2) {
      for (let x = blockWidth - 1; x > 0; x--) samples[at + x] = samples[at + x]! - samples[at + x - 1]!;
    }
  }
  let out = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  if (!LITTLE_ENDIAN_HOST && sample.bytes > 1) {
    const swapped = new Uint8Array(out.length);
    for (let i = 0; i < out.length; i += sample.bytes) {
      for (let b = 0; b < sample.bytes; b++) swapped[i + b] = out[i + sample.bytes - 1 - b]!;
    }
    out = swapped;
  }
  return spec.compression === 'deflate' ? new Uint8Array(deflateSync(out, { level: 6 })) : out;
}

function geoKeyDirectory(epsg: number): number[] {
  const geographic = epsg === 4326;
  const keys: [number, number][] = [
    [1024, geographic ? 2 : 1], // GTModelTypeGeoKey: 1 projected, 2 geographic
    [1025, 1], // GTRasterTypeGeoKey: PixelIsArea
    geographic ? [2048, epsg] : [3072, epsg], // GeographicTypeGeoKey / ProjectedCSTypeGeoKey
  ];
  return [1, 1, 0, keys.length, ...keys.flatMap(([key, value]) => [key, 0, 1, value])];
}

function validate(spec: GeoTiffSpec, sample: SampleLayout): void {
  if (!Number.isInteger(spec.width) || !Number.isInteger(spec.height) || spec.width < 1 || spec.height < 1) {
    throw new RangeError('width and height must be positive integers');
  }
  if (spec.data.length !== spec.width * spec.height) throw new RangeError(`data must hold ${spec.width * spec.height} samples`);
  if (spec.predictor === 2 && sample.format === 3) throw new RangeError('predictor 2 needs integer samples');
  if (spec.predictor === 2 && spec.compression !== 'deflate') throw new RangeError('predictor 2 needs deflate compression');
  if (spec.layout && 'tileWidth' in spec.layout && (spec.layout.tileWidth % 16 !== 0 || spec.layout.tileHeight % 16 !== 0)) {
    throw new RangeError('tile sizes must be multiples of 16');
  }
}

/** The bytes of a GeoTIFF file. */
export function encodeGeoTiff(spec: GeoTiffSpec): Uint8Array {
  const sample = sampleLayout(spec.data);
  validate(spec, sample);
  const layout = spec.layout ?? { tileWidth: 16, tileHeight: 16 };
  const tiled = 'tileWidth' in layout;
  const blockWidth = tiled ? layout.tileWidth : spec.width;
  const blockHeight = tiled ? layout.tileHeight : Math.min(layout.rowsPerStrip, spec.height);
  const across = Math.ceil(spec.width / blockWidth);
  const down = Math.ceil(spec.height / blockHeight);
  const blocks: Uint8Array[] = [];
  for (let by = 0; by < down; by++) {
    for (let bx = 0; bx < across; bx++) {
      // A last strip holds only the rows that exist; tiles are always whole.
      const rows = tiled ? blockHeight : Math.min(blockHeight, spec.height - by * blockHeight);
      blocks.push(encodeBlock(spec, bx * blockWidth, by * blockHeight, blockWidth, rows, sample));
    }
  }

  // Offsets are filled in once the layout is known; the entries are sorted by tag, as TIFF requires.
  const offsets = new Array<number>(blocks.length).fill(0);
  const entries: Entry[] = [
    { tag: 256, type: TYPE.LONG, values: [spec.width] },
    { tag: 257, type: TYPE.LONG, values: [spec.height] },
    { tag: 258, type: TYPE.SHORT, values: [sample.bytes * 8] },
    { tag: 259, type: TYPE.SHORT, values: [spec.compression === 'deflate' ? 8 : 1] },
    { tag: 262, type: TYPE.SHORT, values: [1] }, // BlackIsZero
    ...(tiled ? [] : [{ tag: 273, type: TYPE.LONG, values: offsets }]),
    { tag: 277, type: TYPE.SHORT, values: [1] },
    ...(tiled
      ? []
      : [
          { tag: 278, type: TYPE.LONG, values: [blockHeight] },
          { tag: 279, type: TYPE.LONG, values: blocks.map((b) => b.length) },
        ]),
    { tag: 284, type: TYPE.SHORT, values: [1] }, // chunky (one band anyway)
    ...(spec.compression === 'deflate' ? [{ tag: 317, type: TYPE.SHORT, values: [spec.predictor ?? 1] }] : []),
    ...(tiled
      ? [
          { tag: 322, type: TYPE.LONG, values: [blockWidth] },
          { tag: 323, type: TYPE.LONG, values: [blockHeight] },
          { tag: 324, type: TYPE.LONG, values: offsets },
          { tag: 325, type: TYPE.LONG, values: blocks.map((b) => b.length) },
        ]
      : []),
    { tag: 339, type: TYPE.SHORT, values: [sample.format] },
    { tag: 33550, type: TYPE.DOUBLE, values: [spec.pixelWidth, spec.pixelHeight, 0] },
    { tag: 33922, type: TYPE.DOUBLE, values: [0, 0, 0, spec.originX, spec.originY, 0] },
    { tag: 34735, type: TYPE.SHORT, values: geoKeyDirectory(spec.epsg) },
    ...(spec.noData === undefined ? [] : [{ tag: 42113, type: TYPE.ASCII, values: `${spec.noData}\0` }]),
  ];

  const count = (e: Entry) => e.values.length;
  const size = (e: Entry) => count(e) * TYPE_SIZE[e.type]!;
  const ifdOffset = 8;
  const ifdSize = 2 + entries.length * 12 + 4;
  let cursor = ifdOffset + ifdSize;
  const valueOffsets = entries.map((e) => {
    if (size(e) <= 4) return -1;
    const at = cursor + (cursor % 2); // word-aligned, as TIFF asks
    cursor = at + size(e);
    return at;
  });
  for (let i = 0; i < blocks.length; i++) {
    cursor += cursor % 2;
    offsets[i] = cursor;
    cursor += blocks[i]!.length;
  }

  const file = new Uint8Array(cursor);
  const view = new DataView(file.buffer);
  file.set([0x49, 0x49, 42, 0]); // "II", 42: little-endian classic TIFF
  view.setUint32(4, ifdOffset, true);
  view.setUint16(ifdOffset, entries.length, true);
  const writeValues = (e: Entry, at: number) => {
    for (let i = 0; i < count(e); i++) {
      const v = typeof e.values === 'string' ? e.values.charCodeAt(i) : e.values[i]!;
      const p = at + i * TYPE_SIZE[e.type]!;
      if (e.type === TYPE.SHORT) view.setUint16(p, v, true);
      else if (e.type === TYPE.LONG) view.setUint32(p, v, true);
      else if (e.type === TYPE.DOUBLE) view.setFloat64(p, v, true);
      else view.setUint8(p, v);
    }
  };
  entries.forEach((e, i) => {
    const at = ifdOffset + 2 + i * 12;
    view.setUint16(at, e.tag, true);
    view.setUint16(at + 2, e.type, true);
    view.setUint32(at + 4, count(e), true);
    const valueAt = valueOffsets[i]!;
    if (valueAt < 0) writeValues(e, at + 8);
    else {
      view.setUint32(at + 8, valueAt, true);
      writeValues(e, valueAt);
    }
  });
  view.setUint32(ifdOffset + 2 + entries.length * 12, 0, true); // no further IFD
  for (const [i, block] of blocks.entries()) file.set(block, offsets[i]!);
  return file;
}

/** Writes a GeoTIFF file (see encodeGeoTiff). */
export async function writeGeoTiff(path: string, spec: GeoTiffSpec): Promise<void> {
  await writeFile(path, encodeGeoTiff(spec));
}

/** An ArrayBuffer of exactly the file's bytes, for geotiff.js fromArrayBuffer. */
export function geoTiffArrayBuffer(spec: GeoTiffSpec): ArrayBuffer {
  const bytes = encodeGeoTiff(spec);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
