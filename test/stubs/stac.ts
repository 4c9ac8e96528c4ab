import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLoopback } from './loopback.js';
import { basename, join } from 'node:path';

/**
 * A stand-in for a STAC API v1 like Element 84 Earth Search on 127.0.0.1, and for the bucket its
 * Cloud-Optimized GeoTIFFs sit in.
 *
 * - `POST /v1/search` (item search with the query and sort extensions) over the items the test
 *   gives: `collections`, `intersects` (by the geometry's bbox against the item's bbox), `bbox`,
 *   `datetime` ("a/b", open ends "..", or one instant), `query` (lt, lte, gt, gte, eq on item
 *   properties; an item without the property does not match), `sortby` (any property, asc or desc;
 *   without it, the items' order), `limit` (default 10, capped by the server's maximum). The answer
 *   is a FeatureCollection with `numberMatched`, `numberReturned`, `context` and `links`; the next
 *   page is `links[rel=next]`, by default `method: "POST"` with the request body plus a `next` token
 *   (as Earth Search does), or a GET link `…/search?next=<token>`. Bad requests answer 400
 *   `{"code":"BadRequest","description":…}`, as stac-server does.
 * - `GET /files/<name>`: the files of a directory, with single HTTP Range requests (`bytes=a-b`,
 *   `bytes=a-`, `bytes=-n`): 206 with Content-Range, 416 with `bytes *\/size` when the range starts
 *   past the end; no Range (or several) answers 200 with the whole file. Bytes sent are counted per file.
 *
 * Knobs: a failure status for the search or the files, a delay (of every answer), the server's maximum limit, GET
 * next links, refusing `sortby` (an API without the sort extension), ignoring Range headers.
 */
export interface StacStub {
  /** The API root, as STAC_API_URL would be: `http://127.0.0.1:<port>/v1`. */
  apiUrl: string;
  /** The http URL of a file of the served directory. */
  fileUrl(name: string): string;
  setItems(items: readonly Record<string, unknown>[]): void;
  searchRequests: { method: string; url: URL; body: Record<string, unknown> | undefined; authorization: string | undefined }[];
  fileRequests: { name: string; range: string | undefined; status: number }[];
  bytesServed(name: string): number;
  fileSize(name: string): number;
  setFailure(status: number | null): void;
  setFileFailure(status: number | null): void;
  setDelay(ms: number): void;
  setMaxLimit(limit: number): void;
  setNextMethod(method: 'POST' | 'GET'): void;
  setRejectSortby(reject: boolean): void;
  setIgnoreRanges(ignore: boolean): void;
  /** Clears requests and byte counts and puts every knob back. */
  reset(): void;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
type Box = [number, number, number, number];

function boxOfCoordinates(coordinates: unknown, box?: Box): Box | undefined {
  if (!Array.isArray(coordinates)) return box;
  if (typeof coordinates[0] === 'number' && typeof coordinates[1] === 'number') {
    const [x, y] = coordinates as [number, number];
    return box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
  }
  for (const c of coordinates) box = boxOfCoordinates(c, box);
  return box;
}

const boxesMeet = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

function property(item: Json, field: string): unknown {
  const name = field.startsWith('properties.') ? field.slice('properties.'.length) : field;
  if (name === 'id') return item.id;
  return (item.properties as Json | undefined)?.[name];
}

/** The matching items in answer order, or the reason for a 400. */
function search(items: readonly Json[], body: Json, rejectSortby: boolean): Json[] | string {
  let found = [...items];
  const { collections, intersects, bbox, datetime, query, sortby } = body;
  if (collections !== undefined) {
    if (!Array.isArray(collections)) return 'collections must be an array';
    found = found.filter((i) => collections.includes(i.collection));
  }
  const area =
    intersects !== undefined ? boxOfCoordinates((intersects as Json).coordinates) : Array.isArray(bbox) ? (bbox as Box) : undefined;
  if (intersects !== undefined && !area) return 'intersects must be a GeoJSON geometry';
  if (area)
    found = found.filter((i) =>
      boxesMeet(area, (i.bbox as Box | undefined) ?? boxOfCoordinates((i.geometry as Json | null)?.coordinates) ?? [0, 0, -1, -1]),
    );
  if (datetime !== undefined) {
    if (typeof datetime !== 'string') return 'datetime must be a string';
    const [a = '', b = a] = datetime.split('/');
    const from = a === '..' || a === '' ? -Infinity : Date.parse(a);
    const to = b === '..' || b === '' ? Infinity : Date.parse(b);
    if (Number.isNaN(from) || Number.isNaN(to)) return `Invalid datetime: ${datetime}`;
    found = found.filter((i) => {
      const t = Date.parse(String(property(i, 'datetime')));
      return t >= from && t <= to;
    });
  }
  if (query !== undefined) {
    for (const [field, ops] of Object.entries(query as Record<string, Record<string, unknown>>)) {
      for (const [op, value] of Object.entries(ops)) {
        const test: ((v: number) => boolean) | undefined = {
          lt: (v: number) => v < Number(value),
          lte: (v: number) => v <= Number(value),
          gt: (v: number) => v > Number(value),
          gte: (v: number) => v >= Number(value),
          eq: (v: number) => v === value,
        }[op];
        if (!test) return `Unsupported query operator ${op}`;
        found = found.filter((i) => {
          const v = property(i, field);
          return typeof v === 'number' && test(v);
        });
      }
    }
  }
  if (sortby !== undefined) {
    if (rejectSortby) return 'Unrecognized field: sortby';
    for (const { field, direction } of [...(sortby as { field: string; direction?: string }[])].reverse()) {
      const sign = direction === 'desc' ? -1 : 1;
      found.sort((x, y) => {
        const a = String(property(x, field));
        const b = String(property(y, field));
        return a < b ? -sign : a > b ? sign : 0;
      });
    }
  }
  return found;
}

export async function startStacStub(filesDir: string): Promise<StacStub> {
  let items: Json[] = [];
  const searchRequests: StacStub['searchRequests'] = [];
  const fileRequests: StacStub['fileRequests'] = [];
  const served = new Map<string, number>();
  const files = new Map<string, Buffer>();
  const tokens = new Map<string, { body: Json; offset: number }>();
  let failure: number | null = null;
  let fileFailure: number | null = null;
  let delayMs = 0;
  let maxLimit = 100;
  let nextMethod: 'POST' | 'GET' = 'POST';
  let rejectSortby = false;
  let ignoreRanges = false;
  let origin = '';

  const fileBytes = (name: string) => {
    let bytes = files.get(name);
    if (!bytes) {
      bytes = readFileSync(join(filesDir, basename(name)));
      files.set(name, bytes);
    }
    return bytes;
  };

  const sendJson = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
    res.writeHead(status, { 'content-type': type }).end(JSON.stringify(body));
  };

  const readBody = async (req: IncomingMessage): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };

  const serveFile = (req: IncomingMessage, res: ServerResponse, name: string) => {
    let bytes: Buffer;
    try {
      bytes = fileBytes(name);
    } catch {
      fileRequests.push({ name, range: req.headers.range, status: 404 });
      return res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
    }
    const range = req.headers.range;
    const answer = (status: number, body: Buffer, headers: Record<string, string> = {}) => {
      fileRequests.push({ name, range, status });
      served.set(name, (served.get(name) ?? 0) + body.length);
      res
        .writeHead(status, {
          'content-type': 'image/tiff; application=geotiff',
          'accept-ranges': 'bytes',
          'content-length': String(body.length),
          ...headers,
        })
        .end(body);
    };
    if (fileFailure !== null) return answer(fileFailure, Buffer.from('<Error><Code>AccessDenied</Code></Error>'));
    const single = /^bytes=(\d*)-(\d*)$/.exec(range ?? '');
    if (ignoreRanges || !single || (single[1] === '' && single[2] === '')) return answer(200, bytes);
    const size = bytes.length;
    let start: number;
    let end: number;
    if (single[1] === '') {
      start = Math.max(0, size - Number(single[2]));
      end = size - 1;
    } else {
      start = Number(single[1]);
      end = single[2] === '' ? size - 1 : Math.min(Number(single[2]), size - 1);
    }
    if (start >= size || end < start) return answer(416, Buffer.alloc(0), { 'content-range': `bytes */${size}` });
    return answer(206, bytes.subarray(start, end + 1), { 'content-range': `bytes ${start}-${end}/${size}` });
  };

  const page = (body: Json, offset: number): Json | string => {
    const found = search(items, body, rejectSortby);
    if (typeof found === 'string') return found;
    const asked = body.limit ?? 10;
    if (typeof asked !== 'number' || !Number.isInteger(asked) || asked < 1 || asked > 10000)
      return 'limit must be an integer from 1 to 10000';
    const limit = Math.min(asked, maxLimit);
    const features = found.slice(offset, offset + limit);
    const links: Json[] = [{ rel: 'root', href: `${origin}/v1/`, type: 'application/json' }];
    if (offset + limit < found.length) {
      const token = `t${tokens.size + 1}`;
      const { next: _previous, ...rest } = body;
      tokens.set(token, { body: rest, offset: offset + limit });
      links.push(
        nextMethod === 'POST'
          ? { rel: 'next', href: `${origin}/v1/search`, type: 'application/geo+json', method: 'POST', body: { ...rest, next: token } }
          : { rel: 'next', href: `${origin}/v1/search?next=${token}`, type: 'application/geo+json', method: 'GET' },
      );
    }
    return {
      type: 'FeatureCollection',
      stac_version: '1.0.0',
      numberMatched: found.length,
      numberReturned: features.length,
      context: { limit, matched: found.length, returned: features.length },
      features,
      links,
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (res.destroyed) return;
    if (url.pathname.startsWith('/files/')) return serveFile(req, res, decodeURIComponent(url.pathname.slice('/files/'.length)));
    const text = req.method === 'POST' ? await readBody(req) : '';
    let body: Json | undefined;
    try {
      body = text ? (JSON.parse(text) as Json) : undefined;
    } catch {
      return sendJson(res, 400, { code: 'BadRequest', description: 'Body is not JSON' });
    }
    searchRequests.push({ method: req.method ?? 'GET', url, body, authorization: req.headers.authorization });
    if (url.pathname !== '/v1/search') return sendJson(res, 404, { code: 'NotFound', description: 'Not Found' });
    if (failure !== null) return sendJson(res, failure, { code: 'InternalServerError', description: 'Upstream failure' });
    let request: { body: Json; offset: number } | undefined;
    const token = req.method === 'POST' ? body?.next : url.searchParams.get('next');
    if (token !== undefined && token !== null) {
      request = tokens.get(String(token));
      if (!request) return sendJson(res, 400, { code: 'BadRequest', description: `Invalid next token ${String(token)}` });
    } else if (req.method === 'POST') {
      request = { body: body ?? {}, offset: 0 };
    } else {
      return sendJson(res, 400, { code: 'BadRequest', description: 'This stub answers GET /search only for next links' });
    }
    const answer = page(request.body, request.offset);
    if (typeof answer === 'string') return sendJson(res, 400, { code: 'BadRequest', description: answer });
    return sendJson(res, 200, answer, 'application/geo+json');
  };

  const loopback = await listenLoopback(handle);
  origin = loopback.baseUrl;

  return {
    apiUrl: `${origin}/v1`,
    fileUrl: (name) => `${origin}/files/${encodeURIComponent(name)}`,
    setItems: (list) => void (items = list.map((i) => structuredClone(i))),
    searchRequests,
    fileRequests,
    bytesServed: (name) => served.get(name) ?? 0,
    fileSize: (name) => fileBytes(name).length,
    setFailure: (status) => void (failure = status),
    setFileFailure: (status) => void (fileFailure = status),
    setDelay: (ms) => void (delayMs = ms),
    setMaxLimit: (limit) => void (maxLimit = limit),
    setNextMethod: (method) => void (nextMethod = method),
    setRejectSortby: (reject) => void (rejectSortby = reject),
    setIgnoreRanges: (ignore) => void (ignoreRanges = ignore),
    reset() {
      searchRequests.length = 0;
      fileRequests.length = 0;
      served.clear();
      tokens.clear();
      failure = fileFailure = null;
      delayMs = 0;
      maxLimit = 100;
      nextMethod = 'POST';
      rejectSortby = ignoreRanges = false;
    },
    async close() {
      await loopback.close();
    },
  };
}
