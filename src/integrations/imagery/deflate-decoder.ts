import zlib from 'node:zlib';
import { addDecoder, BaseDecoder } from 'geotiff';
import { undoPredictorInterleaved, undoPredictorRows } from './predictor.js';

/**
 * geotiff.js inflates DEFLATE tiles with pako, zlib ported to JavaScript. node:zlib is the C zlib:
 * several times faster (about 4× on a 512 × 512 uint16 tile).
 *
 * A block is inflated on the calling thread (zlib.inflateSync), as GDAL does: about 1.4 ms for a
 * 512 × 512 uint16 tile. The asynchronous form would run it on libuv's thread pool, but the trip
 * there and back, and the pool's thread contending with the event loop for the same core, cost
 * about a tenth more per tile (bench/raster-ndvi.ts), and that pool is shared with every file and
 * DNS operation of the process. The event loop still turns between blocks, since each block's
 * bytes are read from the file or the network first; a deployment with more cores than one
 * process uses runs more worker processes.
 *
 * node:zlib writes its output in chunks of zlib.constants.Z_DEFAULT_CHUNK (16 KiB), one Buffer
 * each, then joins them: 33 chunks and a copy for a 512 KiB tile. The decoded size of a block is
 * known (tile width × height × bytes per pixel), so the output chunk is one byte larger than that
 * (with exactly the block's size zlib needs a second chunk to find the end of the stream), and
 * that one chunk's memory is the block, not copied again to trim the extra byte.
 */
const MAX_CHUNK_BYTES = 64 * 1024 * 1024;

export class NodeDeflateDecoder extends BaseDecoder {
  /** Bytes of one decoded block (a whole tile, or a full strip), or 0 when the parameters do not say. */
  private blockBytes(): number {
    const { tileWidth, tileHeight, bitsPerSample, planarConfiguration } = this.parameters;
    const bits = typeof bitsPerSample === 'number' ? [bitsPerSample] : Array.from(bitsPerSample ?? []);
    const pixelBits = planarConfiguration === 2 ? (bits[0] ?? 0) : bits.reduce((sum, b) => sum + b, 0);
    const bytes = (tileWidth * tileHeight * pixelBits) / 8;
    // Strips may declare RowsPerStrip far beyond the image; such blocks keep zlib's default chunks.
    return Number.isSafeInteger(bytes) && bytes > 0 && bytes <= MAX_CHUNK_BYTES ? bytes : 0;
  }

  /** The inflated block, predictor not undone; its ArrayBuffer may hold a byte more than the block (see above). */
  override async decodeBlock(buffer: ArrayBufferLike): Promise<ArrayBuffer> {
    const expected = this.blockBytes();
    // zlib.inflateSync is looked up at call time, not bound at import, so a test can spy on it.
    const inflated = zlib.inflateSync(
      new Uint8Array(buffer),
      expected > 0 ? { chunkSize: Math.max(zlib.constants.Z_MIN_CHUNK, expected + 1) } : {},
    );
    // A Buffer may be a view into a larger (pooled) ArrayBuffer shared with other Buffers: only a
    // Buffer at the start of its own memory is handed on as it is.
    return inflated.byteOffset === 0 && inflated.buffer.byteLength - inflated.byteLength <= 1
      ? (inflated.buffer as ArrayBuffer)
      : (inflated.buffer.slice(inflated.byteOffset, inflated.byteOffset + inflated.byteLength) as ArrayBuffer);
  }

  /** The inflated block with Predictor 2 undone by predictor.ts (other predictors by geotiff.js). */
  override async decode(buffer: ArrayBufferLike): Promise<ArrayBufferLike> {
    const { tileWidth, tileHeight, predictor, bitsPerSample, planarConfiguration } = this.parameters;
    if (predictor !== 2) return super.decode(buffer);
    const bits = typeof bitsPerSample === 'number' ? [bitsPerSample] : Array.from(bitsPerSample ?? []);
    const size = bits[0];
    if ((size !== 8 && size !== 16 && size !== 32) || bits.some((b) => b !== size)) return super.decode(buffer);
    const decoded = await this.decodeBlock(buffer);
    // As geotiff.js: the samples of a row accumulate stride apart, in the host's byte order.
    const stride = planarConfiguration === 2 ? 1 : bits.length;
    const rowSamples = tileWidth * stride;
    // A last strip may hold fewer rows than RowsPerStrip.
    const rows = Math.min(tileHeight, Math.floor(decoded.byteLength / ((rowSamples * size) / 8)));
    const samples =
      size === 8
        ? new Uint8Array(decoded, 0, rows * rowSamples)
        : size === 16
          ? new Uint16Array(decoded, 0, rows * rowSamples)
          : new Uint32Array(decoded, 0, rows * rowSamples);
    if (stride === 1 && !(samples instanceof Uint32Array)) undoPredictorRows(samples, rowSamples, 0, rows);
    else undoPredictorInterleaved(samples, rowSamples, rows, stride);
    return decoded;
  }
}

let nativeDeflateRegistered = false;

/**
 * Makes geotiff.js decode TIFF compression 8 (Adobe DEFLATE) and 32946 (old DEFLATE) with
 * NodeDeflateDecoder. geotiff.js keeps one decoder registry per process, so this is done once,
 * on first use rather than on import.
 */
export function useNativeDeflate(): void {
  if (nativeDeflateRegistered) return;
  addDecoder([8, 32946], async () => NodeDeflateDecoder, undefined, false);
  nativeDeflateRegistered = true;
}
