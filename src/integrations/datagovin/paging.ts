import type { Filters } from './schema.js';
import type { MarketPriceSource } from './source.js';

export interface PagingOptions {
  filters?: Filters;
  /** Records per page; default 1000. */
  pageSize?: number;
  /** Pages in flight at once; default 3. */
  concurrency?: number;
  /**
   * How deep offset + limit may reach: data.gov.in's search back end is reported to refuse windows
   * past 10 000 records (Elasticsearch's index.max_result_window), so a query stops there and says
   * how many records lay beyond.
   */
  window?: number;
  signal?: AbortSignal;
  /** Given every page as it arrives; calls never overlap, in whatever order the pages come. */
  onPage(records: unknown[], offset: number): Promise<void>;
}

export interface PagingResult {
  total: number;
  pages: number;
  fetched: number;
  /** Records the query matches beyond the window. */
  unreachable: number;
}

export const DEFAULT_WINDOW = 10_000;

/**
 * Pages through everything one query matches: the first page tells the total, then the remaining
 * offsets are fetched with at most `concurrency` pages in flight. Pages are handed on one at a time
 * while the next ones download. The first failure (after the source's own retries) stops the rest.
 */
export async function pageThrough(source: MarketPriceSource, options: PagingOptions): Promise<PagingResult> {
  const pageSize = options.pageSize ?? 1000;
  const concurrency = Math.max(1, options.concurrency ?? 3);
  const window = options.window ?? DEFAULT_WINDOW;
  let handing: Promise<void> = Promise.resolve();
  let pages = 0;
  let fetched = 0;
  const hand = (records: unknown[], offset: number) => {
    pages += 1;
    fetched += records.length;
    handing = handing.then(() => options.onPage(records, offset));
    return handing;
  };

  const first = await source.page({ offset: 0, limit: Math.min(pageSize, window), filters: options.filters }, options.signal);
  const reachable = Math.min(first.total, window);
  await hand(first.records, 0);

  const offsets: number[] = [];
  // A first page shorter than asked means there is nothing more, whatever the total said.
  if (first.records.length >= Math.min(pageSize, window)) {
    for (let offset = pageSize; offset < reachable; offset += pageSize) offsets.push(offset);
  }
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < offsets.length) {
      const offset = offsets[next++]!;
      try {
        const page = await source.page({ offset, limit: Math.min(pageSize, reachable - offset), filters: options.filters }, options.signal);
        await hand(page.records, offset);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, offsets.length) }, worker));
  await handing;
  return { total: first.total, pages, fetched, unreachable: Math.max(0, first.total - reachable) };
}
