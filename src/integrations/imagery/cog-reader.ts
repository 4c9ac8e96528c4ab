import { open, type FileHandle } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { addDecoder, BaseDecoder, GeoTIFF, getDecoder, type GeoTIFFImage } from 'geotiff';
import { coveringWindow, epsgFromGeoKeys, pixelGridOf, RasterInputError, windowGrid, type Bounds, type PixelGrid, type PixelWindow } from '../../lib/raster/index.js';
import { ImageryError, type ImageryProviderName } from './source.js';

/**
 * Reads the window of a Cloud-Optimized GeoTIFF that covers some bounds, fetching only the bytes
 * that window needs: the header, the entries of the tile index it touches, and its tiles. The
 * GeoTIFF is parsed by geotiff.js over a byte source of our own (HTTP Range requests through
 * `fetch`, or pread on a file:// path) so that every byte read is counted and every failure is an
 * ImageryError that names the file without credentials. geotiff.js's own remote source (fromUrl)
 * sends one HTTP request per 4-byte tile-index lookup, or, given a blockSize, rounds every read to
 * whole blocks (64 KiB by default: half of a small SCL file) and reports any failure as an
 * AggregateError that no longer says whether it was a 403, a 503 or a timeout.
 */

/** Every request asks for at least this much: a COG's IFDs, GeoKeys and tile index sit together. */
export const MIN_RANGE_BYTES = 4096;

/**
 * geotiff.js inflates DEFLATE tiles with pako, zlib ported to JavaScript. node:zlib is the C zlib:
 * several times faster (about 4× on a 512 × 512 uint16 tile: 4 ms instead of 18), and its
 * asynchronous form runs on libuv's thread pool, off the event loop that serves requests.
 *
 * Two costs around the inflate are avoided as well:
 * - node:zlib's asynchronous inflate writes its output in chunks of zlib.constants.Z_DEFAULT_CHUNK
 *   (16 KiB), one trip to the thread pool and one Buffer each, then joins them: 33 trips for a
 *   512 KiB tile. The decoded size of a block is known (tile width × height × bytes per pixel), so
 *   the output chunk is one byte larger than that: one trip (with exactly the block's size zlib
 *   needs a second one to find the end of the stream);
 * - geotiff.js undoes the horizontal predictor (Predictor 2, which Sentinel-2 COGs use) in a loop
 *   shared by 8-, 16- and 32-bit rows, which V8 cannot specialise: about 8 ns a sample in
 *   bench/raster-ndvi.ts, nearly as long as the inflate. Here each sample size has its own loop
 *   (about 1 ns a sample). Other predictors (3, floating point) still go through geotiff.js.
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

  override async decodeBlock(buffer: ArrayBufferLike): Promise<ArrayBuffer> {
    const expected = this.blockBytes();
    const inflated = await new Promise<Buffer>((resolve, reject) => {
      // zlib.inflate is looked up at call time, not bound at import, so a test can spy on it.
      const options = expected > 0 ? { chunkSize: Math.max(zlib.constants.Z_MIN_CHUNK, expected + 1) } : {};
      zlib.inflate(new Uint8Array(buffer), options, (error, result) => (error ? reject(error) : resolve(result)));
    });
    // A Buffer may be a view into a larger (pooled) ArrayBuffer; the decoder must return exactly the tile.
    return inflated.byteOffset === 0 && inflated.byteLength === inflated.buffer.byteLength
      ? (inflated.buffer as ArrayBuffer)
      : (inflated.buffer.slice(inflated.byteOffset, inflated.byteOffset + inflated.byteLength) as ArrayBuffer);
  }

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
    if (size === 8) undoPredictor8(new Uint8Array(decoded, 0, rows * rowSamples), rowSamples, rows, stride);
    else if (size === 16) undoPredictor16(new Uint16Array(decoded, 0, rows * rowSamples), rowSamples, rows, stride);
    else undoPredictor32(new Uint32Array(decoded, 0, rows * rowSamples), rowSamples, rows, stride);
    return decoded;
  }
}

// One function per array type, so that each loop sees a single element kind. With one sample per
// pixel the running value stays in a register instead of being read back from the row just written.
function undoPredictor8(samples: Uint8Array, rowSamples: number, rows: number, stride: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * rowSamples;
    const end = start + rowSamples;
    if (stride === 1) {
      let value = samples[start]!;
      for (let i = start + 1; i < end; i++) samples[i] = value = (value + samples[i]!) & 0xff;
    } else {
      for (let i = start + stride; i < end; i++) samples[i] = samples[i]! + samples[i - stride]!;
    }
  }
}

function undoPredictor16(samples: Uint16Array, rowSamples: number, rows: number, stride: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * rowSamples;
    const end = start + rowSamples;
    if (stride === 1) {
      let value = samples[start]!;
      for (let i = start + 1; i < end; i++) samples[i] = value = (value + samples[i]!) & 0xffff;
    } else {
      for (let i = start + stride; i < end; i++) samples[i] = samples[i]! + samples[i - stride]!;
    }
  }
}

function undoPredictor32(samples: Uint32Array, rowSamples: number, rows: number, stride: number): void {
  for (let r = 0; r < rows; r++) {
    const end = (r + 1) * rowSamples;
    for (let i = r * rowSamples + stride; i < end; i++) samples[i] = samples[i]! + samples[i - stride]!;
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

/** The bytes of [start, start + length), fewer at the end of the file. */
interface RangeBackend {
  read(start: number, length: number): Promise<{ bytes: Uint8Array; fileSize?: number }>;
  close(): Promise<void>;
}

interface Chunk {
  start: number;
  bytes: Uint8Array;
}

/** What the reader has fetched for one file. */
export interface CogReadStats {
  bytesRead: number;
  requests: number;
  /** Learned from Content-Range or the file system; absent until known. */
  fileSize?: number;
}

/**
 * A geotiff.js byte source (the BaseSource contract: fetch, fetchSlice, fileSize, close) that
 * keeps what it fetched, joins requests already under way, and counts bytes.
 */
class RangeSource {
  private readonly chunks: Chunk[] = [];
  private readonly pending: { start: number; end: number; chunk: Promise<Chunk> }[] = [];
  private size: number | null = null;
  readonly stats: CogReadStats = { bytesRead: 0, requests: 0 };

  constructor(
    private readonly backend: RangeBackend,
    private readonly minRangeBytes: number,
  ) {}

  get fileSize(): number | null {
    return this.size;
  }

  async fetch(slices: { offset: number; length: number }[]): Promise<ArrayBuffer[]> {
    return Promise.all(slices.map((s) => this.slice(s.offset, s.length)));
  }

  async fetchSlice(slice: { offset: number; length: number }): Promise<{ offset: number; length: number; data: ArrayBuffer }> {
    return { ...slice, data: await this.slice(slice.offset, slice.length) };
  }

  async close(): Promise<void> {
    await this.backend.close();
  }

  /** A chunk's end, or infinity when it reaches the end of the file (nothing more to fetch). */
  private chunkEnd(chunk: Chunk): number {
    const end = chunk.start + chunk.bytes.length;
    return this.size !== null && end >= this.size ? Number.POSITIVE_INFINITY : end;
  }

  private async slice(offset: number, length: number): Promise<ArrayBuffer> {
    const end = offset + length;
    const chunk =
      this.chunks.find((c) => c.start <= offset && this.chunkEnd(c) >= end) ??
      (await this.pending.find((p) => p.start <= offset && p.end >= end)?.chunk) ??
      (await this.load(offset, Math.max(length, this.minRangeBytes)));
    // A slice that is a whole fetched range (a tile, usually) is that range's buffer, not a copy:
    // copying every compressed tile cost about a fifth of a whole-band read. geotiff.js and the
    // decoders only read what they are given, so sharing the kept bytes is safe.
    if (chunk.start === offset && chunk.bytes.length === length && chunk.bytes.byteOffset === 0 && chunk.bytes.buffer.byteLength === length) {
      return chunk.bytes.buffer as ArrayBuffer;
    }
    // Past the end of the file the slice reads as zeros, as in geotiff.js's own sources.
    const out = new Uint8Array(length);
    if (offset - chunk.start < chunk.bytes.length) out.set(chunk.bytes.subarray(offset - chunk.start, Math.min(end - chunk.start, chunk.bytes.length)));
    return out.buffer;
  }

  private load(start: number, length: number): Promise<Chunk> {
    const entry = {
      start,
      end: start + length,
      chunk: this.backend.read(start, length).then(({ bytes, fileSize }) => {
        this.stats.requests += 1;
        this.stats.bytesRead += bytes.length;
        if (fileSize !== undefined) this.size = this.stats.fileSize = fileSize;
        const chunk = { start, bytes };
        this.chunks.push(chunk);
        return chunk;
      }),
    };
    this.pending.push(entry);
    const done = () => void this.pending.splice(this.pending.indexOf(entry), 1);
    entry.chunk.then(done, done);
    return entry.chunk;
  }
}

/** An href as it may appear in messages: no credentials, no query (pre-signed URLs carry signatures there). */
export function safeLabel(href: string): string {
  try {
    const url = new URL(href);
    return url.protocol === 'file:' ? `file://${url.pathname}` : `${url.origin}${url.pathname}`;
  } catch {
    return 'an asset with an invalid URL';
  }
}

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+|\*)$/;

function httpBackend(url: URL, label: string, provider: ImageryProviderName, fetchImpl: typeof fetch, signal: AbortSignal | undefined): RangeBackend {
  const failure = (error: unknown): ImageryError => {
    if (error instanceof ImageryError) return error;
    if (signal?.aborted) return new ImageryError(provider, 'timeout', `${label} was not read in time`);
    const cause = (error as { cause?: { code?: unknown } }).cause?.code;
    return new ImageryError(provider, 'unavailable', `${label} is unreachable (${typeof cause === 'string' ? cause : 'network error'})`);
  };
  return {
    async read(start, length) {
      try {
        const response = await fetchImpl(url, { headers: { range: `bytes=${start}-${start + length - 1}` }, signal });
        if (response.status !== 206) {
          await response.body?.cancel().catch(() => {});
          if (response.status === 200) throw new ImageryError(provider, 'invalid_response', `${label} answered the whole file to a range request`);
          if (response.status === 416) throw new ImageryError(provider, 'invalid_response', `${label} ends before byte ${start}: not a whole GeoTIFF`);
          const reason = response.status === 401 || response.status === 403 ? 'unauthorized' : 'upstream_status';
          throw new ImageryError(provider, reason, `${label} answered ${response.status}`, response.status);
        }
        const range = CONTENT_RANGE.exec(response.headers.get('content-range') ?? '');
        const bytes = new Uint8Array(await response.arrayBuffer());
        if (!range || Number(range[1]) !== start || Number(range[2]) - start + 1 !== bytes.length) {
          throw new ImageryError(provider, 'invalid_response', `${label} answered a range other than bytes ${start}-${start + length - 1}`);
        }
        return { bytes, ...(range[3] !== '*' ? { fileSize: Number(range[3]) } : {}) };
      } catch (error) {
        throw failure(error);
      }
    },
    async close() {},
  };
}

function fileBackend(path: string, label: string, provider: ImageryProviderName): RangeBackend {
  let handle: Promise<{ file: FileHandle; size: number }> | undefined;
  const opened = () =>
    (handle ??= open(path, 'r').then(
      async (file) => ({ file, size: (await file.stat()).size }),
      (error: NodeJS.ErrnoException) => {
        throw error.code === 'ENOENT'
          ? new ImageryError(provider, 'upstream_status', `${label} does not exist`, 404)
          : new ImageryError(provider, 'unavailable', `${label} cannot be opened (${error.code ?? 'error'})`);
      },
    ));
  return {
    async read(start, length) {
      const { file, size } = await opened();
      if (start >= size) throw new ImageryError(provider, 'invalid_response', `${label} ends before byte ${start}: not a whole GeoTIFF`);
      const bytes = new Uint8Array(Math.min(length, size - start));
      let done = 0;
      while (done < bytes.length) {
        const { bytesRead } = await file.read(bytes, done, bytes.length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return { bytes: bytes.subarray(0, done), fileSize: size };
    },
    async close() {
      if (!handle) return;
      const opening = handle;
      handle = undefined;
      await opening.then(({ file }) => file.close()).catch(() => {});
    },
  };
}

export interface CogWindow {
  /** Sample 0 of the full-resolution image over the window, row-major. */
  data: Uint8Array | Uint16Array;
  /** The window's own grid in the image CRS. */
  grid: PixelGrid;
  /** The image CRS (ProjectedCSTypeGeoKey). */
  epsg: number;
}

export interface CogReaderOptions {
  /** Named in errors. */
  provider: ImageryProviderName;
  fetch?: typeof fetch;
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
  decoder: BaseDecoder;
}

/** True on little-endian hosts, where a Uint16Array over a little-endian tile reads it as it is. */
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Decoded tiles kept by a reader, least recently used first out, so that a tile several windows
 * need (fields next to each other, read one window per field) is inflated once, as GDAL's block
 * cache does. The default budget is GDAL's too (GDAL_CACHEMAX: 5 % of the machine's memory; 1.2 GiB
 * on 24 GiB holds every 512 × 512 tile of a Sentinel-2 band pair). A reader lives for one scene
 * read, and only tiles a window takes part of are kept: a window that covers a tile whole (a large
 * read) will not be asked for it again, and keeping it would double that read's memory.
 */
export const TILE_CACHE_BYTES = Math.floor(totalmem() * 0.05);

class TileCache {
  private readonly entries = new Map<string, { tile: Promise<ArrayBuffer>; bytes: number }>();
  private bytes = 0;

  constructor(private readonly capacity: number) {}

  /** The tile under key, from the cache or loaded (and kept if `keep`); concurrent requests share a kept load. */
  get(key: string, load: () => Promise<ArrayBuffer>, keep: boolean): Promise<ArrayBuffer> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.tile;
    }
    const entry = { tile: load(), bytes: 0 };
    if (!keep || this.capacity <= 0) return entry.tile;
    this.entries.set(key, entry);
    entry.tile.then(
      (tile) => {
        if (this.entries.get(key) !== entry) return;
        entry.bytes = tile.byteLength;
        this.bytes += entry.bytes;
        for (const [oldest, old] of this.entries) {
          if (this.bytes <= this.capacity) break;
          this.entries.delete(oldest);
          this.bytes -= old.bytes;
        }
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.tile;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
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
  const decoder = await getDecoder(compression, {
    tileWidth: image.getTileWidth(),
    tileHeight: image.getTileHeight(),
    planarConfiguration: image.planarConfiguration,
    bitsPerSample: (await directory.loadValue('BitsPerSample')) ?? [bits],
    predictor: (await directory.loadValue('Predictor')) || 1,
  });
  return { bits, blockWidth: image.getTileWidth(), blockHeight: image.getTileHeight(), decoder };
}

/**
 * A reader for the assets of one scene read: each href is opened once (one header fetch per
 * asset) and everything fetched is kept until close, so windows of several fields over the same
 * scene cost only their tiles; tiles that windows take part of are also kept decoded, up to
 * tileCacheBytes, so such windows cost no inflate either.
 */
export function createCogReader(options: CogReaderOptions): CogReader {
  useNativeDeflate();
  const { provider, signal } = options;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const minRangeBytes = options.minRangeBytes ?? MIN_RANGE_BYTES;
  const opened = new Map<string, { source: RangeSource; cog: Promise<OpenCog> }>();
  const tiles = new TileCache(options.tileCacheBytes ?? TILE_CACHE_BYTES);

  const asImageryError = (error: unknown, label: string): ImageryError => {
    if (error instanceof ImageryError) return error;
    if (signal?.aborted) return new ImageryError(provider, 'timeout', `${label} was not read in time`);
    const detail = error instanceof Error ? error.message : String(error);
    const what = error instanceof RasterInputError ? 'is not a usable Sentinel-2 GeoTIFF' : 'is not a readable GeoTIFF';
    return new ImageryError(provider, 'invalid_response', `${label} ${what} (${detail})`);
  };

  const backendFor = (href: string, label: string): RangeBackend => {
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      throw new ImageryError(provider, 'invalid_response', `${label}: the asset href is not a URL`);
    }
    if (url.protocol === 'http:' || url.protocol === 'https:') return httpBackend(url, label, provider, fetchImpl, signal);
    if (url.protocol === 'file:') return fileBackend(fileURLToPath(url), label, provider);
    throw new ImageryError(provider, 'invalid_response', `${label}: only http(s) and file hrefs can be read, not ${url.protocol}`);
  };

  const openCog = (href: string) => {
    let entry = opened.get(href);
    if (!entry) {
      const label = safeLabel(href);
      const source = new RangeSource(backendFor(href, label), minRangeBytes);
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
  const readBlocks = async (href: string, image: GeoTIFFImage, layout: BlockLayout, window: PixelWindow): Promise<Uint8Array | Uint16Array> => {
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
        const whole = rowFrom === top && rowTo === Math.min(top + blockHeight, image.getHeight()) && colFrom === left && colTo === Math.min(left + blockWidth, image.getWidth());
        const load = () => image.getTileOrStrip(bx, by, 0, layout.decoder, signal).then((block) => block.data as ArrayBuffer);
        pending.push(
          tiles.get(`${by * across + bx} ${href}`, load, !whole).then((data) => {
            const samples = bits === 8 ? new Uint8Array(data) : new Uint16Array(data, 0, data.byteLength >> 1);
            if (samples.length < (rowTo - top) * blockWidth) throw new Error(`block ${bx}, ${by} decoded to ${data.byteLength} bytes`);
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
          throw new ImageryError(provider, 'invalid_response', `${safeLabel(href)} holds ${bits}-bit samples of format ${format}, not uint8 or uint16`);
        }
        if (window.width === 0 || window.height === 0) return { data: bits === 8 ? new Uint8Array(0) : new Uint16Array(0), grid, epsg: cog.epsg };
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
