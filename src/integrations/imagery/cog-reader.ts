import { open, type FileHandle } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { addDecoder, BaseDecoder, GeoTIFF, type GeoTIFFImage } from 'geotiff';
import { coveringWindow, epsgFromGeoKeys, pixelGridOf, RasterInputError, windowGrid, type Bounds, type PixelGrid } from '../../lib/raster/index.js';
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
 * The predictor (if any) is still applied by BaseDecoder.decode after decodeBlock.
 */
export class NodeDeflateDecoder extends BaseDecoder {
  override async decodeBlock(buffer: ArrayBufferLike): Promise<ArrayBuffer> {
    const inflated = await new Promise<Buffer>((resolve, reject) => {
      // zlib.inflate is looked up at call time, not bound at import, so a test can spy on it.
      zlib.inflate(new Uint8Array(buffer), (error, result) => (error ? reject(error) : resolve(result)));
    });
    // A Buffer may be a view into a larger (pooled) ArrayBuffer; the decoder must return exactly the tile.
    return inflated.byteOffset === 0 && inflated.byteLength === inflated.buffer.byteLength
      ? (inflated.buffer as ArrayBuffer)
      : (inflated.buffer.slice(inflated.byteOffset, inflated.byteOffset + inflated.byteLength) as ArrayBuffer);
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
}

/**
 * A reader for the assets of one scene read: each href is opened once (one header fetch per
 * asset) and everything fetched is kept until close, so windows of several fields over the same
 * scene cost only their tiles.
 */
export function createCogReader(options: CogReaderOptions): CogReader {
  useNativeDeflate();
  const { provider, signal } = options;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const minRangeBytes = options.minRangeBytes ?? MIN_RANGE_BYTES;
  const opened = new Map<string, { source: RangeSource; cog: Promise<OpenCog> }>();

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
          return { source, image, grid: pixelGridOf(image), epsg: epsgFromGeoKeys(image.getGeoKeys()) };
        } catch (error) {
          throw asImageryError(error, label);
        }
      })();
      entry = { source, cog };
      opened.set(href, entry);
    }
    return entry.cog;
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
      await Promise.all(sources.map((s) => s.close()));
    },
  };
}
