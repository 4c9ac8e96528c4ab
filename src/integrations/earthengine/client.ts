import type { MultiPolygon, Polygon, Position } from 'geojson';
import Value from 'typebox/value';
import { createOutbound } from '../../infra/outbound/index.js';
import { ImageryError } from '../imagery/source.js';
import type { PixelGrid } from '../../lib/raster/index.js';
import { parseJson, PROVIDER, redact, send } from './http.js';
import { toEePixelGrid } from './pixels.js';
import { GoogleErrorSchema, ImageAssetSchema, ListAssetsResponseSchema, type ImageAsset } from './schema.js';
import type { AccessTokenSource } from './service-account.js';

/**
 * A thin client of the Earth Engine REST API v1 (developers.google.com/earth-engine/reference/rest):
 * list the images of a collection, read one image's metadata, compute pixels.
 *
 * Listing. `projects.assets.listImages` (query parameters startTime, endTime, region, filter,
 * pageSize, pageToken; answer `images[]`) is documented only in v1alpha. Both official clients now implement ee.data.listImages on v1
 * `projects.assets.listAssets` instead (python/ee/data.py via
 * _cloud_api_utils.convert_list_images_params_to_list_assets_params, and
 * javascript/src/data.js), folding startTime, endTime, region and properties into its `filter`;
 * so does this client:
 *   GET /v1/{parent=projects/*\/assets/**}:listAssets?filter&pageSize&pageToken → {assets[], nextPageToken}
 * The listAssets reference says of `filter`: "The fields startTime, endTime, and members of
 * properties are recognized. The custom function intersects(str) is available, which allows
 * filtering by geometry", with the examples `startTime>"2020-01-01T00:00:00+00:00" AND
 * endTime<"2020-02-01T00:00:00+00:00"`, `properties.CLOUDY_PIXEL_PERCENTAGE<30` and
 * `intersects("{'type':'Point','coordinates':[1,2]}")`, and points to AIP-160 for the language.
 * Public datasets live under the project "earthengine-public". `view=FULL` asks for every field
 * (bands and properties included: "All fields are set in each EarthEngineAsset"); it is the
 * documented default, named anyway, and its page size is at most 1000.
 *
 * Every request also names the configured project in `X-Goog-User-Project`, the header the Python
 * client sends for the project given to ee.Initialize (its _USER_PROJECT_OVERRIDE_HEADER): quota
 * and billing go to that project.
 */

export const S2_SR_HARMONIZED = 'COPERNICUS/S2_SR_HARMONIZED';
export const PUBLIC_ASSETS = 'projects/earthengine-public/assets';

export interface EarthEngineClientOptions {
  /** The Google Cloud project registered for Earth Engine (EARTH_ENGINE_PROJECT). */
  project: string;
  /** https://earthengine.googleapis.com; a loopback stub in tests. */
  baseUrl: string;
  tokens: AccessTokenSource;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface ListImagesQuery {
  /** An image collection id; default COPERNICUS/S2_SR_HARMONIZED. */
  collection?: string;
  /** WGS 84 geometry the images must intersect. */
  region: Polygon | MultiPolygon;
  /** RFC 3339 UTC; images taken at or after this. */
  startTime: string;
  /** RFC 3339 UTC; images taken before this. */
  endTime: string;
  /** Only images whose CLOUDY_PIXEL_PERCENTAGE is at most this. */
  maxCloudPct?: number;
  /** Images per page (default 500, at most 1000 in the FULL view). */
  pageSize?: number;
  /** Refuse (rather than silently truncate) a listing longer than this many pages (default 10). */
  maxPages?: number;
}

export interface ComputePixelsRequest {
  /** An Expression graph producing one image (see selectBandsExpression). */
  expression: unknown;
  /** The output grid; its CRS is EPSG:epsg. */
  grid: PixelGrid;
  epsg: number;
}

export interface EarthEngineClient {
  readonly project: string;
  /** Every image of the collection matching the query, all pages read, in the server's order. */
  listImages(query: ListImagesQuery, signal?: AbortSignal): Promise<ImageAsset[]>;
  /** One image's metadata (`GET /v1/projects/earthengine-public/assets/<collection>/<index>`). */
  getImage(collection: string, index: string, signal?: AbortSignal): Promise<ImageAsset>;
  /** The bytes of a GEO_TIFF computed for the request's grid. */
  computePixels(request: ComputePixelsRequest, signal?: AbortSignal): Promise<ArrayBuffer>;
}

/** system:index of a Sentinel-2 asset, e.g. 20240105T053211_20240105T053806_T43QCB. */
export const IMAGE_INDEX_PATTERN = /^[A-Za-z0-9_]{1,200}$/;
const COLLECTION_PATTERN = /^[A-Za-z0-9_]+(\/[A-Za-z0-9_]+)*$/;
/** Above this, the region filter names the geometry's bounding box: the listing is a GET. */
const MAX_REGION_CHARS = 4000;

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

function boundingBox(region: Polygon | MultiPolygon): Polygon {
  const positions: Position[] = region.type === 'Polygon' ? region.coordinates.flat() : region.coordinates.flat(2);
  const lons = positions.map((p) => p[0]!);
  const lats = positions.map((p) => p[1]!);
  const [w, e, s, n] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  return {
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
  };
}

/** The geometry as intersects() takes it: GeoJSON with single quotes, as the Python client writes it. */
function regionLiteral(region: Polygon | MultiPolygon): string {
  const rounded = (g: Polygon | MultiPolygon) =>
    JSON.stringify({ type: g.type, coordinates: g.coordinates }, (_key, value: unknown) =>
      typeof value === 'number' ? round6(value) : value,
    );
  let json = rounded(region);
  if (json.length > MAX_REGION_CHARS) json = rounded(boundingBox(region));
  return json.replace(/"/g, "'");
}

/** The listAssets filter for a query (AIP-160, as the listAssets reference shows it). */
export function listImagesFilter(query: ListImagesQuery): string {
  for (const [name, time] of [
    ['startTime', query.startTime],
    ['endTime', query.endTime],
  ] as const) {
    if (Number.isNaN(Date.parse(time)) || time.includes('"'))
      throw new RangeError(`${name} must be an RFC 3339 time, got ${JSON.stringify(time)}`);
  }
  // Both bounds on startTime, the acquisition time: an image's endTime is not the day it was taken.
  const terms = [`startTime >= "${query.startTime}"`, `startTime < "${query.endTime}"`];
  if (query.maxCloudPct !== undefined) {
    if (!Number.isFinite(query.maxCloudPct)) throw new RangeError('maxCloudPct must be a finite number');
    terms.push(`properties.CLOUDY_PIXEL_PERCENTAGE <= ${query.maxCloudPct}`);
  }
  terms.push(`intersects("${regionLiteral(query.region)}")`);
  return terms.join(' AND ');
}

function errorFor(status: number, body: ArrayBuffer, what: string, project: string): ImageryError {
  const json = parseJson(body);
  const error = Value.Check(GoogleErrorSchema, json) ? json.error : undefined;
  const said = [error?.status, error?.message ? redact(error.message) : undefined].filter(Boolean).join(': ');
  const detail = said ? ` (${status} ${said})` : ` (${status})`;
  if (status === 401)
    return new ImageryError(
      PROVIDER,
      'unauthorized',
      `Earth Engine refused the service account's access token for ${what}${detail}`,
      status,
    );
  if (status === 403) {
    return new ImageryError(
      PROVIDER,
      'unauthorized',
      `Earth Engine refused ${what} for project ${project}${detail}: the project must be registered for Earth Engine with the Earth Engine API enabled, and the service account needs access to it`,
      status,
    );
  }
  return new ImageryError(PROVIDER, 'upstream_status', `Earth Engine answered ${what}${detail}`, status);
}

export function createEarthEngineClient(options: EarthEngineClientOptions): EarthEngineClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const outbound = createOutbound({
    upstream: 'Earth Engine',
    timeoutMs: options.timeoutMs ?? 30_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const { project, tokens } = options;

  /** One authorized call; a 401 is answered once by signing in again (the token may have been revoked). */
  async function call(
    url: URL,
    init: { method: 'GET' | 'POST'; json?: unknown; accept: string },
    what: string,
    signal?: AbortSignal,
  ): Promise<ArrayBuffer> {
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.getAccessToken(signal);
      const { response, body } = await send(
        outbound,
        url,
        {
          method: init.method,
          headers: {
            authorization: `Bearer ${token}`,
            'x-goog-user-project': project,
            accept: init.accept,
            ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
        },
        { signal, what: `Earth Engine ${what}` },
      );
      if (response.status === 401 && attempt === 0) {
        tokens.invalidate();
        continue;
      }
      if (!response.ok) throw errorFor(response.status, body, what, project);
      return body;
    }
  }

  const requireCollection = (collection: string) => {
    if (!COLLECTION_PATTERN.test(collection)) throw new RangeError(`not an Earth Engine collection id: ${JSON.stringify(collection)}`);
  };

  return {
    project,
    async listImages(query, signal) {
      const collection = query.collection ?? S2_SR_HARMONIZED;
      requireCollection(collection);
      const filter = listImagesFilter(query);
      const maxPages = query.maxPages ?? 10;
      const images: ImageAsset[] = [];
      let pageToken: string | undefined;
      for (let page = 0; page < maxPages; page++) {
        const url = new URL(`${base}/v1/${PUBLIC_ASSETS}/${collection}:listAssets`);
        url.searchParams.set('filter', filter);
        url.searchParams.set('pageSize', String(Math.min(query.pageSize ?? 500, 1000)));
        url.searchParams.set('view', 'FULL');
        if (pageToken) url.searchParams.set('pageToken', pageToken);
        const json = parseJson(await call(url, { method: 'GET', accept: 'application/json' }, 'listAssets', signal));
        if (!Value.Check(ListAssetsResponseSchema, json)) {
          throw new ImageryError(
            PROVIDER,
            'invalid_response',
            'Earth Engine answered listAssets with something other than a list of image assets',
          );
        }
        images.push(...(json.assets ?? []));
        pageToken = json.nextPageToken || undefined;
        if (!pageToken) return images;
      }
      throw new ImageryError(
        PROVIDER,
        'invalid_response',
        `Earth Engine listed more than ${maxPages} pages of images for one query; narrow the date range`,
      );
    },
    async getImage(collection, index, signal) {
      requireCollection(collection);
      if (!IMAGE_INDEX_PATTERN.test(index)) throw new RangeError(`not an image index: ${JSON.stringify(index)}`);
      const url = new URL(`${base}/v1/${PUBLIC_ASSETS}/${collection}/${index}`);
      const json = parseJson(await call(url, { method: 'GET', accept: 'application/json' }, 'assets.get', signal));
      if (!Value.Check(ImageAssetSchema, json)) {
        throw new ImageryError(PROVIDER, 'invalid_response', 'Earth Engine answered assets.get with something other than an image asset');
      }
      return json;
    },
    async computePixels(request, signal) {
      const url = new URL(`${base}/v1/projects/${encodeURIComponent(project)}/image:computePixels`);
      const json = { expression: request.expression, fileFormat: 'GEO_TIFF', grid: toEePixelGrid(request.grid, request.epsg) };
      return call(url, { method: 'POST', json, accept: 'image/tiff, application/octet-stream' }, 'computePixels', signal);
    },
  };
}
