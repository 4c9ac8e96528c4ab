import type { Tx } from '../../infra/db/index.js';
import type { RejectionReason, ValidPrice } from './validate-record.js';

/**
 * The SQL of the price ingestion: platform reference data (migration 0009), written in
 * `db.platform(...)` transactions only.
 */

export type RunKind = 'scheduled' | 'manual' | 'backfill' | 'seed';

export interface RunCounts {
  pages: number;
  fetched: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejectedReasons: Partial<Record<RejectionReason, number>>;
  unknownCommodities: Record<string, number>;
  unreachable: number;
}

export interface Rejection {
  n: number;
  reason: RejectionReason;
  detail: string;
  record: unknown;
}

/** Agmarknet commodity name → commodity code. */
export async function agmarknetNames(tx: Tx): Promise<{ name: string; commodity: string }[]> {
  const { rows } = await tx.query<{ name: string; commodity: string }>('SELECT name, commodity FROM agmarknet_commodity_names');
  return rows;
}

export async function insertRun(
  tx: Tx,
  run: { id: string; jobId: string | null; kind: RunKind; source: string; parameters: Record<string, unknown> },
): Promise<void> {
  await tx.query(
    `INSERT INTO ingestion_runs (id, dataset, job_id, kind, source, parameters, status) VALUES ($1, 'market-prices', $2, $3, $4, $5, 'running')`,
    [run.id, run.jobId, run.kind, run.source, JSON.stringify(run.parameters)],
  );
}

export async function finishRun(tx: Tx, id: string, status: 'succeeded' | 'failed', counts: RunCounts, error: string | null = null): Promise<void> {
  await tx.query(
    `UPDATE ingestion_runs SET status = $2, finished_at = now(), pages = $3, fetched = $4, inserted = $5, updated = $6,
       unchanged = $7, rejected = $8, rejected_reasons = $9, unknown_commodities = $10, unreachable = $11, error = $12
     WHERE id = $1`,
    [
      id, status, counts.pages, counts.fetched, counts.inserted, counts.updated, counts.unchanged, counts.rejected,
      JSON.stringify(counts.rejectedReasons), JSON.stringify(counts.unknownCommodities), counts.unreachable, error,
    ],
  );
}

export async function insertRejections(tx: Tx, runId: string, rejections: Rejection[]): Promise<void> {
  if (rejections.length === 0) return;
  await tx.query(
    `INSERT INTO ingestion_rejections (run_id, n, reason, detail, record)
     SELECT $1, n, reason, detail, record FROM unnest($2::integer[], $3::text[], $4::text[], $5::jsonb[]) AS r (n, reason, detail, record)`,
    [runId, rejections.map((r) => r.n), rejections.map((r) => r.reason), rejections.map((r) => r.detail), rejections.map((r) => JSON.stringify(r.record ?? null))],
  );
}

/** Rejected records are evidence for a while, not history: those of runs older than this go. */
export async function pruneRejections(tx: Tx, keepDays = 30): Promise<number> {
  const { rowCount } = await tx.query(
    `DELETE FROM ingestion_rejections WHERE run_id IN (SELECT id FROM ingestion_runs WHERE started_at < now() - make_interval(days => $1))`,
    [keepDays],
  );
  return rowCount;
}

/** Makes sure the month partition of each day exists (in a transaction of its own: it may take locks). */
export async function ensurePartition(tx: Tx, day: string): Promise<string> {
  const { rows } = await tx.query<{ name: string }>('SELECT market_prices_partition($1::date) AS name', [day]);
  return rows[0]!.name;
}

const marketKey = (state: string, district: string, name: string) => `${state}\u0000${district}\u0000${name}`;

/** The ids of the markets, adding those not yet known. Keys are `state\0district\0name`. */
export async function upsertMarkets(tx: Tx, markets: { id: string; state: string; district: string; name: string }[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (markets.length === 0) return ids;
  await tx.query(
    `INSERT INTO markets (id, state, district, name)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (state, district, name) DO NOTHING`,
    [markets.map((m) => m.id), markets.map((m) => m.state), markets.map((m) => m.district), markets.map((m) => m.name)],
  );
  const { rows } = await tx.query<{ id: string; state: string; district: string; name: string }>(
    `SELECT m.id, m.state, m.district, m.name FROM markets m
     JOIN unnest($1::text[], $2::text[], $3::text[]) AS k (state, district, name) USING (state, district, name)`,
    [markets.map((m) => m.state), markets.map((m) => m.district), markets.map((m) => m.name)],
  );
  for (const row of rows) ids.set(marketKey(row.state, row.district, row.name), row.id);
  return ids;
}

export { marketKey };

export interface PriceRow extends ValidPrice {
  marketId: string;
}

/**
 * Inserts new prices and updates those that differ; rows that are already exactly so are left
 * alone. A fresh row has version 1 and an updated one a higher version, which is how the answer
 * tells inserted from updated; whatever it does not return was unchanged.
 */
export async function upsertPrices(
  tx: Tx,
  rows: PriceRow[],
  meta: { source: string; runId: string; fetchedAt: string },
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const column = <K extends keyof PriceRow>(key: K) => rows.map((r) => r[key]);
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
      column('marketId'), column('commodity'), column('variety'), column('grade'), column('arrivalDate'), column('state'),
      column('district'), column('agmarknetCommodity'), column('minPrice'), column('maxPrice'), column('modalPrice'),
      meta.source, meta.runId, meta.fetchedAt,
    ],
  );
  const inserted = written.filter((w) => w.inserted).length;
  return { inserted, updated: written.length - inserted, unchanged: rows.length - written.length };
}
