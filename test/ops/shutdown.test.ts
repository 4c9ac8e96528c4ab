import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyPluginAsync } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { buildApp } from '../../src/app.js';
import { migrate, openDb } from '../../src/infra/db/index.js';
import { storageModes } from '../support/storage-modes.js';

for (const mode of storageModes) {
  describe(`graceful shutdown (${mode.name})`, () => {
    it('finishes the request in flight, writes its row, and only then closes the database', async () => {
      const { config, cleanup } = await mode.setup({ PORT: '0' });
      const tenantId = uuidv7();
      const rowId = uuidv7();
      const slowWrite: FastifyPluginAsync = async (app) => {
        app.post('/probe/slow-write', { config: { permission: 'public' } }, async () => {
          await new Promise((resolve) => setTimeout(resolve, 500));
          await app.resources.db.tenant(tenantId, (tx) =>
            tx.query(`INSERT INTO audit_events (id, tenant_id, action) VALUES ($1, $2, 'written during shutdown')`, [rowId, tenantId]),
          );
          return { written: rowId };
        });
      };
      try {
        const app = await buildApp(config, { plugins: [slowWrite], redisPrefix: `test-${uuidv7()}` });
        await migrate(app.resources.db);
        await app.resources.db.platform((tx) =>
          tx.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, 'shut', 'Shutdown FPO')`, [tenantId]),
        );
        await app.listen({ port: 0, host: '127.0.0.1' });
        const { port } = app.server.address() as { port: number };

        const inFlight = fetch(`http://127.0.0.1:${port}/probe/slow-write`, { method: 'POST' });
        await new Promise((resolve) => setTimeout(resolve, 150));
        app.shuttingDown = true;
        const closed = app.close();
        const response = await inFlight;
        assert.equal(response.status, 200);
        assert.deepEqual(await response.json(), { written: rowId });
        await closed;

        const db = await openDb(config);
        try {
          const { rows } = await db.platform((tx) =>
            tx.query<{ action: string }>('SELECT action FROM audit_events WHERE id = $1', [rowId]),
          );
          assert.deepEqual(rows, [{ action: 'written during shutdown' }]);
        } finally {
          await db.close();
        }
      } finally {
        await cleanup();
      }
    });
  });
}
