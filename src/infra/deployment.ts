import { usesRedis, type Config } from '../config.js';
import type { Db } from './db/index.js';
import { DEFAULT_NAMESPACE, namespaceOf } from './redis.js';

/**
 * The database has not been migrated that far yet: no such table (undefined_table), or, on a
 * database never migrated in a fresh cluster (PGlite), not even the application roles (undefined_object).
 */
const NOT_MIGRATED = new Set(['42P01', '42704']);

/**
 * This deployment's id: a random UUID made once by migration 0012 and kept in its database, so
 * every process of the deployment (API, worker, CLI) reads the same one. Read on the primary: a
 * replica may not have replayed the migration yet.
 */
export async function deploymentId(db: Db): Promise<string> {
  try {
    const { rows } = await db.platform((tx) => tx.query<{ id: string }>('SELECT id FROM deployment'));
    if (rows[0]) return rows[0].id;
  } catch (error) {
    if (!NOT_MIGRATED.has((error as { code?: string }).code ?? '')) throw error;
  }
  throw new Error(
    'The database has no deployment id yet, from which the Redis namespace is derived: run `kheti migrate` first (or set REDIS_KEY_PREFIX)',
  );
}

/**
 * The namespace of everything this deployment keeps in Redis: job queues, cache entries and their
 * locks, pub/sub channels, rate-limit counters. The first of: `given` (tests give each run its
 * own), REDIS_KEY_PREFIX, or `kheti:<first 12 hex digits of the deployment id>`. The default
 * differs between deployments on different databases without any configuration; a shared `kheti`
 * let one deployment's worker take another's jobs, find nothing of its own and report success.
 * Without Redis nothing is kept there, so the database is not asked.
 */
export async function redisNamespace(config: Config, db: Db, given?: string): Promise<string> {
  const chosen = given || config.redis.keyPrefix;
  if (chosen) return namespaceOf(chosen);
  if (!usesRedis(config)) return DEFAULT_NAMESPACE;
  return `${DEFAULT_NAMESPACE}:${(await deploymentId(db)).replaceAll('-', '').slice(0, 12)}`;
}
