import type { Tx } from '../../infra/db/index.js';
import type { RejectionReason } from './validate-record.js';

/**
 * Owns `ingestion_runs` and `ingestion_rejections` (migration 0009): the record of every price
 * ingestion and the records it refused. Platform data, written in `db.platform(...)` transactions only.
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

export async function insertRun(
  tx: Tx,
  run: { id: string; jobId: string | null; kind: RunKind; source: string; parameters: Record<string, unknown> },
): Promise<void> {
  await tx.query(
    `INSERT INTO ingestion_runs (id, dataset, job_id, kind, source, parameters, status) VALUES ($1, 'market-prices', $2, $3, $4, $5, 'running')`,
    [run.id, run.jobId, run.kind, run.source, JSON.stringify(run.parameters)],
  );
}

export async function finishRun(
  tx: Tx,
  id: string,
  status: 'succeeded' | 'failed',
  counts: RunCounts,
  error: string | null = null,
): Promise<void> {
  await tx.query(
    `UPDATE ingestion_runs SET status = $2, finished_at = now(), pages = $3, fetched = $4, inserted = $5, updated = $6,
       unchanged = $7, rejected = $8, rejected_reasons = $9, unknown_commodities = $10, unreachable = $11, error = $12
     WHERE id = $1`,
    [
      id,
      status,
      counts.pages,
      counts.fetched,
      counts.inserted,
      counts.updated,
      counts.unchanged,
      counts.rejected,
      JSON.stringify(counts.rejectedReasons),
      JSON.stringify(counts.unknownCommodities),
      counts.unreachable,
      error,
    ],
  );
}

export async function insertRejections(tx: Tx, runId: string, rejections: Rejection[]): Promise<void> {
  if (rejections.length === 0) return;
  await tx.query(
    `INSERT INTO ingestion_rejections (run_id, n, reason, detail, record)
     SELECT $1, n, reason, detail, record FROM unnest($2::integer[], $3::text[], $4::text[], $5::jsonb[]) AS r (n, reason, detail, record)`,
    [
      runId,
      rejections.map((r) => r.n),
      rejections.map((r) => r.reason),
      rejections.map((r) => r.detail),
      rejections.map((r) => JSON.stringify(r.record ?? null)),
    ],
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

/**
 * The jobs of the newest runs still marked running. A run whose worker died stays marked so, which
 * is why the caller asks the queue whether each job still runs.
 */
export async function runningRunJobIds(tx: Tx, newest = 5): Promise<string[]> {
  const { rows } = await tx.query<{ job_id: string }>(
    `SELECT job_id FROM ingestion_runs WHERE status = 'running' AND job_id IS NOT NULL ORDER BY started_at DESC LIMIT $1`,
    [newest],
  );
  return rows.map((row) => row.job_id);
}

// Serialises "is a run already going?" with starting one, across processes, until the transaction
// ends. The two-key form keeps clear of single-key advisory locks and of auth's classes.
const RUN_START_LOCK_CLASS = 7_301;
export async function lockRunStart(tx: Tx): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [RUN_START_LOCK_CLASS, 'market-prices']);
}
