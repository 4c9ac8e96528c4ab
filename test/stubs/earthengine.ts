import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLoopback } from './loopback.js';
import { writeArrayBuffer } from 'geotiff';
import { jwtVerify, type CryptoKey } from 'jose';
import { encodeGeoTiff } from '../support/geotiff.js';

/**
 * A stand-in for Google's OAuth 2.0 token endpoint and the Earth Engine REST API v1 on 127.0.0.1,
 * speaking their wire formats:
 * - `POST /token`, form-encoded `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=…`:
 *   the assertion must be an RS256 JWT signed by the test's key (checked with its public key), with
 *   `kid` = the key id, `iss` = the account email, `aud` = this endpoint's URL, `scope` including
 *   https://www.googleapis.com/auth/earthengine and exp − iat ≤ 1 h. Answers
 *   `{"access_token", "expires_in", "token_type": "Bearer"}`, or 400 `{"error": "invalid_grant", …}`.
 * - `GET /v1/projects/earthengine-public/assets/COPERNICUS/S2_SR_HARMONIZED:listAssets?filter&pageSize&pageToken`:
 *   the fake images matching the filter (startTime comparisons, properties.CLOUDY_PIXEL_PERCENTAGE
 *   comparisons, intersects() by bounding box), oldest first, `pageSize` (≤ 1000) per page with an
 *   opaque `nextPageToken`; `view=BASIC` leaves only type, name and id. Asset JSON as proto3
 *   writes it: zero shears are left out.
 * - `GET /v1/projects/earthengine-public/assets/COPERNICUS/S2_SR_HARMONIZED/<index>`: one image.
 * - `POST /v1/projects/<project>/image:computePixels`: checks the expression (Image.select of
 *   Image.load of a known image, bands of one resolution), `fileFormat: GEO_TIFF` and the grid (the
 *   image's CRS, its pixel size, translation on its pixel edges, inside the image, within the
 *   documented 48 MB / 32K limits, read in binary here), and answers a GeoTIFF whose pixels are
 *   `pixelValue(band, column, row)` in the band's full image grid. One band is written with
 *   test/support/geotiff.ts (tiled, deflate); several bands with geotiff.js's writeArrayBuffer,
 *   since the support writer writes single-band images only.
 * Every Earth Engine call needs `Authorization: Bearer <a live token from /token>` (else 401
 * UNAUTHENTICATED) and `x-goog-user-project: <project>` (else 403 PERMISSION_DENIED). Errors use
 * Google's `{"error": {"code", "message", "status"}}`.
 *
 * Knobs: token lifetime, forced failures per endpoint, revoking every token, shifting the answered
 * grid; every request is recorded (kind, URL, parsed body).
 */

export const EE_SCOPE = 'https://www.googleapis.com/auth/earthengine';
export const COLLECTION = 'COPERNICUS/S2_SR_HARMONIZED';
const ASSET_PREFIX = `/v1/projects/earthengine-public/assets/${COLLECTION}`;

export interface FakeImage {
  index: string;
  startTime: string;
  cloudPct: number;
  baseline: string;
  epsg: number;
  /** Outer top-left corner of the tile (all bands share it), in the CRS. */
  originX: number;
  originY: number;
  /** Footprint as lon/lat bounds [west, south, east, north]. */
  footprint: [number, number, number, number];
}

/** Tile 43QCB-like in UTM 43N (EPSG:32643), covering Nashik; four passes, oldest first. */
export const FAKE_IMAGES: readonly FakeImage[] = Object.freeze([
  {
    index: '20240105T053211_20240105T080215_T43QCB',
    startTime: '2024-01-05T05:42:10.024Z',
    cloudPct: 3.5,
    baseline: '05.10',
    epsg: 32643,
    originX: 300000,
    originY: 2300040,
    footprint: [73.08, 19.78, 74.13, 20.78],
  },
  {
    index: '20240110T053139_20240110T075432_T43QCB',
    startTime: '2024-01-10T05:42:08.511Z',
    cloudPct: 61.2,
    baseline: '05.10',
    epsg: 32643,
    originX: 300000,
    originY: 2300040,
    footprint: [73.08, 19.78, 74.13, 20.78],
  },
  {
    index: '20240115T053119_20240115T081102_T43QCB',
    startTime: '2024-01-15T05:42:05.930Z',
    cloudPct: 0.4,
    baseline: '05.10',
    epsg: 32643,
    originX: 300000,
    originY: 2300040,
    footprint: [73.08, 19.78, 74.13, 20.78],
  },
  {
    index: '20240120T053051_20240120T074950_T43QCB',
    startTime: '2024-01-20T05:42:04.120Z',
    cloudPct: 12.9,
    baseline: '05.10',
    epsg: 32643,
    originX: 300000,
    originY: 2300040,
    footprint: [73.08, 19.78, 74.13, 20.78],
  },
]);

/** Band resolutions (m) and sample types of the stub's images. */
export const BAND_RESOLUTION: Readonly<Record<string, number>> = Object.freeze({ B1: 60, B2: 10, B3: 10, B4: 10, B5: 20, B8: 10, SCL: 20 });
const UINT8_BANDS = new Set(['SCL']);
const TILE_METRES = 109_800;

/** The value of a band at (column, row) of that band's full image grid. */
export function pixelValue(band: string, col: number, row: number): number {
  switch (band) {
    case 'B4':
      return 500 + ((col * 7 + row * 13) % 1000);
    case 'B8':
      return 2500 + ((col * 3 + row * 5) % 2000);
    case 'B3':
      return 800 + ((col + row) % 300);
    case 'B2':
      return 600 + ((2 * col + row) % 200);
    case 'SCL':
      return (col + row) % 7 === 0 ? 9 : 4;
    default:
      return 1;
  }
}

export function imageAsset(image: FakeImage): Record<string, unknown> {
  const [w, s, e, n] = image.footprint;
  return {
    type: 'IMAGE',
    name: `projects/earthengine-public/assets/${COLLECTION}/${image.index}`,
    id: `${COLLECTION}/${image.index}`,
    updateTime: '2024-02-01T00:00:00Z',
    startTime: image.startTime,
    endTime: image.startTime,
    properties: {
      CLOUDY_PIXEL_PERCENTAGE: image.cloudPct,
      PROCESSING_BASELINE: image.baseline,
      MGRS_TILE: image.index.slice(-5),
      SPACECRAFT_NAME: 'Sentinel-2A',
      'system:index': image.index,
    },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ],
    },
    bands: Object.entries(BAND_RESOLUTION).map(([id, res]) => ({
      id,
      dataType: { precision: 'INT', range: { max: UINT8_BANDS.has(id) ? 255 : 65535 } },
      // proto3 JSON leaves out zero values: no shearX / shearY.
      grid: {
        dimensions: { width: TILE_METRES / res, height: TILE_METRES / res },
        affineTransform: { scaleX: res, translateX: image.originX, scaleY: -res, translateY: image.originY },
        crsCode: `EPSG:${image.epsg}`,
      },
      pyramidingPolicy: UINT8_BANDS.has(id) ? 'SAMPLE' : 'MEAN',
    })),
    sizeBytes: '912873421',
  };
}

export type RequestKind = 'token' | 'listAssets' | 'getAsset' | 'computePixels' | 'other';

export interface StubRequest {
  kind: RequestKind;
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (computePixels) or form (token). */
  body?: unknown;
}

export interface EarthEngineStubOptions {
  publicKey: CryptoKey;
  clientEmail: string;
  keyId: string;
  project: string;
  /** The clock tokens live by (ms); share it with the client under test. */
  now?: () => number;
  images?: readonly FakeImage[];
}

export interface EarthEngineStub {
  baseUrl: string;
  tokenUrl: string;
  requests: StubRequest[];
  count(kind?: RequestKind): number;
  /** Every access token and assertion seen, for checking that none leaks into a message. */
  issuedTokens: string[];
  assertions: string[];
  setTokenLifetime(seconds: number): void;
  setFailure(kind: RequestKind, status: number | null): void;
  /** Every issued token answers 401 from now on (as after a revocation). */
  revokeTokens(): void;
  /** Shifts the origin of answered GeoTIFFs by this many metres east (0 = honest). */
  setAnswerShift(metres: number): void;
  reset(): void;
  close(): Promise<void>;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly googleStatus: string,
    message: string,
  ) {
    super(message);
  }
}

const LIMIT_BYTES = 48 * 1024 * 1024;
const LIMIT_SIDE = 32 * 1024;

interface Term {
  field: string;
  op: string;
  value: string;
}

function parseFilter(filter: string): { terms: Term[]; region?: [number, number, number, number] } {
  const terms: Term[] = [];
  let region: [number, number, number, number] | undefined;
  for (const part of filter.split(' AND ')) {
    const text = part.trim();
    const intersects = /^intersects\("(.+)"\)$/.exec(text);
    if (intersects) {
      const geometry = JSON.parse(intersects[1]!.replace(/'/g, '"')) as { type: string; coordinates: unknown };
      const flat = JSON.stringify(geometry.coordinates)
        .match(/-?\d+(\.\d+)?(e-?\d+)?/g)!
        .map(Number);
      const lons = flat.filter((_, i) => i % 2 === 0);
      const lats = flat.filter((_, i) => i % 2 === 1);
      region = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
      continue;
    }
    const match = /^(startTime|endTime|properties\.[A-Za-z0-9_]+)\s*(>=|<=|>|<|=)\s*("[^"]*"|-?\d+(\.\d+)?)$/.exec(text);
    if (!match) throw new Refusal(400, 'INVALID_ARGUMENT', `Unable to parse filter: ${text}`);
    terms.push({ field: match[1]!, op: match[2]!, value: match[3]!.replace(/^"|"$/g, '') });
  }
  return region ? { terms, region } : { terms };
}

function compare(a: number, op: string, b: number): boolean {
  switch (op) {
    case '>=':
      return a >= b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '<':
      return a < b;
    default:
      return a === b;
  }
}

function matches(image: FakeImage, filter: ReturnType<typeof parseFilter>): boolean {
  for (const term of filter.terms) {
    if (term.field === 'startTime' || term.field === 'endTime') {
      if (!compare(Date.parse(image.startTime), term.op, Date.parse(term.value))) return false;
    } else if (term.field === 'properties.CLOUDY_PIXEL_PERCENTAGE') {
      if (!compare(image.cloudPct, term.op, Number(term.value))) return false;
    } else {
      return false;
    }
  }
  if (filter.region) {
    const [w, s, e, n] = image.footprint;
    const [rw, rs, re, rn] = filter.region;
    if (rw > e || re < w || rs > n || rn < s) return false;
  }
  return true;
}

type Node = Record<string, unknown> | undefined;
const nodeOf = (value: unknown): Node => (value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined);

/** The image and bands of `Image.select(Image.load(id), bands)`, or a refusal. */
function readExpression(expression: unknown, images: readonly FakeImage[]): { image: FakeImage; bands: string[] } {
  const graph = nodeOf(expression);
  const values = nodeOf(graph?.['values']);
  const root = nodeOf(nodeOf(values?.[String(graph?.['result'])])?.['functionInvocationValue']);
  const args = nodeOf(root?.['arguments']);
  const load = nodeOf(nodeOf(args?.['input'])?.['functionInvocationValue']);
  const id = nodeOf(nodeOf(load?.['arguments'])?.['id'])?.['constantValue'];
  const bands = nodeOf(args?.['bandSelectors'])?.['constantValue'];
  if (
    root?.['functionName'] !== 'Image.select' ||
    load?.['functionName'] !== 'Image.load' ||
    typeof id !== 'string' ||
    !Array.isArray(bands)
  ) {
    throw new Refusal(400, 'INVALID_ARGUMENT', 'The stub understands Image.select(Image.load(id), bandSelectors) only.');
  }
  const image = images.find((i) => `${COLLECTION}/${i.index}` === id);
  if (!image)
    throw new Refusal(404, 'NOT_FOUND', `Image.load: Image asset '${id}' not found (does not exist or caller does not have access).`);
  for (const band of bands) {
    if (typeof band !== 'string' || !(band in BAND_RESOLUTION))
      throw new Refusal(400, 'INVALID_ARGUMENT', `Image.select: Band pattern '${String(band)}' did not match any bands.`);
  }
  return { image, bands: bands as string[] };
}

export async function startEarthEngineStub(options: EarthEngineStubOptions): Promise<EarthEngineStub> {
  const now = options.now ?? Date.now;
  const images = options.images ?? FAKE_IMAGES;
  const requests: StubRequest[] = [];
  const tokens = new Map<string, number>();
  const issuedTokens: string[] = [];
  const assertions: string[] = [];
  const failures = new Map<RequestKind, number>();
  let lifetime = 3599;
  let shift = 0;
  let tokenUrl = '';

  const send = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(body));
  const googleError = (res: ServerResponse, status: number, googleStatus: string, message: string) =>
    send(res, status, { error: { code: status, message, status: googleStatus } });

  const kindOf = (method: string, path: string): RequestKind => {
    if (method === 'POST' && path === '/token') return 'token';
    if (method === 'GET' && path === `${ASSET_PREFIX}:listAssets`) return 'listAssets';
    if (method === 'GET' && path.startsWith(`${ASSET_PREFIX}/`)) return 'getAsset';
    if (method === 'POST' && /^\/v1\/projects\/[^/]+\/image:computePixels$/.test(path)) return 'computePixels';
    return 'other';
  };

  async function token(res: ServerResponse, form: URLSearchParams, contentType: string | undefined) {
    if (!contentType?.startsWith('application/x-www-form-urlencoded'))
      return send(res, 400, { error: 'invalid_request', error_description: 'Bad Request' });
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      return send(res, 400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type: ' });
    }
    const assertion = form.get('assertion') ?? '';
    assertions.push(assertion);
    try {
      const { payload, protectedHeader } = await jwtVerify(assertion, options.publicKey, {
        algorithms: ['RS256'],
        issuer: options.clientEmail,
        audience: tokenUrl,
        currentDate: new Date(now()),
      });
      const { iat, exp, scope } = payload as { iat?: number; exp?: number; scope?: unknown };
      const scopes = typeof scope === 'string' ? scope.split(' ') : [];
      const ok =
        protectedHeader.kid === options.keyId &&
        protectedHeader.typ === 'JWT' &&
        scopes.includes(EE_SCOPE) &&
        typeof iat === 'number' &&
        typeof exp === 'number' &&
        exp > iat &&
        exp - iat <= 3600;
      if (!ok)
        return send(res, 400, {
          error: 'invalid_grant',
          error_description: 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.',
        });
    } catch {
      return send(res, 400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    }
    const value = `ya29.stub-${randomBytes(24).toString('base64url')}`;
    tokens.set(value, now() + lifetime * 1000);
    issuedTokens.push(value);
    return send(res, 200, { access_token: value, expires_in: lifetime, token_type: 'Bearer' });
  }

  function computePixels(res: ServerResponse, project: string, body: unknown) {
    if (project !== options.project)
      throw new Refusal(
        403,
        'PERMISSION_DENIED',
        `Permission 'earthengine.computations.create' denied on resource 'projects/${project}' (or it may not exist).`,
      );
    const request = nodeOf(body);
    if (request?.['fileFormat'] !== 'GEO_TIFF') throw new Refusal(400, 'INVALID_ARGUMENT', 'The stub answers fileFormat GEO_TIFF only.');
    const { image, bands } = readExpression(request['expression'], images);
    const resolutions = new Set(bands.map((b) => BAND_RESOLUTION[b]!));
    if (resolutions.size !== 1) throw new Refusal(400, 'INVALID_ARGUMENT', 'The stub wants bands of one resolution per request.');
    const res0 = [...resolutions][0]!;
    const grid = nodeOf(request['grid']);
    const t = nodeOf(grid?.['affineTransform']) as Record<string, number | undefined> | undefined;
    const dims = nodeOf(grid?.['dimensions']) as Record<string, number | undefined> | undefined;
    if (!grid || !t || !dims) throw new Refusal(400, 'INVALID_ARGUMENT', 'The stub wants an explicit grid.');
    if (grid['crsCode'] !== `EPSG:${image.epsg}`)
      throw new Refusal(400, 'INVALID_ARGUMENT', `The stub wants the image's CRS EPSG:${image.epsg}.`);
    if ((t['shearX'] ?? 0) !== 0 || (t['shearY'] ?? 0) !== 0 || t['scaleX'] !== res0 || t['scaleY'] !== -res0) {
      throw new Refusal(400, 'INVALID_ARGUMENT', `The stub wants the band's own ${res0} m north-up pixels.`);
    }
    const col0 = ((t['translateX'] ?? 0) - image.originX) / res0;
    const row0 = (image.originY - (t['translateY'] ?? 0)) / res0;
    const width = dims['width'] ?? 0;
    const height = dims['height'] ?? 0;
    if (!Number.isInteger(col0) || !Number.isInteger(row0))
      throw new Refusal(400, 'INVALID_ARGUMENT', 'The grid is not on the pixel edges of the image.');
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
      throw new Refusal(400, 'INVALID_ARGUMENT', 'Invalid grid dimensions.');
    const bytes = width * height * bands.reduce((sum, b) => sum + (UINT8_BANDS.has(b) ? 1 : 2), 0);
    if (width > LIMIT_SIDE || height > LIMIT_SIDE || bytes > LIMIT_BYTES) {
      throw new Refusal(400, 'INVALID_ARGUMENT', `Total request size (${bytes} bytes) must be less than or equal to ${LIMIT_BYTES} bytes.`);
    }
    const side = TILE_METRES / res0;
    if (col0 < 0 || row0 < 0 || col0 + width > side || row0 + height > side)
      throw new Refusal(400, 'INVALID_ARGUMENT', 'The stub wants windows inside the image.');

    const values = bands.map((band) => {
      const data = UINT8_BANDS.has(band) && bands.length === 1 ? new Uint8Array(width * height) : new Uint16Array(width * height);
      for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) data[r * width + c] = pixelValue(band, col0 + c, row0 + r);
      return data;
    });
    const originX = (t['translateX'] ?? 0) + shift;
    const originY = t['translateY'] ?? 0;
    let file: Uint8Array;
    if (values.length === 1) {
      file = encodeGeoTiff({
        width,
        height,
        data: values[0]!,
        epsg: image.epsg,
        originX,
        originY,
        pixelWidth: res0,
        pixelHeight: res0,
        compression: 'deflate',
        predictor: 2,
      });
    } else {
      const interleaved = new Uint16Array(width * height * values.length);
      for (let i = 0; i < width * height; i++) for (let b = 0; b < values.length; b++) interleaved[i * values.length + b] = values[b]![i]!;
      file = new Uint8Array(
        writeArrayBuffer(interleaved, {
          width,
          height,
          BitsPerSample: values.map(() => 16),
          SampleFormat: values.map(() => 1),
          SamplesPerPixel: values.length,
          ModelPixelScale: [res0, res0, 0],
          ModelTiepoint: [0, 0, 0, originX, originY, 0],
          GTModelTypeGeoKey: 1,
          GTRasterTypeGeoKey: 1,
          ProjectedCSTypeGeoKey: image.epsg,
        } as unknown as Parameters<typeof writeArrayBuffer>[1]),
      );
    }
    res.writeHead(200, { 'content-type': 'image/tiff' }).end(Buffer.from(file.buffer, file.byteOffset, file.byteLength));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const kind = kindOf(method, url.pathname);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    if (kind === 'token') body = Object.fromEntries(new URLSearchParams(text));
    else if (text) {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = text;
      }
    }
    requests.push({ kind, method, url, headers: { ...req.headers }, body });

    const failure = failures.get(kind);
    if (failure !== undefined) {
      if (kind === 'token') return send(res, failure, { error: 'internal_failure', error_description: 'Backend Error' });
      return googleError(res, failure, failure >= 500 ? 'UNAVAILABLE' : 'FAILED_PRECONDITION', 'The service is currently unavailable.');
    }
    if (kind === 'token') return token(res, new URLSearchParams(text), req.headers['content-type']);
    if (kind === 'other') return googleError(res, 404, 'NOT_FOUND', 'Requested entity was not found.');

    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expiresAt = bearer === undefined ? undefined : tokens.get(bearer);
    if (expiresAt === undefined || now() >= expiresAt) {
      return googleError(
        res,
        401,
        'UNAUTHENTICATED',
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      );
    }
    if (req.headers['x-goog-user-project'] !== options.project) {
      return googleError(res, 403, 'PERMISSION_DENIED', 'Caller does not have required permission to use project.');
    }
    try {
      if (kind === 'listAssets') {
        const filter = parseFilter(url.searchParams.get('filter') ?? '');
        const pageSize = Number(url.searchParams.get('pageSize') ?? 1000);
        const view = url.searchParams.get('view') ?? 'FULL';
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000 || (view !== 'FULL' && view !== 'BASIC')) {
          throw new Refusal(400, 'INVALID_ARGUMENT', 'Invalid pageSize or view.');
        }
        const start = Number((url.searchParams.get('pageToken') ?? 'page-0').replace('page-', ''));
        const found = images.filter((image) => matches(image, filter)).sort((a, b) => a.startTime.localeCompare(b.startTime));
        const page = found.slice(start, start + pageSize);
        const next = start + pageSize < found.length ? { nextPageToken: `page-${start + pageSize}` } : {};
        const basic = (a: Record<string, unknown>) => ({ type: a['type'], name: a['name'], id: a['id'] });
        return send(res, 200, { assets: page.map(imageAsset).map((a) => (view === 'BASIC' ? basic(a) : a)), ...next });
      }
      if (kind === 'getAsset') {
        const index = url.pathname.slice(ASSET_PREFIX.length + 1);
        const image = images.find((i) => i.index === index);
        if (!image)
          return googleError(
            res,
            404,
            'NOT_FOUND',
            `Image asset '${COLLECTION}/${index}' not found (does not exist or caller does not have access).`,
          );
        return send(res, 200, imageAsset(image));
      }
      const project = /^\/v1\/projects\/([^/]+)\//.exec(url.pathname)![1]!;
      return computePixels(res, decodeURIComponent(project), body);
    } catch (error) {
      if (error instanceof Refusal) return googleError(res, error.status, error.googleStatus, error.message);
      throw error;
    }
  }

  const loopback = await listenLoopback(handle);
  const baseUrl = loopback.baseUrl;
  tokenUrl = `${baseUrl}/token`;

  return {
    baseUrl,
    tokenUrl,
    requests,
    count: (kind) => (kind ? requests.filter((r) => r.kind === kind).length : requests.length),
    issuedTokens,
    assertions,
    setTokenLifetime: (seconds) => void (lifetime = seconds),
    setFailure: (kind, status) => void (status === null ? failures.delete(kind) : failures.set(kind, status)),
    revokeTokens: () => tokens.clear(),
    setAnswerShift: (metres) => void (shift = metres),
    reset() {
      requests.length = 0;
      failures.clear();
      lifetime = 3599;
      shift = 0;
    },
    async close() {
      await loopback.close();
    },
  };
}
