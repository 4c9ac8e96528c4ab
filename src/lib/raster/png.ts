import zlib from 'node:zlib';
import { RasterInputError } from './errors.js';

/**
 * A minimal PNG encoder (ISO/IEC 15948, the PNG specification): 8-bit RGBA, no interlace, one
 * IDAT of zlib data from node:zlib. Each row is filtered with whichever of the five filter types
 * gives the smallest sum of absolute byte values, libpng's heuristic for adaptive filtering: flat
 * colour areas then turn into runs of zeros that deflate well. CRC-32 is zlib's (zlib.crc32, Node
 * ≥ 20.15), with a table implementation for older Node 20 releases.
 */

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, row-major, straight (not premultiplied) alpha. */
  rgba: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The PNG limit on width and height is 2³¹ − 1; far less is ever sensible for a field map. */
const MAX_SIDE = 1 << 15;

let crcTable: Uint32Array | undefined;

/** CRC-32 (ISO 3309, the one PNG and zlib use) by table, for Node releases without zlib.crc32. */
export function crc32Table(data: Uint8Array, crc = 0): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

const zlibCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 of data, continuing from crc. */
export function crc32(data: Uint8Array, crc = 0): number {
  return zlibCrc32 ? zlibCrc32(data, crc) >>> 0 : crc32Table(data, crc);
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** The filtered scan lines: each row is its filter type byte followed by the filtered bytes. */
function filterRows(image: RgbaImage): Uint8Array {
  const stride = image.width * 4;
  const out = new Uint8Array((stride + 1) * image.height);
  const candidates = Array.from({ length: 5 }, () => new Uint8Array(stride));
  const zeros = new Uint8Array(stride);
  for (let y = 0; y < image.height; y++) {
    const row = image.rgba.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? image.rgba.subarray((y - 1) * stride, y * stride) : zeros;
    let best = 0;
    let bestSum = Infinity;
    for (let type = 0; type < 5; type++) {
      const f = candidates[type]!;
      let sum = 0;
      for (let i = 0; i < stride; i++) {
        const a = i >= 4 ? row[i - 4]! : 0;
        const b = up[i]!;
        const c = i >= 4 ? up[i - 4]! : 0;
        const predictor = type === 0 ? 0 : type === 1 ? a : type === 2 ? b : type === 3 ? (a + b) >> 1 : paeth(a, b, c);
        const v = (row[i]! - predictor) & 0xff;
        f[i] = v;
        sum += v < 128 ? v : 256 - v;
      }
      if (sum < bestSum) {
        bestSum = sum;
        best = type;
      }
    }
    out[y * (stride + 1)] = best;
    out.set(candidates[best]!, y * (stride + 1) + 1);
  }
  return out;
}

/** The PNG file of an RGBA image. */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, rgba } = image;
  if (!(Number.isInteger(width) && width >= 1 && width <= MAX_SIDE && Number.isInteger(height) && height >= 1 && height <= MAX_SIDE)) {
    throw new RasterInputError('image', `width and height must be whole numbers from 1 to ${MAX_SIDE}, got ${width} × ${height}`);
  }
  if (rgba.length !== width * height * 4) {
    throw new RasterInputError('image.rgba', `must hold ${width} × ${height} × 4 bytes, got ${rgba.length}`);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: truecolour with alpha
  header[10] = 0; // compression: deflate
  header[11] = 0; // filter method: adaptive, five types
  header[12] = 0; // no interlace
  const data = zlib.deflateSync(filterRows(image), { level: 9 });
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', data), chunk('IEND', new Uint8Array(0))]);
}
