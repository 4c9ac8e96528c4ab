import pg from 'pg';
import { setupStatement, type DbHealth, type Engine, type QueryResult, type Row, type Tx, type TxOptions, type TxSetup } from './db.js';
import { inlineParameters } from './literals.js';
import { Pipeline } from './pipeline.js';
import type { Metrics } from '../metrics.js';
import { withTimeout } from '../../lib/timeout.js';
import { ReplicaRouter, parseLsn } from './replica-router.js';
import type { WritePositions } from './write-positions.js';

export interface PostgresOptions {
  url: string;
  replicaUrls: string[];
  poolMax: number;
  /** Connections per server that carry one-statement reads pipelined (pipeline.ts); 0: none, every read checks a pooled connection out. */
  pipelineConnections?: number;
  /** A replica further behind the primary than this serves no reads until it catches up. */
  replicaMaxLagBytes?: number;
  /** How often replicas are checked for health and replay position. */
  replicaCheckMs?: number;
  /** Where users' write positions are known deployment-wide (Redis); closed with the engine. */
  writePositions?: WritePositions;
  /** Set for every replica after each health check. */
  replicaGauges?: Pick<Metrics, 'replicaLag' | 'replicaUp'>;
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

const asResult = <R extends object>(result: pg.QueryResult): QueryResult<R> => ({
  rows: result.rows as R[],
  rowCount: result.rowCount ?? result.rows.length,
});

const asTx = (client: pg.PoolClient): Tx => ({
  async exec(script: string) {
    await client.query(script);
  },
  async query<R extends object = Row>(text: string, params?: unknown[]): Promise<QueryResult<R>> {
    return asResult<R>(await client.query(text, params));
  },
});

/**
 * A transaction whose opening (BEGIN, the role, the settings) is sent with its first statement:
 * one simple-protocol message `BEGIN …; SELECT set_config(…); <statement>` when the statement's
 * parameters can be written in as literals (literals.ts), else the opening and then the statement
 * as usual. pg does not pipeline, so each message is a round trip; this saves two per transaction.
 * Work of one statement (`oneStatement`) has its COMMIT in the same message too, and is then
 * `committed`. A failure anywhere in the message skips the rest of it (the COMMIT included) and
 * leaves the transaction aborted, and the caller rolls it back.
 */
function openingTx(client: pg.PoolClient, opening: string, oneStatement: boolean) {
  let opened = false;
  let committed = false;
  const open = async () => {
    opened = true;
    await client.query(opening);
  };
  const tx: Tx & { readonly opened: boolean; readonly committed: boolean } = {
    get opened() {
      return opened;
    },
    get committed() {
      return committed;
    },
    async exec(script: string) {
      if (!opened) await open();
      await client.query(script);
    },
    async query<R extends object = Row>(text: string, params?: unknown[]): Promise<QueryResult<R>> {
      if (committed) throw new Error('a one-statement transaction ran a second statement');
      if (!opened) {
        const inlined = inlineParameters(text, params);
        if (inlined !== undefined) {
          opened = true;
          // Several statements in one message answer one result each, in order.
          const results = (await client.query(`${opening}; ${inlined}${oneStatement ? '; COMMIT' : ''}`)) as unknown as pg.QueryResult[];
          committed = oneStatement;
          return asResult<R>(results.at(oneStatement ? -2 : -1)!);
        }
        await open();
      }
      return asResult<R>(await client.query(text, params));
    },
  };
  return tx;
}

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

/** How a transaction opens: `first` (BEGIN …, or SET TRANSACTION in an implicit one), then its role and settings. */
const openingOf = (first: string, setup?: TxSetup) => (setup ? `${first}; ${setupStatement(setup)}` : first);

/**
 * A one-statement read on a pipelined connection: `SET TRANSACTION READ ONLY; SELECT set_config(…);
 * <statement>` as one message, an implicit transaction that ends with the message whatever happens
 * in it, so it shares its connection safely with the messages of other requests. A statement whose
 * parameters cannot be written as literals goes the pooled way.
 */
async function pipelinedRead<T>(pipeline: Pipeline, pool: pg.Pool, work: (tx: Tx) => Promise<T>, options: TxOptions, setup?: TxSetup) {
  let ran = false;
  const tx: Tx = {
    async exec() {
      throw new Error('a one-statement read runs no scripts');
    },
    async query<R extends object = Row>(text: string, params?: unknown[]): Promise<QueryResult<R>> {
      if (ran) throw new Error('a one-statement transaction ran a second statement');
      ran = true;
      const inlined = inlineParameters(text, params);
      if (inlined === undefined) return inTransaction(pool, undefined, (pooled) => pooled.query<R>(text, params), options, setup);
      const answer = (await pipeline.query(`${openingOf('SET TRANSACTION READ ONLY', setup)}; ${inlined}`)).at(-1)!;
      return { rows: answer.rows as R[], rowCount: answer.rowCount };
    },
  };
  return work(tx);
}

async function inTransaction<T>(
  pool: pg.Pool,
  pipeline: Pipeline | undefined,
  work: (tx: Tx) => Promise<T>,
  options: TxOptions,
  setup?: TxSetup,
) {
  const readOnly = options.readOnly === true;
  if (pipeline && readOnly && options.oneStatement) return pipelinedRead(pipeline, pool, work, options, setup);
  const { client, release } = await checkout(pool);
  const tx = openingTx(client, openingOf(readOnly ? 'BEGIN READ ONLY' : 'BEGIN', setup), options.oneStatement === true);
  // A broken connection must not go back to the pool.
  const end = (statement: 'COMMIT' | 'ROLLBACK') =>
    client.query(statement).then(
      () => release(),
      (e: Error) => release(e),
    );
  try {
    const result = await work(tx);
    if (!tx.opened || tx.committed) {
      release(); // nothing ran, or its COMMIT travelled with it: there is nothing left to do
    } else if (readOnly) {
      // A read-only transaction's answer is complete once its last statement has answered, and
      // its COMMIT makes nothing durable: the caller goes on while it travels. The connection
      // returns to the pool only once COMMIT has answered, so no one else sees it mid-transaction.
      void end('COMMIT');
    } else {
      // A write is done when COMMIT has answered, not before.
      await client.query('COMMIT');
      release();
    }
    return result;
  } catch (error) {
    if (tx.opened) await end('ROLLBACK');
    else release();
    throw error;
  }
}

export async function openPostgres(options: PostgresOptions): Promise<Engine> {
  const primary = makePool(options.url, options.poolMax, 'primary', options.onError);
  const router = new ReplicaRouter(
    options.replicaUrls.map((url, i) => makePool(url, options.poolMax, `replica-${i + 1}`, options.onError)),
    { maxLagBytes: options.replicaMaxLagBytes, shared: options.writePositions, gauges: options.replicaGauges },
  );
  const pipelineSize = options.pipelineConnections ?? 2;
  const pipelines = new Map<pg.Pool, Pipeline>();
  if (pipelineSize > 0) {
    const urls = [options.url, ...options.replicaUrls];
    for (const [i, pool] of [primary, ...router.replicas.map((r) => r.pool)].entries()) {
      const name = i === 0 ? 'primary' : `replica-${i}`;
      pipelines.set(pool, new Pipeline({ connectionString: urls[i], application_name: `kheti-${name}-pipelined` }, pipelineSize));
    }
  }
  const run = <T>(pool: pg.Pool, work: (tx: Tx) => Promise<T>, txOptions: TxOptions, setup?: TxSetup) =>
    inTransaction(pool, pipelines.get(pool), work, txOptions, setup);
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
    async transaction<T>(work: (tx: Tx) => Promise<T>, txOptions: TxOptions = {}, setup?: TxSetup) {
      if (txOptions.readOnly) {
        const replica = txOptions.primaryOnly ? undefined : await router.pick(txOptions.consistencyKey);
        if (replica) {
          try {
            return await run(replica.pool, work, txOptions, setup);
          } catch (error) {
            // Only a connection failure sends the read to the primary; a bad query fails as it would there.
            if (!isConnectionError(error)) throw error;
            router.markDown(replica, error);
          }
        }
        return run(primary, work, txOptions, setup);
      }
      const result = await run(primary, work, txOptions, setup);
      if (txOptions.consistencyKey && router.replicas.length > 0) {
        await router.recordWrite(txOptions.consistencyKey, await currentLsn());
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
          // A replica skipped for its lag shows how far behind it is.
          ...(!r.healthy && r.lagBytes !== undefined ? { lagBytes: r.lagBytes } : {}),
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
      await Promise.all([
        primary.end(),
        ...router.replicas.map((r) => r.pool.end()),
        ...[...pipelines.values()].map((p) => p.close()),
        router.shared?.close(),
      ]);
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
