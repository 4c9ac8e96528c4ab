import { isEmbeddedDatabase, usesRedis, type Config } from '../../config.js';
import type { Metrics } from '../metrics.js';
import { withRoles, type Db } from './db.js';
import { openPostgres } from './postgres.js';
import type { WritePositions } from './write-positions.js';

export type { Db, Tx, TxOptions, DbHealth } from './db.js';
export { migrate, pendingMigrations } from './migrate.js';
export type { WritePositions } from './write-positions.js';

/** Write positions need sharing with reads to route (replicas) and a Redis to share them through. */
export const sharesWritePositions = (config: Config) => config.database.replicaUrls.length > 0 && usesRedis(config);

export interface OpenDbOptions {
  /** An idle pooled connection failed. */
  onError?: (error: Error, pool: string) => void;
  /** Replica health (kheti_db_replica_up, kheti_db_replica_lag_bytes), set after each check. */
  metrics?: Pick<Metrics, 'replicaLag' | 'replicaUp'>;
  /**
   * Users' write positions known to every process of the deployment (read-your-writes whichever
   * process serves the next read). Used only with replicas; the database closes it.
   */
  writePositions?: WritePositions;
}

/** PostgreSQL when DATABASE_URL is set, else PGlite under DATA_DIR. */
export async function openDb(config: Config, options: OpenDbOptions = {}): Promise<Db> {
  // PGlite (PostgreSQL in WebAssembly) is loaded only in embedded mode: a server on PostgreSQL
  // would otherwise carry its module in every process.
  const engine = isEmbeddedDatabase(config)
    ? await (await import('./pglite.js')).openPglite(config.dataDir)
    : await openPostgres({
        url: config.database.url!,
        replicaUrls: config.database.replicaUrls,
        poolMax: config.database.poolMax,
        pipelineConnections: config.database.pipelineConnections,
        replicaMaxLagBytes: config.database.replicaMaxLagBytes,
        writePositions: options.writePositions,
        replicaGauges: options.metrics,
        onError: options.onError,
      });
  return withRoles(engine);
}
