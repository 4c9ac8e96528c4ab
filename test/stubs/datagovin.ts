import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLoopback } from './loopback.js';

/**
 * A stand-in for data.gov.in's resource API on 127.0.0.1, as documented and as captured answers show:
 * `GET /resource/{id}?api-key=…&format=json&offset=N&limit=N&filters[<field>]=<value>` answers
 * `{index_name, title, status: "ok", message: "Resource lists", total, count, limit, offset, records}`
 * with `limit` and `offset` echoed as strings. Filters match exactly; `filters[state.keyword]` is the
 * state's exact-match sub-field. Without the right api-key it answers 403; past the 10 000-record
 * result window (offset + limit) it answers 400, as the search back end is reported to.
 *
 * Knobs: fail the next request for an offset once with a status, delay the next answer for an offset
 * once (long enough to time a client out), and the requests it received (api-key removed).
 */
export interface DataGovInStub {
  baseUrl: string;
  resourceId: string;
  apiKey: string;
  /** Every request, with the api-key parameter removed, and whether it carried the right key. */
  requests: { url: URL; authorised: boolean }[];
  requestCount(): number;
  /** Requests for one offset (of the resource path). */
  requestsAt(offset: number): number;
  setRecords(records: unknown[]): void;
  failOnce(offset: number, status?: number): void;
  /** Whether `filters[state.keyword]` works (default) or matches nothing, as on a resource without the sub-field. */
  setStateKeyword(supported: boolean): void;
  delayOnce(offset: number, ms: number): void;
  close(): Promise<void>;
}

export const STUB_RESOURCE_ID = '9ef84268-d588-465a-a308-a864a43d0070';
export const STUB_API_KEY = '579b464db66ec23bdd000001stubkey0000000000000000000000';
const WINDOW = 10_000;

export async function startDataGovInStub(initial: unknown[] = []): Promise<DataGovInStub> {
  let records = initial;
  const requests: DataGovInStub['requests'] = [];
  const failures = new Map<number, number>();
  let stateKeyword = true;
  const delays = new Map<number, number>();
  const timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  const send = (res: ServerResponse, status: number, body: unknown) => {
    if (!res.destroyed) res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const authorised = url.searchParams.get('api-key') === STUB_API_KEY;
    url.searchParams.delete('api-key');
    requests.push({ url, authorised });
    const match = /^\/resource\/([^/]+)$/.exec(url.pathname);
    if (!match || match[1] !== STUB_RESOURCE_ID) return send(res, 404, { status: 'error', message: 'Resource not found' });
    if (!authorised) return send(res, 403, { status: 'error', message: 'Invalid API key' });

    const q = url.searchParams;
    const offset = Number(q.get('offset') ?? 0);
    const limit = Number(q.get('limit') ?? 10);
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1) {
      return send(res, 400, { status: 'error', message: 'offset and limit must be non-negative integers' });
    }
    const delay = delays.get(offset);
    if (delay !== undefined) {
      delays.delete(offset);
      await new Promise<void>((resolve) => {
        const entry = {
          timer: setTimeout(() => entry.resolve(), delay),
          resolve: () => {
            timers.delete(entry);
            resolve();
          },
        };
        timers.add(entry);
      });
    }
    const failure = failures.get(offset);
    if (failure !== undefined) {
      failures.delete(offset);
      return send(res, failure, { status: 'error', message: 'Internal Server Error' });
    }
    if (offset + limit > WINDOW)
      return send(res, 400, {
        status: 'error',
        message: `Result window is too large, from + size must be less than or equal to: [${WINDOW}]`,
      });

    const filters: [string, string][] = [];
    for (const [name, value] of q) {
      const field = /^filters\[(.+)\]$/.exec(name)?.[1];
      if (field === 'state.keyword' && !stateKeyword) filters.push(['state', '\u0000none']);
      else if (field) filters.push([field === 'state.keyword' ? 'state' : field, value]);
    }
    const matching = records.filter((record) =>
      filters.every(([field, value]) => String((record as Record<string, unknown>)[field] ?? '') === value),
    );
    const page = matching.slice(offset, offset + limit);
    return send(res, 200, {
      index_name: STUB_RESOURCE_ID,
      title: 'Current Daily Price of Various Commodities from Various Markets (Mandi)',
      status: 'ok',
      message: 'Resource lists',
      total: matching.length,
      count: page.length,
      limit: String(limit),
      offset: String(offset),
      records: page,
    });
  };

  const loopback = await listenLoopback(handle);

  return {
    baseUrl: loopback.baseUrl,
    resourceId: STUB_RESOURCE_ID,
    apiKey: STUB_API_KEY,
    requests,
    requestCount: () => requests.length,
    requestsAt: (offset) =>
      requests.filter(
        (r) =>
          r.url.pathname.startsWith('/resource/') &&
          Number(r.url.searchParams.get('offset')) === offset &&
          r.url.searchParams.get('limit') !== '1',
      ).length,
    setRecords: (next) => void (records = next),
    failOnce: (offset, status = 500) => void failures.set(offset, status),
    setStateKeyword: (supported) => void (stateKeyword = supported),
    delayOnce: (offset, ms) => void delays.set(offset, ms),
    async close() {
      for (const entry of timers) {
        clearTimeout(entry.timer);
        entry.resolve();
      }
      await loopback.close();
    },
  };
}

/** The Agmarknet names the generated records use; all are in reference/agmarknet-commodities.csv. */
const COMMODITIES = [
  ['Wheat', 2425],
  ['Paddy(Dhan)(Common)', 2300],
  ['Onion', 1800],
  ['Soyabean', 4600],
  ['Bengal Gram(Gram)(Whole)', 5600],
  ['Arhar (Tur/Red Gram)(Whole)', 7400],
  ['Mustard', 5900],
  ['Cotton', 7100],
] as const;
const STATES = [
  ['Madhya Pradesh', 'Indore'],
  ['Maharashtra', 'Nashik'],
  ['Punjab', 'Ludhiana'],
  ['Gujarat', 'Rajkot'],
  ['Uttar Pradesh', 'Agra'],
] as const;
const MARKETS = 250;
/** The invalid kinds, in turn, for every tenth record. */
export const INVALID_KINDS = [
  'min_gt_max',
  'modal_out_of_range',
  'non_numeric_price',
  'bad_date',
  'unknown_commodity',
  'missing_field',
  'non_positive_price',
  'duplicate_record',
] as const;

const pad = (n: number) => String(n).padStart(2, '0');
const ddmmyyyy = (t: number) => {
  const d = new Date(t);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
};

export interface GeneratedRecords {
  records: Record<string, unknown>[];
  /** Index → the reason the ingestion must give, for every invalid record. */
  invalid: Map<number, (typeof INVALID_KINDS)[number]>;
  /** `market|commodity name|variety|grade|YYYY-MM-DD` of every record that must be stored, once each. */
  validKeys: Set<string>;
  /** The months (YYYY_MM) the valid records fall in. */
  months: Set<string>;
}

/**
 * `count` records in the API's shape, deterministic: 250 markets in five states × 8 commodities,
 * arrival dates a month apart after each 2000 records, prices near the MSP (strings for every third
 * record, some with paise), and every tenth record invalid in one of INVALID_KINDS.
 */
export function generateRecords(count: number): GeneratedRecords {
  const records: Record<string, unknown>[] = [];
  const invalid = new Map<number, (typeof INVALID_KINDS)[number]>();
  const validKeys = new Set<string>();
  const months = new Set<string>();
  const combos = MARKETS * COMMODITIES.length;
  for (let i = 0; i < count; i++) {
    const m = i % MARKETS;
    const [commodity, level] = COMMODITIES[Math.floor(i / MARKETS) % COMMODITIES.length]!;
    const [state, district] = STATES[m % STATES.length]!;
    const day = Date.UTC(2025, 0, 5) + Math.floor(i / combos) * 30 * 86_400_000;
    const min = level - 100 - (i % 7) * 10;
    const max = level + 150 + (i % 5) * 10;
    const modal = i % 4 === 0 ? level + 0.5 : level;
    const price = (n: number) => (i % 3 === 0 ? String(n) : n);
    const record: Record<string, unknown> = {
      state,
      district,
      market: `Mandi ${m}`,
      commodity,
      variety: i % 2 ? 'Other' : 'FAQ Local',
      grade: 'FAQ',
      arrival_date: ddmmyyyy(day),
      min_price: price(min),
      max_price: price(max),
      modal_price: price(modal),
    };
    const kind = i % 10 === 9 ? INVALID_KINDS[Math.floor(i / 10) % INVALID_KINDS.length]! : null;
    if (kind) {
      invalid.set(i, kind);
      switch (kind) {
        case 'min_gt_max':
          record.min_price = String(max + 100);
          break;
        case 'modal_out_of_range':
          record.modal_price = max + 50;
          break;
        case 'non_numeric_price':
          record.modal_price = 'NR';
          break;
        case 'bad_date':
          record.arrival_date = '31/02/2025';
          break;
        case 'unknown_commodity':
          record.commodity = 'Dragon Fruit';
          break;
        case 'missing_field':
          delete record.market;
          break;
        case 'non_positive_price':
          record.min_price = '0';
          break;
        case 'duplicate_record':
          records.push({ ...records[i - 1]! });
          continue;
      }
    } else {
      const iso = new Date(day).toISOString().slice(0, 10);
      validKeys.add([record.market, commodity, record.variety, record.grade, iso].join('|'));
      months.add(`${iso.slice(0, 4)}_${iso.slice(5, 7)}`);
    }
    records.push(record);
  }
  return { records, invalid, validKeys, months };
}
