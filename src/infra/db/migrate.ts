import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Engine } from './db.js';

/** Both src/infra/db and dist/infra/db sit three levels below the package root. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

// Any fixed number works, as long as every Kheti process uses the same one.
const MIGRATION_LOCK = 4_823_775_301;

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.slice(5, -4),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

/**
 * Applies pending forward-only migrations, each in its own transaction, under a session advisory
 * lock so that replicas of the API starting at once apply each migration exactly once.
 * An applied migration whose file has since changed stops everything: history is not rewritten.
 */
export async function migrate(engine: Engine, migrations = readMigrations()): Promise<string[]> {
  // The advisory lock is re-entrant within one session, and PGlite has only one: calls within this
  // process queue up here first.
  const previous = inProcess.get(engine) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => migrateLocked(engine, migrations));
  inProcess.set(engine, run);
  return run;
}

const inProcess = new WeakMap<Engine, Promise<unknown>>();

async function migrateLocked(engine: Engine, migrations: Migration[]): Promise<string[]> {
  return engine.session(async (session) => {
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await session.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version text PRIMARY KEY,
        name text NOT NULL,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now())`);
      const { rows } = await session.query<{ version: string; checksum: string }>('SELECT version, checksum FROM schema_migrations');
      const applied = new Map(rows.map((r) => [r.version, r.checksum]));
      const done: string[] = [];
      for (const migration of migrations) {
        const checksum = applied.get(migration.version);
        if (checksum !== undefined) {
          if (checksum !== migration.checksum) {
            throw new Error(
              `migration ${migration.version}_${migration.name} was changed after it was applied; add a new migration instead`,
            );
          }
          continue;
        }
        await session.query('BEGIN');
        try {
          await session.exec(migration.sql);
          await session.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
            migration.version,
            migration.name,
            migration.checksum,
          ]);
          await session.query('COMMIT');
        } catch (error) {
          await session.query('ROLLBACK');
          throw new Error(`migration ${migration.version}_${migration.name} failed: ${(error as Error).message}`);
        }
        done.push(`${migration.version}_${migration.name}`);
      }
      return done;
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}

export async function pendingMigrations(engine: Engine, migrations = readMigrations()): Promise<string[]> {
  const applied = await engine.session(async (session) => {
    const { rows } = await session.query<{ exists: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS exists`);
    if (!rows[0]?.exists) return new Set<string>();
    const result = await session.query<{ version: string }>('SELECT version FROM schema_migrations');
    return new Set(result.rows.map((r) => r.version));
  });
  return migrations.filter((m) => !applied.has(m.version)).map((m) => `${m.version}_${m.name}`);
}
