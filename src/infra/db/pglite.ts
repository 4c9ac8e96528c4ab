import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { setupStatement, type DbHealth, type Engine, type QueryResult, type Row, type Tx, type TxOptions, type TxSetup } from './db.js';

/**
 * Embedded mode: PGlite (PostgreSQL compiled to WebAssembly) kept on disk under DATA_DIR.
 * PGlite is one single-user backend inside this process, so a lock file keeps a second Kheti
 * process (say `kheti seed` while `kheti serve` runs) from opening the same files.
 */
export async function openPglite(dataDir: string): Promise<Engine> {
  const dir = resolve(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const lockFile = acquireLock(resolve(dataDir, 'pglite.lock'));
  let pg: PGlite;
  try {
    pg = await PGlite.create(dir);
  } catch (error) {
    rmSync(lockFile, { force: true });
    throw error;
  }

  const asTx = (q: Pick<PGlite, 'query' | 'exec'>): Tx => ({
    async exec(script: string) {
      await q.exec(script);
    },
    async query<R extends object = Row>(text: string, params?: unknown[]): Promise<QueryResult<R>> {
      const result = await q.query<R>(text, params);
      // PGlite reports affectedRows 0 for a SELECT; pg counts the rows returned, and so do we.
      return { rows: result.rows, rowCount: result.rows.length || (result.affectedRows ?? 0) };
    },
  });

  return {
    mode: 'embedded',
    async transaction<T>(work: (tx: Tx) => Promise<T>, options?: TxOptions, setup?: TxSetup) {
      return pg.transaction(async (t) => {
        if (options?.readOnly) await t.query('SET TRANSACTION READ ONLY');
        if (setup) await t.query(setupStatement(setup));
        return work(asTx(t));
      });
    },
    async session<T>(work: (tx: Tx) => Promise<T>) {
      return work(asTx(pg));
    },
    async check(): Promise<DbHealth> {
      const started = performance.now();
      try {
        await pg.query('SELECT 1');
        return { primary: { ok: true, latencyMs: performance.now() - started }, replicas: [] };
      } catch (error) {
        return { primary: { ok: false, error: (error as Error).message }, replicas: [] };
      }
    },
    poolStats: () => [],
    async close() {
      try {
        await pg.close();
      } finally {
        rmSync(lockFile, { force: true });
      }
    },
  };
}

function acquireLock(lockFile: string): string {
  mkdirSync(join(lockFile, '..'), { recursive: true });
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
    return lockFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = Number(readFileSync(lockFile, 'utf8'));
  if (holder && holder !== process.pid && isAlive(holder)) {
    throw new Error(
      `The embedded database in ${lockFile.replace(/pglite\.lock$/, '')} is in use by process ${holder}. ` +
        'Stop that Kheti process first, or point DATA_DIR elsewhere.',
    );
  }
  // A lock left by a process that died: take it over.
  writeFileSync(lockFile, String(process.pid));
  return lockFile;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
