import type { Tx } from '../../infra/db/index.js';
import type { PlaceFilter } from './market-names.js';
import type { DayTotal } from './trend-math.js';
import type { ValidPrice } from './validate-record.js';

/**
 * Owns `market_prices` (migration 0009, partitioned by month): mandi prices, platform reference
 * data that both roles may read and only the price ingestion writes. Every filter of the reads is an
 * equality on indexed columns plus a date range, which also prunes the month partitions. listPrices
 * joins `markets` for each price's market name.
 */

export interface PriceFilters extends PlaceFilter {
  commodity?: string;
  /** YYYY-MM-DD, both included. */
  from?: string;
  to?: string;
}

function whereOf(filters: PriceFilters, params: unknown[]): string[] {
  const where: string[] = [];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (filters.commodity !== undefined) add((p) => `p.commodity = ${p}`, filters.commodity);
  if (filters.states) add((p) => `p.state = ANY(${p}::text[])`, filters.states);
  if (filters.marketIds) add((p) => `p.market_id = ANY(${p}::uuid[])`, filters.marketIds);
  if (filters.from !== undefined) add((p) => `p.arrival_date >= ${p}::date`, filters.from);
  if (filters.to !== undefined) add((p) => `p.arrival_date <= ${p}::date`, filters.to);
  return where;
}

export interface PriceRow {
  market_id: string;
  market: string;
  state: string;
  district: string;
  commodity: string;
  agmarknet_commodity: string;
  variety: string;
  grade: string;
  arrival_date: string;
  min_price: number;
  max_price: number;
  modal_price: number;
  source: string;
  fetched_at: string;
}

/** The sort key of the listing, newest first: [arrivalDate, marketId, commodity, variety, grade]. */
export type PriceCursor = [string, string, string, string, string];

export async function listPrices(tx: Tx, filters: PriceFilters, page: { after?: PriceCursor; limit: number }): Promise<PriceRow[]> {
  const params: unknown[] = [];
  const where = whereOf(filters, params);
  if (page.after) {
    params.push(...page.after);
    const [d, m, c, v, g] = page.after.map((_, i) => `$${params.length - 4 + i}`);
    where.push(
      `(p.arrival_date < ${d}::date OR (p.arrival_date = ${d}::date AND (p.market_id, p.commodity, p.variety, p.grade) > (${m}::uuid, ${c}, ${v}, ${g})))`,
    );
  }
  params.push(page.limit);
  const { rows } = await tx.query<PriceRow>(
    `SELECT p.market_id, m.name AS market, p.state, p.district, p.commodity, p.agmarknet_commodity, p.variety, p.grade,
       p.arrival_date::text AS arrival_date, p.min_price_inr_per_quintal::float8 AS min_price,
       p.max_price_inr_per_quintal::float8 AS max_price, p.modal_price_inr_per_quintal::float8 AS modal_price,
       p.source, p.fetched_at
     FROM market_prices p JOIN markets m ON m.id = p.market_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY p.arrival_date DESC, p.market_id, p.commodity, p.variety, p.grade
     LIMIT $${params.length}`,
    params,
  );
  return rows;
}

/**
 * Per arrival day, the sum and number of modal prices that match the filters: what the daily mean
 * and the moving averages are computed from. With only a commodity and dates this is an index-only
 * scan of (commodity, arrival_date) INCLUDE (modal price) over the partitions the dates reach.
 */
export async function dailyTotals(tx: Tx, filters: PriceFilters & { commodity: string; from: string; to: string }): Promise<DayTotal[]> {
  const params: unknown[] = [];
  const where = whereOf(filters, params);
  const { rows } = await tx.query<{ date: string; sum: number; count: number }>(
    `SELECT p.arrival_date::text AS date, sum(p.modal_price_inr_per_quintal)::float8 AS sum, count(*)::int AS count
     FROM market_prices p WHERE ${where.join(' AND ')}
     GROUP BY p.arrival_date ORDER BY p.arrival_date`,
    params,
  );
  return rows.map((r) => ({ date: r.date, sumInrPerQuintal: Number(r.sum), count: Number(r.count) }));
}

/** The newest arrival day with prices that match the filters, or null. */
export async function latestArrivalDate(tx: Tx, filters: PriceFilters & { commodity: string }): Promise<string | null> {
  const params: unknown[] = [];
  const where = whereOf(filters, params);
  const { rows } = await tx.query<{ day: string | null }>(
    `SELECT max(p.arrival_date)::text AS day FROM market_prices p WHERE ${where.join(' AND ')}`,
    params,
  );
  return rows[0]?.day ?? null;
}

export interface LatestMarketPrice {
  market_id: string;
  arrival_date: string;
  modal_price: number;
  min_price: number;
  max_price: number;
  price_count: number;
}

/**
 * For each of the given markets, its newest day with prices of the commodity within [from, to] and
 * that day's mean modal price (over its varieties and grades), lowest minimum and highest maximum.
 */
export async function latestPricesOf(
  tx: Tx,
  commodity: string,
  marketIds: string[],
  from: string,
  to: string,
): Promise<LatestMarketPrice[]> {
  if (marketIds.length === 0) return [];
  const { rows } = await tx.query<LatestMarketPrice>(
    `WITH latest AS (
       SELECT p.market_id, max(p.arrival_date) AS day FROM market_prices p
       WHERE p.commodity = $1 AND p.market_id = ANY($2::uuid[]) AND p.arrival_date BETWEEN $3::date AND $4::date
       GROUP BY p.market_id)
     SELECT l.market_id, l.day::text AS arrival_date, avg(p.modal_price_inr_per_quintal)::float8 AS modal_price,
       min(p.min_price_inr_per_quintal)::float8 AS min_price, max(p.max_price_inr_per_quintal)::float8 AS max_price,
       count(*)::int AS price_count
     FROM latest l JOIN market_prices p ON p.market_id = l.market_id AND p.commodity = $1 AND p.arrival_date = l.day
     GROUP BY l.market_id, l.day`,
    [commodity, marketIds, from, to],
  );
  return rows.map((r) => ({
    ...r,
    modal_price: Number(r.modal_price),
    min_price: Number(r.min_price),
    max_price: Number(r.max_price),
    price_count: Number(r.price_count),
  }));
}

/** Makes sure the month partition of each day exists (in a transaction of its own: it may take locks). */
export async function ensurePartition(tx: Tx, day: string): Promise<string> {
  const { rows } = await tx.query<{ name: string }>('SELECT market_prices_partition($1::date) AS name', [day]);
  return rows[0]!.name;
}

/** A valid price of the ingestion, with the id of its market. */
export interface PriceToStore extends ValidPrice {
  marketId: string;
}

/**
 * Inserts new prices and updates those that differ; rows that are already exactly so are left
 * alone. A fresh row has version 1 and an updated one a higher version, which is how the answer
 * tells inserted from updated; whatever it does not return was unchanged.
 */
export async function upsertPrices(
  tx: Tx,
  rows: PriceToStore[],
  meta: { source: string; runId: string; fetchedAt: string },
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const column = <K extends keyof PriceToStore>(key: K) => rows.map((r) => r[key]);
  const { rows: written } = await tx.query<{ inserted: boolean }>(
    `INSERT INTO market_prices AS p (market_id, commodity, variety, grade, arrival_date, state, district, agmarknet_commodity,
       min_price_inr_per_quintal, max_price_inr_per_quintal, modal_price_inr_per_quintal, source, ingestion_run_id, fetched_at)
     SELECT r.market_id, r.commodity, r.variety, r.grade, r.arrival_date, r.state, r.district, r.agmarknet_commodity,
       r.min_price, r.max_price, r.modal_price, $12, $13, $14
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[], $8::text[],
       $9::numeric[], $10::numeric[], $11::numeric[])
       AS r (market_id, commodity, variety, grade, arrival_date, state, district, agmarknet_commodity, min_price, max_price, modal_price)
     ON CONFLICT (market_id, commodity, variety, grade, arrival_date) DO UPDATE SET
       agmarknet_commodity = EXCLUDED.agmarknet_commodity,
       min_price_inr_per_quintal = EXCLUDED.min_price_inr_per_quintal,
       max_price_inr_per_quintal = EXCLUDED.max_price_inr_per_quintal,
       modal_price_inr_per_quintal = EXCLUDED.modal_price_inr_per_quintal,
       source = EXCLUDED.source,
       ingestion_run_id = EXCLUDED.ingestion_run_id,
       fetched_at = EXCLUDED.fetched_at,
       updated_at = now(),
       version = p.version + 1
     WHERE (p.agmarknet_commodity, p.min_price_inr_per_quintal, p.max_price_inr_per_quintal, p.modal_price_inr_per_quintal, p.source)
       IS DISTINCT FROM (EXCLUDED.agmarknet_commodity, EXCLUDED.min_price_inr_per_quintal, EXCLUDED.max_price_inr_per_quintal,
         EXCLUDED.modal_price_inr_per_quintal, EXCLUDED.source)
     RETURNING p.version = 1 AS inserted`,
    [
      column('marketId'),
      column('commodity'),
      column('variety'),
      column('grade'),
      column('arrivalDate'),
      column('state'),
      column('district'),
      column('agmarknetCommodity'),
      column('minPrice'),
      column('maxPrice'),
      column('modalPrice'),
      meta.source,
      meta.runId,
      meta.fetchedAt,
    ],
  );
  const inserted = written.filter((w) => w.inserted).length;
  return { inserted, updated: written.length - inserted, unchanged: rows.length - written.length };
}

export interface MarketCommodityPrice {
  commodity: string;
  arrival_date: string;
  modal_price: number;
  price_count: number;
}

/**
 * One market's newest day with prices of any commodity, and each commodity it has prices of in the
 * `days` ending on that day, with its own newest day there and that day's mean modal price (over
 * varieties and grades). The unique key (market_id, commodity, …) serves both reads.
 */
export async function recentPricesAt(
  tx: Tx,
  marketId: string,
  days: number,
): Promise<{ latest: string | null; items: MarketCommodityPrice[] }> {
  const { rows: latest } = await tx.query<{ day: string | null }>(
    'SELECT max(arrival_date)::text AS day FROM market_prices WHERE market_id = $1',
    [marketId],
  );
  const day = latest[0]?.day ?? null;
  if (day === null) return { latest: null, items: [] };
  const { rows } = await tx.query<MarketCommodityPrice>(
    `WITH newest AS (
       SELECT p.commodity, max(p.arrival_date) AS day FROM market_prices p
       WHERE p.market_id = $1 AND p.arrival_date BETWEEN $2::date - ($3::int - 1) AND $2::date
       GROUP BY p.commodity)
     SELECT n.commodity, n.day::text AS arrival_date,
       avg(p.modal_price_inr_per_quintal)::float8 AS modal_price, count(*)::int AS price_count
     FROM newest n
     JOIN market_prices p ON p.market_id = $1 AND p.commodity = n.commodity AND p.arrival_date = n.day
     GROUP BY n.commodity, n.day
     ORDER BY n.commodity`,
    [marketId, day, days],
  );
  return { latest: day, items: rows.map((r) => ({ ...r, modal_price: Number(r.modal_price), price_count: Number(r.price_count) })) };
}
