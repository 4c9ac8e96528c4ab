import type { Filters } from './schema.js';

/** One page of a resource: `records` from `offset`, and how many the whole query matches. */
export interface Page {
  total: number;
  offset: number;
  records: unknown[];
}

export interface PageQuery {
  offset: number;
  limit: number;
  filters?: Filters;
}

/**
 * Where Agmarknet records come from: the data.gov.in API (client.ts) or, without an API key, the
 * bundled real records of the offline twin (sample.ts). Both page alike, so the ingestion is one.
 */
export interface MarketPriceSource {
  /** Recorded with every run and price: `agmarknet` for the API, `agmarknet-sample` for the twin. */
  readonly name: 'agmarknet' | 'agmarknet-sample';
  page(query: PageQuery, signal?: AbortSignal): Promise<Page>;
}

export type DataGovInErrorKind = 'timeout' | 'unavailable' | 'upstream_status' | 'forbidden' | 'invalid_response';

/** A page that could not be had. `retryable` says whether asking again may help (5xx, 429, timeouts). */
export class DataGovInError extends Error {
  override name = 'DataGovInError';
  constructor(
    readonly kind: DataGovInErrorKind,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}
