import Value from 'typebox/value';
import { createOutbound, OutboundError, retrying, type OutboundResponse } from '../../infra/outbound/index.js';
import { DataGovInEnvelopeSchema, type Filters } from './schema.js';
import { DataGovInError, type MarketPriceSource, type Page, type PageQuery } from './source.js';

export interface DataGovInOptions {
  /** https://api.data.gov.in in production; a loopback stub in tests. */
  baseUrl: string;
  apiKey: string;
  resourceId: string;
  fetch?: typeof fetch;
  /** How long one page may take, default 30 s; past it the page is abandoned and tried again. */
  timeoutMs?: number;
  /** Tries after the first for a page that failed with a 5xx, a 429, a timeout or a broken answer; default 4. */
  retries?: number;
  /** The wait before retry n is about backoffMs × 2^(n-1) (with jitter); default 1000 ms. */
  backoffMs?: number;
  /** Told of every retry, e.g. to log it; never given the API key. */
  onRetry?: (info: { offset: number; attempt: number; error: DataGovInError }) => void;
}

const count = (value: number | string | undefined) => (value === undefined ? undefined : Number(value));

/**
 * The data.gov.in client for one resource. Each page has its own timeout and is retried with
 * exponential backoff when the failure may pass (5xx, 429, timeout, network, an answer that is not
 * the documented envelope); 401/403 (a bad key) and other 4xx fail at once. The API key travels only
 * in the request URL: error messages name the resource and offset, never the URL.
 */
export function createDataGovInClient(options: DataGovInOptions): MarketPriceSource {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  // Pages are retried whole below (a broken answer is worth another try too), not by the helper,
  // and without its breaker: with pages in flight together, a few transient failures would open it
  // for longer than a page's whole retry budget, and each retry would be refused without asking.
  const outbound = createOutbound({
    upstream: 'data.gov.in',
    timeoutMs,
    retries: 0,
    breaker: false,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const retries = options.retries ?? 4;
  const backoffMs = options.backoffMs ?? 1000;
  const label = `${base}/resource/${options.resourceId}`;

  async function once(query: PageQuery, signal?: AbortSignal): Promise<Page> {
    const url = new URL(`${base}/resource/${encodeURIComponent(options.resourceId)}`);
    url.searchParams.set('api-key', options.apiKey);
    url.searchParams.set('format', 'json');
    url.searchParams.set('offset', String(query.offset));
    url.searchParams.set('limit', String(query.limit));
    for (const [field, value] of Object.entries(query.filters ?? ({} satisfies Filters))) {
      if (value !== undefined) url.searchParams.set(`filters[${field}]`, value);
    }
    const where = `${label} at offset ${query.offset}`;
    let response: OutboundResponse;
    try {
      response = await outbound.request(url, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}), redirect: 'error' });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (!(error instanceof OutboundError)) throw error;
      if (error.kind === 'timeout')
        throw new DataGovInError('timeout', `data.gov.in did not answer within ${timeoutMs} ms (${where})`, true);
      throw new DataGovInError('unavailable', `data.gov.in is unreachable (${error.details.code ?? 'network error'}; ${where})`, true);
    }
    if (response.status === 401 || response.status === 403) {
      throw new DataGovInError(
        'forbidden',
        `data.gov.in refused the API key (${response.status}; ${label}): check DATA_GOV_IN_API_KEY`,
        false,
        response.status,
      );
    }
    if (response.status < 200 || response.status >= 300) {
      const retryable = response.status >= 500 || response.status === 429;
      throw new DataGovInError('upstream_status', `data.gov.in answered ${response.status} (${where})`, retryable, response.status);
    }
    let body: unknown;
    try {
      body = JSON.parse(response.text());
    } catch {
      throw new DataGovInError('invalid_response', `data.gov.in answered something that is not JSON (${where})`, true);
    }
    if (!Value.Check(DataGovInEnvelopeSchema, body)) {
      const [first] = Value.Errors(DataGovInEnvelopeSchema, body);
      const status = (body as { status?: unknown; message?: unknown } | null)?.status;
      const message = (body as { message?: unknown } | null)?.message;
      const said = status === 'error' && typeof message === 'string' ? `: ${message.slice(0, 200)}` : '';
      throw new DataGovInError(
        'invalid_response',
        `data.gov.in answered an unexpected shape (${first?.instancePath || '/'}: ${first?.message ?? 'invalid'}; ${where})${said}`,
        true,
      );
    }
    return { total: count(body.total)!, offset: count(body.offset) ?? query.offset, records: body.records };
  }

  return {
    name: 'agmarknet',
    page(query, signal) {
      return retrying(() => once(query, signal), {
        retries,
        backoffMs,
        retryable: (error) => error instanceof DataGovInError && error.retryable,
        onRetry: ({ attempt, error }) => options.onRetry?.({ offset: query.offset, attempt, error: error as DataGovInError }),
        ...(signal ? { signal } : {}),
      });
    },
  };
}
