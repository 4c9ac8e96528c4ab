import { isEmbeddedDatabase, type Config } from '../../config.js';
import { withRoles, type Db } from './db.js';
import { openPostgres } from './postgres.js';

export type { Db, Tx, TxOptions, DbHealth } from './db.js';
export { migrate, pendingMigrations } from './migrate.js';

/** PostgreSQL when DATABASE_URL is set, else PGlite under DATA_DIR. */
export async function openDb(config: Config, onError?: (error: Error, pool: string) => void): Promise<Db> {
  // PGlite (PostgreSQL in WebAssembly) is loaded only in embedded mode: a server on PostgreSQL
  // would otherwise carry its module in every process.
  const engine = isEmbeddedDatabase(config)
    ? await (await import('./pglite.js')).openPglite(config.dataDir)
    : await openPostgres({
        url: config.database.url!,
        replicaUrls: config.database.replicaUrls,
        poolMax: config.database.poolMax,
        onError,
      });
  return withRoles(engine);
}
