import { api } from '../../api/client';
import type { Market, Page } from './types';

/**
 * Every mandi, read once per visit and searched here: GET /v1/markets matches whole names only, and a
 * field officer types "gaut" or a district. A few thousand small rows at most (Agmarknet's ~3,000
 * mandis), 200 a request.
 */
let markets: Promise<Market[]> | undefined;

export function loadMarkets(): Promise<Market[]> {
  markets ??= readAll().catch((problem: unknown) => {
    markets = undefined; // a failure is not kept: the next visit tries again
    throw problem;
  });
  return markets;
}

async function readAll(): Promise<Market[]> {
  const all: Market[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: Page<Market> = await api.get<Page<Market>>(`/v1/markets?limit=200${query}`);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** The mandis whose name, district or state contains every word typed, case ignored. */
export function searchMarkets(all: Market[], text: string, limit: number): Market[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  return all.filter((m) => words.every((w) => `${m.name} ${m.district} ${m.state}`.toLowerCase().includes(w))).slice(0, limit);
}

export const marketLabel = (market: Market): string => `${market.name} (${market.district}, ${market.state})`;
