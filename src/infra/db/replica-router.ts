import type pg from 'pg';

/**
 * Chooses where a read-only transaction runs. A replica is used only while its health check
 * passes; a key (user) that has just written reads from the primary until some replica has
 * replayed that write (compared by WAL position), so users always see their own changes.
 *
 * Replay positions come from the periodic health check, so right after a write no replica
 * qualifies and the key reads from the primary for at most one check interval while replication
 * is healthy. The write positions live in this process's memory; with several API processes a
 * user's next request may land on another one, which is why sessions should be sticky at the
 * load balancer when replicas are used.
 */
export interface ReplicaState {
  name: string;
  pool: pg.Pool;
  healthy: boolean;
  replayLsn: bigint;
  lagBytes?: number;
  lastError?: string;
  latencyMs?: number;
}

export const parseLsn = (lsn: string): bigint => {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
};

export class ReplicaRouter {
  readonly replicas: ReplicaState[];
  private readonly lastWrite = new Map<string, { lsn: bigint; at: number }>();
  private next = 0;

  constructor(
    pools: pg.Pool[],
    private readonly maxLagBytes = 16 * 1024 * 1024,
    private readonly forgetAfterMs = 60_000,
  ) {
    this.replicas = pools.map((pool, i) => ({ name: `replica-${i + 1}`, pool, healthy: false, replayLsn: 0n }));
  }

  /** A healthy replica that has replayed the key's last write, or undefined for the primary. */
  pick(consistencyKey?: string): ReplicaState | undefined {
    const needed = (consistencyKey && this.lastWrite.get(consistencyKey)?.lsn) || 0n;
    for (let tried = 0; tried < this.replicas.length; tried++) {
      const replica = this.replicas[this.next++ % this.replicas.length]!;
      if (replica.healthy && replica.replayLsn >= needed) return replica;
    }
    return undefined;
  }

  recordWrite(consistencyKey: string, lsn: bigint) {
    this.lastWrite.set(consistencyKey, { lsn, at: Date.now() });
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
          const { rows } = await withTimeout(
            replica.pool.query<{ standby: boolean; lsn: string | null }>(
              'SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS lsn',
            ),
            timeoutMs,
          );
          const row = rows[0]!;
          if (!row.standby) throw new Error('not a standby (pg_is_in_recovery() is false)');
          replica.replayLsn = row.lsn ? parseLsn(row.lsn) : 0n;
          replica.lagBytes = primaryLsn !== undefined && primaryLsn > replica.replayLsn ? Number(primaryLsn - replica.replayLsn) : 0;
          if (replica.lagBytes > this.maxLagBytes) throw new Error(`lagging ${replica.lagBytes} bytes behind the primary`);
          replica.healthy = true;
          replica.latencyMs = performance.now() - started;
          replica.lastError = undefined;
        } catch (error) {
          this.markDown(replica, error);
        }
      }),
    );
    this.forgetOldWrites();
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

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
