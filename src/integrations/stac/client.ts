import Value from 'typebox/value';
import type { Static, TSchema } from 'typebox';
import { createOutbound, OutboundError, type OutboundResponse } from '../../infra/outbound/index.js';
import { safeLabel } from '../imagery/range-source.js';
import {
  ImageryError,
  SCENE_BANDS,
  type ImageryProviderName,
  type Scene,
  type SceneAsset,
  type SceneBand,
  type SceneQuery,
} from '../imagery/source.js';
import { StacItemCollectionSchema, type StacAsset, type StacItem, type StacLink, type StacSearchBody } from './schema.js';

export const DEFAULT_PAGE_SIZE = 100;
/** A search follows at most this many `next` links: a field over a year is a few dozen scenes. */
export const DEFAULT_MAX_PAGES = 10;
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface StacClientOptions {
  /** The STAC API root, e.g. https://earth-search.aws.element84.com/v1; `/search` is appended. */
  apiUrl: string;
  collection: string;
  fetch?: typeof fetch;
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** Tries after the first of a search page that met a network failure, a 5xx or a 429; default 2. */
  retries?: number;
  /** Items asked per page (`limit`); default 100. */
  pageSize?: number;
  maxPages?: number;
}

export interface StacClient {
  /** The items of the search, schema-checked, newest first, at most query.limit (default pageSize). */
  searchItems(query: SceneQuery, signal?: AbortSignal): Promise<{ item: StacItem; baseUrl: string }[]>;
  search(query: SceneQuery, signal?: AbortSignal): Promise<Scene[]>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `from`..`to` (calendar dates, UTC, both included) as a STAC datetime interval. */
export function stacDatetime(from: string, to: string): string {
  if (!DATE.test(from) || !DATE.test(to) || from > to)
    throw new RangeError(`from and to must be dates YYYY-MM-DD with from ≤ to, got ${from}, ${to}`);
  return `${from}T00:00:00Z/${to}T23:59:59Z`;
}

/** The first `POST /search` body for a scene query. */
export function stacSearchBody(query: SceneQuery, collection: string, limit: number, sort = true): StacSearchBody {
  return {
    collections: [collection],
    intersects: { type: query.boundary.type, coordinates: query.boundary.coordinates },
    datetime: stacDatetime(query.from, query.to),
    // "above maxCloudPct is skipped", so a scene at exactly the limit is kept.
    query: { 'eo:cloud_cover': { lte: query.maxCloudPct } },
    limit,
    ...(sort ? { sortby: [{ field: 'properties.datetime', direction: 'desc' as const }] } : {}),
  };
}

export function checked<S extends TSchema>(provider: ImageryProviderName, schema: S, body: unknown, what: string): Static<S> {
  if (Value.Check(schema, body)) return body as Static<S>;
  const [first] = Value.Errors(schema, body);
  throw new ImageryError(
    provider,
    'invalid_response',
    `The ${what} does not match the STAC format (${first?.instancePath || '/'}: ${first?.message ?? 'invalid'})`,
  );
}

function epsgOf(text: string | null | undefined): number | undefined {
  const match = /^EPSG:(\d+)$/i.exec(text ?? '');
  return match ? Number(match[1]) : undefined;
}

function sceneAsset(
  provider: ImageryProviderName,
  item: StacItem,
  band: SceneBand,
  asset: StacAsset | undefined,
  baseUrl: string,
): SceneAsset {
  if (!asset) throw new ImageryError(provider, 'invalid_response', `STAC item ${item.id} has no "${band}" asset`);
  let href: URL;
  try {
    // Relative hrefs are relative to the item (STAC best practice for static catalogs).
    href = new URL(asset.href, baseUrl);
  } catch {
    throw new ImageryError(provider, 'invalid_response', `STAC item ${item.id}: the "${band}" href is not a URL`);
  }
  if (!['http:', 'https:', 'file:'].includes(href.protocol)) {
    throw new ImageryError(
      provider,
      'invalid_response',
      `STAC item ${item.id}: the "${band}" href is ${href.protocol}, not http(s) or file`,
    );
  }
  const bands = asset['raster:bands'];
  return {
    href: href.href,
    ...(bands
      ? {
          rasterBands: bands.map((b) => ({
            ...(b.scale !== undefined ? { scale: b.scale } : {}),
            ...(b.offset !== undefined ? { offset: b.offset } : {}),
            ...(typeof b.nodata === 'number' ? { nodata: b.nodata } : {}),
          })),
        }
      : {}),
  };
}

/**
 * A Sentinel-2 L2A item as a Scene. The five bands' assets, the acquisition time and the EPSG code
 * are required (an item without them cannot be read), so their absence is an invalid response.
 */
export function sceneFromItem(item: StacItem, options: { provider: ImageryProviderName; collection: string; baseUrl: string }): Scene {
  const { provider } = options;
  const p = item.properties;
  const acquired = p.datetime === null ? Number.NaN : Date.parse(p.datetime);
  if (!Number.isFinite(acquired)) throw new ImageryError(provider, 'invalid_response', `STAC item ${item.id} has no valid datetime`);
  const red = item.assets['red'];
  const epsg = p['proj:epsg'] ?? epsgOf(p['proj:code']) ?? red?.['proj:epsg'] ?? epsgOf(red?.['proj:code']);
  if (typeof epsg !== 'number' || !Number.isInteger(epsg) || epsg <= 0) {
    throw new ImageryError(provider, 'invalid_response', `STAC item ${item.id} has no proj:epsg (or proj:code)`);
  }
  const boaOffsetApplied = p['earthsearch:boa_offset_applied'] ?? p['sentinel:boa_offset_applied'];
  const assets = Object.fromEntries(
    SCENE_BANDS.map((band) => [band, sceneAsset(provider, item, band, item.assets[band], options.baseUrl)]),
  ) as Record<SceneBand, SceneAsset>;
  return {
    id: item.id,
    provider,
    collection: item.collection ?? options.collection,
    acquiredAt: new Date(acquired).toISOString(),
    ...(p['eo:cloud_cover'] !== undefined ? { tileCloudPct: p['eo:cloud_cover'] } : {}),
    epsg,
    ...(p['s2:processing_baseline'] !== undefined ? { processingBaseline: p['s2:processing_baseline'] } : {}),
    ...(boaOffsetApplied !== undefined ? { boaOffsetApplied } : {}),
    assets,
  };
}

/** Newest first; ties keep their order. */
export const byNewest = (a: { acquiredAt: number }, b: { acquiredAt: number }) => b.acquiredAt - a.acquiredAt;

interface PageRequest {
  url: URL;
  method: 'GET' | 'POST';
  body?: Record<string, unknown>;
}

export function createStacClient(options: StacClientOptions): StacClient {
  const provider: ImageryProviderName = 'stac';
  const root = options.apiUrl.replace(/\/+$/, '');
  const outbound = createOutbound({
    upstream: 'the STAC API',
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  // Earth Search sorts; a STAC API without the sort extension may refuse `sortby` with a 400, and
  // is then asked without it (and sorted here) for the life of this client.
  let sortSupported = true;
  // Credentials in STAC_API_URL (https://user:password@host/…) become Basic authentication, sent
  // to that origin only; fetch refuses URLs with credentials, and messages must not show them.
  const rootUrl = new URL(root);
  const authorization = rootUrl.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(rootUrl.username)}:${decodeURIComponent(rootUrl.password)}`).toString('base64')}`
    : undefined;
  rootUrl.username = rootUrl.password = '';
  const searchUrl = new URL(`${rootUrl.href.replace(/\/+$/, '')}/search`);

  async function call(request: PageRequest, signal: AbortSignal | undefined): Promise<unknown> {
    const label = safeLabel(request.url.href);
    let response: OutboundResponse;
    try {
      response = await outbound.request(request.url, {
        method: request.method,
        // A search changes nothing however often it is asked: POST pages are retried like GET ones.
        idempotent: true,
        headers: {
          accept: 'application/geo+json, application/json',
          ...(request.body ? { 'content-type': 'application/json' } : {}),
          ...(authorization && request.url.origin === searchUrl.origin ? { authorization } : {}),
        },
        ...(request.body ? { body: JSON.stringify(request.body) } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (!(error instanceof OutboundError)) throw error;
      if (error.kind === 'timeout' || error.kind === 'cancelled')
        throw new ImageryError(provider, 'timeout', `The STAC API did not answer in time (${label})`);
      if (error.kind === 'circuit_open')
        throw new ImageryError(provider, 'unavailable', `The STAC API failed too often lately; not asked for a while (${label})`);
      throw new ImageryError(provider, 'unavailable', `The STAC API is unreachable (${label})`);
    }
    if (response.status < 200 || response.status >= 300) {
      const reason = response.status === 401 || response.status === 403 ? 'unauthorized' : 'upstream_status';
      throw new ImageryError(provider, reason, `The STAC API answered ${response.status} for ${request.method} ${label}`, response.status);
    }
    try {
      return JSON.parse(response.text()) as unknown;
    } catch {
      throw new ImageryError(provider, 'invalid_response', `The STAC API answered something that is not JSON for ${label}`);
    }
  }

  function nextRequest(link: StacLink, previous: PageRequest): PageRequest {
    let url: URL;
    try {
      url = new URL(link.href, previous.url);
    } catch {
      throw new ImageryError(provider, 'invalid_response', 'The STAC API gave a next link that is not a URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new ImageryError(provider, 'invalid_response', 'The STAC API gave a next link that is not http(s)');
    url.username = url.password = '';
    if ((link.method ?? 'GET').toUpperCase() !== 'POST') return { url, method: 'GET' };
    const body = link.merge ? { ...previous.body, ...link.body } : (link.body ?? previous.body);
    return { url, method: 'POST', ...(body ? { body } : {}) };
  }

  const client: StacClient = {
    async searchItems(query, signal) {
      const limit = Math.max(1, Math.floor(query.limit ?? pageSize));
      let sorted = sortSupported;
      const bodyOf = (sort: boolean) => stacSearchBody(query, options.collection, Math.min(limit, pageSize), sort);
      let request: PageRequest = { url: searchUrl, method: 'POST', body: bodyOf(sorted) };
      let first: unknown;
      try {
        first = await call(request, signal);
      } catch (error) {
        if (!(sorted && error instanceof ImageryError && error.status === 400)) throw error;
        // Only a request that works without sortby shows that sortby was the problem.
        request = { ...request, body: bodyOf(false) };
        first = await call(request, signal).catch(() => Promise.reject(error));
        sortSupported = sorted = false;
      }
      const found = new Map<string, { item: StacItem; baseUrl: string; acquiredAt: number }>();
      let answer: unknown = first;
      for (let page = 1; ; page += 1) {
        const collection = checked(provider, StacItemCollectionSchema, answer, 'STAC search answer');
        for (const item of collection.features) {
          // Relative asset hrefs resolve against the item's own URL, else the page's.
          const self = item.links?.find((l) => l.rel === 'self')?.href;
          const baseUrl = self && URL.canParse(self, request.url.href) ? new URL(self, request.url).href : request.url.href;
          if (!found.has(item.id)) found.set(item.id, { item, baseUrl, acquiredAt: Date.parse(item.properties.datetime ?? '') });
        }
        const next = collection.links?.find((l) => l.rel === 'next');
        // Sorted pages can stop once there are enough; unsorted ones are all read, up to the cap.
        if (!next || collection.features.length === 0 || page >= maxPages || (sorted && found.size >= limit)) break;
        request = nextRequest(next, request);
        answer = await call(request, signal);
      }
      return [...found.values()]
        .sort(byNewest)
        .slice(0, limit)
        .map(({ item, baseUrl }) => ({ item, baseUrl }));
    },
    async search(query, signal) {
      const items = await client.searchItems(query, signal);
      return items.map(({ item, baseUrl }) => sceneFromItem(item, { provider, collection: options.collection, baseUrl }));
    },
  };
  return client;
}
