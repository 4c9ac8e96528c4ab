import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { migrate, openDb, pendingMigrations, type Db } from '../../src/infra/db/index.js';
import { readMigrations } from '../../src/infra/db/migrate.js';
import { storageModes } from '../support/storage-modes.js';

for (const mode of storageModes) {
  describe(`database (${mode.name})`, () => {
    let db: Db;
    let cleanup: () => Promise<void>;
    const tenantA = uuidv7();
    const tenantB = uuidv7();

    before(async () => {
      const setup = await mode.setup();
      cleanup = setup.cleanup;
      db = await openDb(setup.config);
      await migrate(db);
      await db.platform(async (tx) => {
        await tx.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, 'alpha', 'Alpha FPO'), ($2, 'beta', 'Beta FPO')`, [
          tenantA,
          tenantB,
        ]);
        await tx.query(`INSERT INTO audit_events (id, tenant_id, action) VALUES ($1, $2, 'test.a'), ($3, $4, 'test.b')`, [
          uuidv7(),
          tenantA,
          uuidv7(),
          tenantB,
        ]);
      });
    });
    after(async () => {
      await db?.close();
      await cleanup?.();
    });

    it('concurrent migrations apply each migration exactly once', async () => {
      const fresh = await mode.setup();
      // PGlite serves one process, so "concurrent" there means two calls on one engine.
      const first = await openDb(fresh.config);
      const second = mode.name === 'postgres' ? await openDb(fresh.config) : first;
      try {
        const [a, b] = await Promise.all([migrate(first), migrate(second)]);
        assert.deepEqual(await pendingMigrations(first), []);
        assert.deepEqual(
          [...a, ...b].sort(),
          readMigrations().map((m) => `${m.version}_${m.name}`),
        );
        const { rows } = await first.transaction((tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations'));
        assert.equal(rows[0]!.n, readMigrations().length);
      } finally {
        await first.close();
        if (second !== first) await second.close();
        await fresh.cleanup();
      }
    });

    it('applies migrations once and has none pending afterwards', async () => {
      assert.deepEqual(await migrate(db), []);
      assert.deepEqual(await pendingMigrations(db), []);
    });

    it('the connection is a superuser, so isolation below holds only through the role switch', async () => {
      const { rows } = await db.transaction((tx) =>
        tx.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user'),
      );
      assert.equal(rows[0]!.rolsuper, true, 'tests connect as a superuser, which bypasses RLS unless the role switches');
      const everything = await db.transaction((tx) => tx.query('SELECT 1 FROM audit_events'));
      assert.ok(everything.rowCount >= 2, 'as the superuser itself every tenant is visible');
    });

    it("row-level security: a tenant reading another tenant's row gets nothing", async () => {
      const rows = await db.tenant(tenantA, async (tx) => {
        const own = await tx.query<{ action: string }>('SELECT action FROM audit_events');
        const other = await tx.query('SELECT * FROM audit_events WHERE tenant_id = $1', [tenantB]);
        const otherTenant = await tx.query('SELECT * FROM tenants WHERE id = $1', [tenantB]);
        return { own: own.rows.map((r) => r.action), other: other.rowCount, otherTenant: otherTenant.rowCount };
      });
      assert.deepEqual(rows, { own: ['test.a'], other: 0, otherTenant: 0 });
    });

    it('row-level security: a tenant cannot write a row into another tenant', async () => {
      await assert.rejects(
        db.tenant(tenantA, (tx) =>
          tx.query(`INSERT INTO audit_events (id, tenant_id, action) VALUES ($1, $2, 'forged')`, [uuidv7(), tenantB]),
        ),
        /row-level security/,
      );
      const count = await db.platform((tx) => tx.query(`SELECT 1 FROM audit_events WHERE action = 'forged'`));
      assert.equal(count.rowCount, 0);
    });

    it('without a tenant the application role sees no tenant rows at all', async () => {
      const result = await db.transaction(async (tx) => {
        await tx.query(`SELECT set_config('role', 'kheti_app', true)`);
        return tx.query('SELECT * FROM audit_events');
      });
      assert.equal(result.rowCount, 0);
    });

    it('the application role cannot read platform users', async () => {
      await assert.rejects(
        db.tenant(tenantA, (tx) => tx.query('SELECT * FROM users')),
        /permission denied/,
      );
    });

    it('rolls back a failed transaction completely', async () => {
      const id = uuidv7();
      await assert.rejects(
        db.tenant(tenantA, async (tx) => {
          await tx.query(`INSERT INTO audit_events (id, tenant_id, action) VALUES ($1, $2, 'half')`, [id, tenantA]);
          throw new Error('boom');
        }),
        /boom/,
      );
      const left = await db.platform((tx) => tx.query('SELECT 1 FROM audit_events WHERE id = $1', [id]));
      assert.equal(left.rowCount, 0);
    });

    it('refuses a tenant id that is not a UUID', async () => {
      await assert.rejects(
        db.tenant('alpha', async () => 1),
        /must be a UUID/,
      );
    });

    it('a read-only transaction cannot write', async () => {
      await assert.rejects(
        db.tenant(tenantA, (tx) => tx.query(`UPDATE tenants SET name = 'x'`), { readOnly: true }),
        /read-only/,
      );
    });
  });
}
