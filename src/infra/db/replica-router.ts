import { withTimeout } from '../../lib/timeout.js';
import type pg from 'pg';
import type { Metrics } from '../metrics.js';
import type { WritePositions } from './write-positions.js';

/**
 * Chooses where a read-only transaction runs: round-robin over the replicas whose health check
 * passes (reachable, a standby, at most `maxLagBytes` of WAL behind the primary); a key (user)
 * that has just written reads from the primary until some replica has replayed that write
 * (compared by WAL position), so users always see their own changes.
 *
 * Replay positions come from the periodic health check, so right after a write no replica
 * qualifies and the key reads from the primary for at most one check interval while replication
 * is healthy. Write positions are kept in this process's memory and, with `shared` (Redis), for
 * the whole deployment, so the key's next read may land on any process: a process that knows of
 * no pending write asks `shared` (one look-up), and reads from the primary when it cannot tell.
 */
export interface ReplicaState {
  name: string;
  pool: pg.Pool;
  healthy: boolean;
  replayLsn: bigint;
  /** Undefined while it cannot be measured (the replica or the primary unreachable). */
  lagBytes?: number;
  lastError?: string;
  latencyMs?: number;
}

export interface ReplicaRouterOptions {
  maxLagBytes?: number;
  /** How long a write position is kept at most, here and in `shared`. */
  forgetAfterMs?: number;
  shared?: WritePositions;
  gauges?: Pick<Metrics, 'replicaLag' | 'replicaUp'>;
}

export const parseLsn = (lsn: string): bigint => {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
};

export class ReplicaRouter {
  readonly replicas: ReplicaState[];
  readonly shared?: WritePositions;
  private readonly lastWrite = new Map<string, { lsn: bigint; at: number }>();
  private readonly maxLagBytes: number;
  private readonly forgetAfterMs: number;
  private readonly gauges?: ReplicaRouterOptions['gauges'];
  private next = 0;

  constructor(pools: pg.Pool[], options: ReplicaRouterOptions = {}) {
    this.replicas = pools.map((pool, i) => ({ name: `replica-${i + 1}`, pool, healthy: false, replayLsn: 0n }));
    this.maxLagBytes = options.maxLagBytes ?? 16 * 1024 * 1024;
    this.forgetAfterMs = options.forgetAfterMs ?? 60_000;
    this.shared = options.shared;
    this.gauges = options.gauges;
  }

  /**
   * A healthy replica that has replayed the key's last write, or undefined for the primary.
   * Only a read by key that this process would send to a replica consults `shared`.
   */
  pick(consistencyKey?: string): ReplicaState | undefined | Promise<ReplicaState | undefined> {
    const known = (consistencyKey && this.lastWrite.get(consistencyKey)?.lsn) || 0n;
    const replica = this.choose(known);
    if (!replica || !consistencyKey || !this.shared) return replica;
    return this.pickShared(consistencyKey, replica);
  }

  private async pickShared(key: string, candidate: ReplicaState): Promise<ReplicaState | undefined> {
    let written: bigint;
    try {
      written = await this.shared!.get(key);
    } catch {
      return undefined; // cannot tell whether the key wrote lately: the primary is never stale
    }
    if (candidate.replayLsn >= written) return candidate;
    // Another process's write: remembered, so the key's next reads here go to the primary without asking.
    this.remember(key, written);
    return this.choose(written);
  }

  private choose(needed: bigint): ReplicaState | undefined {
    for (let tried = 0; tried < this.replicas.length; tried++) {
      const replica = this.replicas[this.next++ % this.replicas.length]!;
      if (replica.healthy && replica.replayLsn >= needed) return replica;
    }
    return undefined;
  }

  /** Keeps the write's position here, and in `shared` when there is one (awaited: the key's next read may come at once). */
  async recordWrite(consistencyKey: string, lsn: bigint): Promise<void> {
    this.remember(consistencyKey, lsn);
    await this.shared?.record(consistencyKey, lsn, this.forgetAfterMs);
  }

  private remember(key: string, lsn: bigint) {
    const kept = this.lastWrite.get(key);
    if (!kept || kept.lsn < lsn) this.lastWrite.set(key, { lsn, at: Date.now() });
  }

  markDown(replica: ReplicaState, error: unknown) {
    replica.healthy = false;
    replica.lastError = (error as Error).message;
  }

  /** Polls each replica: reachable, in recovery (a real standby), and how far it has replayed. */
  async checkAll(primaryLsn: bigint | undefined, timeoutMs = 2000): Promise<void> {
    await Promise.all(
      this.replicas.map(async (replica) => {
        const started = performance.now();
        try {
          replica.lagBytes = undefined;
          const { rows } = await withTimeout(
            replica.pool.query<{ standby: boolean; lsn: string | null }>(
              'SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS lsn',
            ),
            timeoutMs,
          );
          const row = rows[0]!;
          if (!row.standby) throw new Error('not a standby (pg_is_in_recovery() is false)');
          replica.replayLsn = row.lsn ? parseLsn(row.lsn) : 0n;
          if (primaryLsn !== undefined) replica.lagBytes = primaryLsn > replica.replayLsn ? Number(primaryLsn - replica.replayLsn) : 0;
          if ((replica.lagBytes ?? 0) > this.maxLagBytes) {
            throw new Error(`lagging ${replica.lagBytes} bytes behind the primary (more than REPLICA_MAX_LAG, ${this.maxLagBytes})`);
          }
          replica.healthy = true;
          replica.latencyMs = performance.now() - started;
          replica.lastError = undefined;
        } catch (error) {
          this.markDown(replica, error);
        }
      }),
    );
    this.report();
    this.forgetOldWrites();
  }

  private report() {
    if (!this.gauges) return;
    for (const replica of this.replicas) {
      const labels = { replica: replica.name };
      this.gauges.replicaUp.set(labels, replica.healthy ? 1 : 0);
      // No value rather than an old one while the lag cannot be measured.
      if (replica.lagBytes === undefined) this.gauges.replicaLag.remove(labels);
      else this.gauges.replicaLag.set(labels, replica.lagBytes);
    }
  }

  private forgetOldWrites() {
    // Keep a write until every healthy replica has replayed it (or it is very old, to bound memory).
    const horizon = Date.now() - this.forgetAfterMs;
    const healthy = this.replicas.filter((r) => r.healthy);
    const replayed = healthy.length > 0 ? healthy.reduce((min, r) => (r.replayLsn < min ? r.replayLsn : min), healthy[0]!.replayLsn) : 0n;
    for (const [key, write] of this.lastWrite) {
      if (write.at < horizon || (healthy.length === this.replicas.length && write.lsn <= replayed)) this.lastWrite.delete(key);
    }
  }
}
