import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { testServices } from './services.js';

/** A fresh PostgreSQL database for one test file, dropped afterwards. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `kheti_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: testServices.postgresAdminUrl });
  await admin.connect().catch((error: Error) => {
    throw new Error(
      `PostgreSQL for tests is not reachable at ${testServices.postgresAdminUrl} (${error.message}). ` +
        'Start it, set KHETI_TEST_PG_ADMIN_URL, or run with KHETI_TEST_EMBEDDED_ONLY=1.',
    );
  });
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(testServices.postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: testServices.postgresAdminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A temporary DATA_DIR for embedded mode. */
export function createTempDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kheti-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
