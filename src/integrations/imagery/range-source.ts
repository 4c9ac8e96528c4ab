import { open, type FileHandle } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { OutboundError, type Outbound } from '../../infra/outbound/index.js';
import { ImageryError, type ImageryProviderName } from './source.js';

/**
 * The bytes of a GeoTIFF asset, fetched by range: HTTP Range requests through the outbound helper, or pread on
 * a file:// path, so that every byte read is counted and every failure is an ImageryError that
 * names the file without credentials. geotiff.js's own remote source (fromUrl) sends one HTTP
 * request per 4-byte tile-index lookup, or, given a blockSize, rounds every read to whole blocks
 * (64 KiB by default: half of a small SCL file) and reports any failure as an AggregateError that
 * no longer says whether it was a 403, a 503 or a timeout.
 */

/** Every request asks for at least this much: a COG's IFDs, GeoKeys and tile index sit together. */
export const MIN_RANGE_BYTES = 4096;

/** The bytes of [start, start + length), fewer at the end of the file. */
export interface RangeBackend {
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
 * Fetched ranges up to this size are kept for the reader's life: the header, the IFDs and the
 * pages of the tile index, which geotiff.js reads again and again. Larger ones are tile data: the
 * reader's tile cache keeps such a tile decoded when a later window may need it, so keeping its
 * compressed bytes as well would hold a scene's tiles twice over (300 MB for a band pair of a
 * whole Sentinel-2 tile) and make every new read land on fresh memory (a tenth of the time of a
 * batch of fields in bench/raster-ndvi.ts).
 */
export const KEPT_RANGE_BYTES = 64 * 1024;

/**
 * A geotiff.js byte source (the BaseSource contract: fetch, fetchSlice, fileSize, close) that
 * keeps the small ranges it fetched, joins requests already under way, and counts bytes.
 */
export class RangeSource {
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
    // decoders only read what they are given, so sharing the bytes is safe.
    if (
      chunk.start === offset &&
      chunk.bytes.length === length &&
      chunk.bytes.byteOffset === 0 &&
      chunk.bytes.buffer.byteLength === length
    ) {
      return chunk.bytes.buffer as ArrayBuffer;
    }
    // Past the end of the file the slice reads as zeros, as in geotiff.js's own sources.
    const out = new Uint8Array(length);
    if (offset - chunk.start < chunk.bytes.length)
      out.set(chunk.bytes.subarray(offset - chunk.start, Math.min(end - chunk.start, chunk.bytes.length)));
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
        if (bytes.length <= KEPT_RANGE_BYTES) this.chunks.push(chunk);
        return chunk;
      }),
    };
    this.pending.push(entry);
    const done = () => void this.pending.splice(this.pending.indexOf(entry), 1);
    entry.chunk.then(done, done);
    return entry.chunk;
  }
}

/**
 * An href as it may appear in messages, which reach clients (an analysis's error, a problem's
 * detail): no credentials, no query (pre-signed URLs carry signatures there), and for a local file
 * its folder and name (the scene and band of the offline twin), never its place on the server.
 */
export function safeLabel(href: string): string {
  try {
    const url = new URL(href);
    if (url.protocol === 'file:') return `the local file ${url.pathname.split('/').filter(Boolean).slice(-2).join('/')}`;
    return `${url.origin}${url.pathname}`;
  } catch {
    return 'an asset with an invalid URL';
  }
}

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+|\*)$/;

function httpBackend(
  url: URL,
  label: string,
  provider: ImageryProviderName,
  outbound: Outbound,
  signal: AbortSignal | undefined,
): RangeBackend {
  const failure = (error: unknown): ImageryError => {
    if (error instanceof ImageryError) return error;
    if (!(error instanceof OutboundError)) return new ImageryError(provider, 'unavailable', `${label} is unreachable (network error)`);
    if (error.kind === 'timeout' || error.kind === 'cancelled')
      return new ImageryError(provider, 'timeout', `${label} was not read in time`);
    if (error.kind === 'circuit_open')
      return new ImageryError(provider, 'unavailable', `${label} is not read: its host failed too often lately`);
    return new ImageryError(provider, 'unavailable', `${label} is unreachable (${error.details.code ?? 'network error'})`);
  };
  return {
    async read(start, length) {
      try {
        // Only a 206 is worth reading: a 200 would be the whole file.
        const response = await outbound.request(url, {
          headers: { range: `bytes=${start}-${start + length - 1}` },
          ...(signal ? { signal } : {}),
          readBody: (status) => status === 206,
        });
        if (response.status !== 206) {
          if (response.status === 200)
            throw new ImageryError(provider, 'invalid_response', `${label} answered the whole file to a range request`);
          if (response.status === 416)
            throw new ImageryError(provider, 'invalid_response', `${label} ends before byte ${start}: not a whole GeoTIFF`);
          const reason = response.status === 401 || response.status === 403 ? 'unauthorized' : 'upstream_status';
          throw new ImageryError(provider, reason, `${label} answered ${response.status}`, response.status);
        }
        const range = CONTENT_RANGE.exec(response.headers.get('content-range') ?? '');
        const bytes = new Uint8Array(response.body);
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
      // Not zero-filled, and never a slice of Node's shared pool: the read fills it.
      const bytes = Buffer.allocUnsafeSlow(Math.min(length, size - start));
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

/** The backend for an href: http(s) through `outbound`, or file; anything else is refused. */
export function rangeBackend(
  href: string,
  label: string,
  provider: ImageryProviderName,
  outbound: Outbound,
  signal: AbortSignal | undefined,
): RangeBackend {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw new ImageryError(provider, 'invalid_response', `${label}: the asset href is not a URL`);
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return httpBackend(url, label, provider, outbound, signal);
  if (url.protocol === 'file:') return fileBackend(fileURLToPath(url), label, provider);
  throw new ImageryError(provider, 'invalid_response', `${label}: only http(s) and file hrefs can be read, not ${url.protocol}`);
}
