import pg from 'pg';
import type { DbHealth, Engine, QueryResult, Row, Tx, TxOptions } from './db.js';
import { ReplicaRouter, parseLsn, withTimeout } from './replica-router.js';

export interface PostgresOptions {
  url: string;
  replicaUrls: string[];
  poolMax: number;
  /** How often replicas are checked for health and replay position. */
  replicaCheckMs?: number;
  onError?: (error: Error, pool: string) => void;
}

// Bigints (COUNT, int8) arrive as strings by default; timestamps stay Date. Numeric stays string
// on purpose: money and areas must not be rounded by a float on the way in.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

const makePool = (url: string, max: number, name: string, onError?: PostgresOptions['onError']) => {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    application_name: `kheti-${name}`,
  });
  // An idle client that loses its server emits here; without a listener it would crash the process.
  pool.on('error', (error) => onError?.(error, name));
  return pool;
};

const asTx = (client: pg.PoolClient): Tx => ({
  async exec(script: string) {
    await client.query(script);
  },
  async query<R extends object = Row>(text: string, params?: unknown[]): Promise<QueryResult<R>> {
    const result = await client.query(text, params);
    return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
  },
});

/**
 * Checks a client out. While checked out it has no pool listener, and a connection that drops
 * (a server crash, a failover) emits 'error' on it, which unhandled would crash the process; the
 * query in flight, or the next one, fails with that error anyway, so the event itself is ignored.
 */
async function checkout(pool: pg.Pool) {
  const client = await pool.connect();
  client.on('error', ignoreError);
  const release = (error?: Error) => {
    client.off('error', ignoreError);
    client.release(error);
  };
  return { client, release };
}
const ignoreError = () => undefined;

async function inTransaction<T>(pool: pg.Pool, work: (tx: Tx) => Promise<T>, readOnly: boolean) {
  const { client, release } = await checkout(pool);
  try {
    await client.query(readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
    const result = await work(asTx(client));
    await client.query('COMMIT');
    release();
    return result;
  } catch (error) {
    // A broken connection must not go back to the pool.
    await client.query('ROLLBACK').then(
      () => release(),
      (e: Error) => release(e),
    );
    throw error;
  }
}

export async function openPostgres(options: PostgresOptions): Promise<Engine> {
  const primary = makePool(options.url, options.poolMax, 'primary', options.onError);
  const router = new ReplicaRouter(
    options.replicaUrls.map((url, i) => makePool(url, options.poolMax, `replica-${i + 1}`, options.onError)),
  );
  const currentLsn = async () => {
    const { rows } = await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    return parseLsn(rows[0]!.lsn);
  };
  const checkReplicas = async () => router.checkAll(await currentLsn().catch(() => undefined));

  let timer: NodeJS.Timeout | undefined;
  if (router.replicas.length > 0) {
    await checkReplicas();
    timer = setInterval(() => void checkReplicas(), options.replicaCheckMs ?? 2000);
    timer.unref();
  }

  return {
    mode: 'postgres',
    async transaction<T>(work: (tx: Tx) => Promise<T>, txOptions: TxOptions = {}) {
      if (txOptions.readOnly) {
        const replica = router.pick(txOptions.consistencyKey);
        if (replica) {
          try {
            return await inTransaction(replica.pool, work, true);
          } catch (error) {
            // Only a connection failure sends the read to the primary; a bad query fails as it would there.
            if (!isConnectionError(error)) throw error;
            router.markDown(replica, error);
          }
        }
        return inTransaction(primary, work, true);
      }
      const result = await inTransaction(primary, work, false);
      if (txOptions.consistencyKey && router.replicas.length > 0) {
        router.recordWrite(txOptions.consistencyKey, await currentLsn());
      }
      return result;
    },
    async session<T>(work: (tx: Tx) => Promise<T>) {
      const { client, release } = await checkout(primary);
      try {
        return await work(asTx(client));
      } finally {
        release();
      }
    },
    async check(): Promise<DbHealth> {
      const started = performance.now();
      let primaryCheck: DbHealth['primary'];
      try {
        await withTimeout(primary.query('SELECT 1'), 2000);
        primaryCheck = { ok: true, latencyMs: round(performance.now() - started) };
      } catch (error) {
        primaryCheck = { ok: false, error: (error as Error).message };
      }
      if (router.replicas.length > 0) await checkReplicas().catch(() => undefined);
      return {
        primary: primaryCheck,
        replicas: router.replicas.map((r) => ({
          name: r.name,
          ok: r.healthy,
          ...(r.healthy ? { latencyMs: round(r.latencyMs ?? 0), lagBytes: r.lagBytes ?? 0 } : { error: r.lastError }),
        })),
      };
    },
    poolStats: () =>
      [{ name: 'primary', pool: primary }, ...router.replicas.map((r) => ({ name: r.name, pool: r.pool }))].map(({ name, pool }) => ({
        pool: name,
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
      })),
    async close() {
      clearInterval(timer);
      await Promise.all([primary.end(), ...router.replicas.map((r) => r.pool.end())]);
    },
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  // Node socket errors, and PostgreSQL class 08 (connection exception) and 57P (operator intervention).
  return (
    /^(ECONN|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH)/.test(code) ||
    code.startsWith('08') ||
    code.startsWith('57P') ||
    /Connection terminated|timeout|connect/i.test((error as Error).message ?? '')
  );
}
