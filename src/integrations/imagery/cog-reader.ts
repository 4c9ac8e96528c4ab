import { GeoTIFF, getDecoder, type BaseDecoder, type GeoTIFFImage } from 'geotiff';
import {
  coveringWindow,
  epsgFromGeoKeys,
  pixelGridOf,
  RasterInputError,
  windowGrid,
  type Bounds,
  type PixelGrid,
  type PixelWindow,
} from '../../lib/raster/index.js';
import { createOutbound, type Outbound } from '../../infra/outbound/index.js';
import { NodeDeflateDecoder, useNativeDeflate } from './deflate-decoder.js';
import { LITTLE_ENDIAN_HOST, undoPredictorRows } from './predictor.js';
import { MIN_RANGE_BYTES, rangeBackend, RangeSource, safeLabel, type CogReadStats } from './range-source.js';
import { TILE_CACHE_BYTES, TileCache } from './tile-cache.js';
import { ImageryError, type ImageryProviderName } from './source.js';

/**
 * Reads the window of a Cloud-Optimized GeoTIFF that covers some bounds, fetching only the bytes
 * that window needs: the header, the entries of the tile index it touches, and its tiles. The
 * GeoTIFF is parsed by geotiff.js over a byte source of our own (range-source.ts); tiles are
 * inflated by node:zlib (deflate-decoder.ts).
 */

export interface CogWindow {
  /** Sample 0 of the full-resolution image over the window, row-major. */
  data: Uint8Array | Uint16Array;
  /** The window's own grid in the image CRS. */
  grid: PixelGrid;
  /** The image CRS (ProjectedCSTypeGeoKey). */
  epsg: number;
}

/** One range request's limit; a whole scene read has its own deadline besides (the caller's signal). */
export const DEFAULT_READ_TIMEOUT_MS = 30_000;

export interface CogReaderOptions {
  /** Named in errors. */
  provider: ImageryProviderName;
  /** How http(s) assets are read; by default a helper of the reader's own (tests and the benchmark read files). */
  outbound?: Outbound;
  /** Aborts every read of this reader (the caller's signal combined with a timeout). */
  signal?: AbortSignal;
  /** Default MIN_RANGE_BYTES. */
  minRangeBytes?: number;
  /** Decoded tiles kept for later windows, in bytes, over all hrefs; default TILE_CACHE_BYTES, 0 for none. */
  tileCacheBytes?: number;
}

export interface CogReader {
  /** The pixels of href's full-resolution image covering bounds (in the image CRS); empty when they miss it. */
  window(href: string, bounds: Bounds): Promise<CogWindow>;
  /** Bytes and requests so far for href (zero before it is opened). */
  stats(href: string): CogReadStats;
  /** Closes file handles; the reader is not used after. */
  close(): Promise<void>;
}

interface OpenCog {
  source: RangeSource;
  image: GeoTIFFImage;
  grid: PixelGrid;
  epsg: number;
  /** How windows are assembled from tiles here; undefined when geotiff.js's readRasters does it. */
  blocks?: BlockLayout;
}

/** A single-band uint8 or uint16 image in the host's byte order, its tiles (or strips) copied row by row. */
interface BlockLayout {
  bits: 8 | 16;
  blockWidth: number;
  blockHeight: number;
  /** What geotiff.js decodes a block with: with predictorByRow, the bare inflate. */
  decoder: BaseDecoder | { decode(buffer: ArrayBufferLike): Promise<ArrayBufferLike> };
  /**
   * DEFLATE with Predictor 2: blocks are inflated whole but their predictor is undone row by row,
   * only on the rows windows take (a field's window takes a tenth of a 512-row tile or less).
   */
  predictorByRow: boolean;
}

/** A decoded block as the tile cache keeps it. */
interface DecodedBlock {
  samples: Uint8Array | Uint16Array;
  /** With predictorByRow, 1 for each row whose predictor is still to be undone; else null. */
  rowsToUndo: Uint8Array | null;
}

/** Rows [from, to) of a block made ready: the predictor undone where it is still pending. */
function readyRows(block: DecodedBlock, width: number, from: number, to: number): void {
  const pending = block.rowsToUndo;
  if (!pending) return;
  for (let row = from; row < to; ) {
    if (pending[row] === 0) {
      row++;
      continue;
    }
    const first = row;
    while (row < to && pending[row] === 1) pending[row++] = 0;
    undoPredictorRows(block.samples, width, first, row);
  }
}

/**
 * The layout for copying whole rows out of decoded tiles, when the image allows it: one sample
 * of 8 or 16 bits, in the host's byte order (or 8-bit). Anything else is left to readRasters.
 */
async function blockLayout(image: GeoTIFFImage): Promise<BlockLayout | undefined> {
  const bits = image.getBitsPerSample(0);
  if (image.getSamplesPerPixel() !== 1 || image.getSampleFormat(0) !== 1 || (bits !== 8 && bits !== 16)) return undefined;
  if (bits === 16 && image.littleEndian !== LITTLE_ENDIAN_HOST) return undefined;
  const directory = image.fileDirectory;
  const compression = directory.getValue('Compression') || 1;
  // The parameters geotiff.js's default parameter function gives, with strips clamped to the image.
  const predictor = (await directory.loadValue('Predictor')) || 1;
  const decoder = await getDecoder(compression, {
    tileWidth: image.getTileWidth(),
    tileHeight: image.getTileHeight(),
    planarConfiguration: image.planarConfiguration,
    bitsPerSample: (await directory.loadValue('BitsPerSample')) ?? [bits],
    predictor,
  });
  // Only NodeDeflateDecoder's blocks are known to be fresh memory that may be changed in place.
  const predictorByRow = predictor === 2 && decoder instanceof NodeDeflateDecoder;
  return {
    bits,
    blockWidth: image.getTileWidth(),
    blockHeight: image.getTileHeight(),
    decoder: predictorByRow ? { decode: async (buffer: ArrayBufferLike) => decoder.decodeBlock(buffer as ArrayBuffer) } : decoder,
    predictorByRow,
  };
}

/** A block as getTileOrStrip gave it, with the rows whose predictor is pending when undone by row. */
function decodedBlock(data: ArrayBuffer, layout: BlockLayout): DecodedBlock {
  const samples = layout.bits === 8 ? new Uint8Array(data) : new Uint16Array(data, 0, data.byteLength >> 1);
  return { samples, rowsToUndo: layout.predictorByRow ? new Uint8Array(layout.blockHeight).fill(1) : null };
}

/**
 * A reader for the assets of one scene read: each href is opened once (one header fetch per
 * asset) and its header and tile index are kept until close, so windows of several fields over the
 * same scene cost only their tiles; tiles that windows take part of are kept decoded, up to
 * tileCacheBytes, so a tile several windows share is fetched and inflated once.
 */
export function createCogReader(options: CogReaderOptions): CogReader {
  useNativeDeflate();
  const { provider, signal } = options;
  const outbound = options.outbound ?? createOutbound({ upstream: 'a GeoTIFF host', timeoutMs: DEFAULT_READ_TIMEOUT_MS });
  const minRangeBytes = options.minRangeBytes ?? MIN_RANGE_BYTES;
  const opened = new Map<string, { source: RangeSource; cog: Promise<OpenCog> }>();
  const tiles = new TileCache<DecodedBlock>(options.tileCacheBytes ?? TILE_CACHE_BYTES, (block) => block.samples.byteLength);

  const asImageryError = (error: unknown, label: string): ImageryError => {
    if (error instanceof ImageryError) return error;
    if (signal?.aborted) return new ImageryError(provider, 'timeout', `${label} was not read in time`);
    const detail = error instanceof Error ? error.message : String(error);
    const what = error instanceof RasterInputError ? 'is not a usable Sentinel-2 GeoTIFF' : 'is not a readable GeoTIFF';
    return new ImageryError(provider, 'invalid_response', `${label} ${what} (${detail})`);
  };

  const openCog = (href: string) => {
    let entry = opened.get(href);
    if (!entry) {
      const label = safeLabel(href);
      const source = new RangeSource(rangeBackend(href, label, provider, outbound, signal), minRangeBytes);
      const cog = (async (): Promise<OpenCog> => {
        try {
          const tiff = await GeoTIFF.fromSource(source, {}, signal);
          // Image 0 of a COG is the full resolution; the overviews follow it.
          const image = await tiff.getImage(0);
          const blocks = await blockLayout(image);
          return { source, image, grid: pixelGridOf(image), epsg: epsgFromGeoKeys(image.getGeoKeys()), ...(blocks ? { blocks } : {}) };
        } catch (error) {
          throw asImageryError(error, label);
        }
      })();
      entry = { source, cog };
      opened.set(href, entry);
    }
    return entry.cog;
  };

  /**
   * The window's pixels from the tiles under it, each decoded once while the cache keeps it and
   * copied a row at a time (geotiff.js's readRasters copies pixel by pixel through a DataView:
   * about 2 s of a whole 10 980 × 10 980 band).
   */
  const readBlocks = async (
    href: string,
    image: GeoTIFFImage,
    layout: BlockLayout,
    window: PixelWindow,
  ): Promise<Uint8Array | Uint16Array> => {
    const { blockWidth, blockHeight, bits } = layout;
    const { x0, y0, width, height } = window;
    const out = bits === 8 ? new Uint8Array(width * height) : new Uint16Array(width * height);
    const across = Math.ceil(image.getWidth() / blockWidth);
    const pending: Promise<void>[] = [];
    for (let by = Math.floor(y0 / blockHeight); by * blockHeight < y0 + height; by++) {
      for (let bx = Math.floor(x0 / blockWidth); bx * blockWidth < x0 + width; bx++) {
        const top = by * blockHeight;
        const left = bx * blockWidth;
        const rowFrom = Math.max(y0, top);
        const rowTo = Math.min(y0 + height, top + image.getBlockHeight(by));
        const colFrom = Math.max(x0, left);
        const colTo = Math.min(x0 + width, left + blockWidth, image.getWidth());
        const whole =
          rowFrom === top &&
          rowTo === Math.min(top + blockHeight, image.getHeight()) &&
          colFrom === left &&
          colTo === Math.min(left + blockWidth, image.getWidth());
        const load = () =>
          image.getTileOrStrip(bx, by, 0, layout.decoder, signal).then((block) => decodedBlock(block.data as ArrayBuffer, layout));
        pending.push(
          tiles.get(`${by * across + bx} ${href}`, load, !whole).then((block) => {
            const { samples } = block;
            if (samples.length < (rowTo - top) * blockWidth) throw new Error(`block ${bx}, ${by} decoded to ${samples.byteLength} bytes`);
            readyRows(block, blockWidth, rowFrom - top, rowTo - top);
            for (let row = rowFrom; row < rowTo; row++) {
              const from = (row - top) * blockWidth + colFrom - left;
              out.set(samples.subarray(from, from + colTo - colFrom), (row - y0) * width + colFrom - x0);
            }
          }),
        );
      }
    }
    await Promise.all(pending);
    return out;
  };

  return {
    async window(href, bounds) {
      const cog = await openCog(href);
      const window = coveringWindow(cog.grid, bounds);
      const grid = windowGrid(cog.grid, window);
      try {
        const bits = cog.image.getBitsPerSample(0);
        const format = cog.image.getSampleFormat(0);
        if (format !== 1 || (bits !== 8 && bits !== 16)) {
          throw new ImageryError(
            provider,
            'invalid_response',
            `${safeLabel(href)} holds ${bits}-bit samples of format ${format}, not uint8 or uint16`,
          );
        }
        if (window.width === 0 || window.height === 0)
          return { data: bits === 8 ? new Uint8Array(0) : new Uint16Array(0), grid, epsg: cog.epsg };
        if (cog.blocks) return { data: await readBlocks(href, cog.image, cog.blocks, window), grid, epsg: cog.epsg };
        const data = await cog.image.readRasters({
          window: [window.x0, window.y0, window.x0 + window.width, window.y0 + window.height],
          samples: [0],
          interleave: true,
          ...(signal ? { signal } : {}),
        });
        if (!(data instanceof Uint8Array || data instanceof Uint16Array)) {
          throw new ImageryError(provider, 'invalid_response', `${safeLabel(href)} decoded to ${data.constructor.name}`);
        }
        return { data, grid, epsg: cog.epsg };
      } catch (error) {
        throw asImageryError(error, safeLabel(href));
      }
    },
    stats(href) {
      return { ...(opened.get(href)?.source.stats ?? { bytesRead: 0, requests: 0 }) };
    },
    async close() {
      const sources = [...opened.values()].map((e) => e.source);
      opened.clear();
      tiles.clear();
      await Promise.all(sources.map((s) => s.close()));
    },
  };
}
