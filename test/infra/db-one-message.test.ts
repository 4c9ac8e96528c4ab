import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { migrate, openDb, type Db } from '../../src/infra/db/index.js';
import { inlineParameters } from '../../src/infra/db/literals.js';
import { storageModes } from '../support/storage-modes.js';

/**
 * A transaction's opening travels with its first statement, the statement's parameters written in
 * as literals when that is safe (src/infra/db/literals.ts), and a read-only transaction's COMMIT
 * is not waited for. None of it may change what a statement means, let a value become SQL, or
 * leave anything on the connection after the transaction: behind PgBouncer in transaction mode
 * the next transaction on that server connection may be anyone's. One connection (pool of 1)
 * makes "the next transaction" certain here.
 */
for (const mode of storageModes) {
  describe(`transactions opened in one message (${mode.name})`, () => {
    let db: Db;
    let cleanup: () => Promise<void>;
    const tenantA = uuidv7();
    const tenantB = uuidv7();

    before(async () => {
      const setup = await mode.setup({ DATABASE_POOL_MAX: '1' });
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

    /** What the connection carries outside any transaction: role, settings, prepared statements. */
    const leftOnConnection = () =>
      db.session(async (tx) => {
        const { rows } = await tx.query<Record<string, unknown>>(
          `SELECT current_user AS "user", session_user AS "session", current_setting('app.tenant_id', true) AS tenant,
                  current_setting('app.farmer_user_id', true) AS farmer, current_setting('transaction_read_only') AS "readOnly",
                  (SELECT count(*)::int FROM pg_prepared_statements) AS prepared`,
        );
        return rows[0]!;
      });
    const clean = async (why: string) => {
      const left = await leftOnConnection();
      assert.equal(left.user, left.session, `${why}: the role switch outlived its transaction`);
      assert.ok(left.tenant === '' || left.tenant === null, `${why}: app.tenant_id outlived its transaction (${left.tenant})`);
      assert.ok(left.farmer === '' || left.farmer === null, `${why}: app.farmer_user_id outlived its transaction`);
      assert.equal(left.readOnly, 'off', `${why}: READ ONLY outlived its transaction`);
      assert.equal(left.prepared, 0, `${why}: a prepared statement was left on the connection`);
    };

    it('reads, writes and failures leave nothing on the connection, and the next tenant sees only its own rows', async () => {
      const actions = (tenant: string) =>
        db.tenant(
          tenant,
          async (tx) => (await tx.query<{ action: string }>('SELECT action FROM audit_events WHERE tenant_id = $1', [tenant])).rows,
          { readOnly: true },
        );
      // Read-only: the caller has its rows before COMMIT is answered; the next transaction queues behind it.
      const [a, b] = await Promise.all([actions(tenantA), actions(tenantB)]);
      assert.deepEqual(
        a.map((r) => r.action),
        ['test.a'],
      );
      assert.deepEqual(
        b.map((r) => r.action),
        ['test.b'],
      );
      assert.deepEqual(
        await db.tenant(tenantB, async (tx) => (await tx.query('SELECT * FROM audit_events WHERE tenant_id = $1', [tenantA])).rows),
        [],
      );
      await clean('after reads');

      const id = uuidv7();
      await db.tenant(
        tenantA,
        (tx) => tx.query(`INSERT INTO audit_events (id, tenant_id, action) VALUES ($1, $2, 'written')`, [id, tenantA]),
        { farmerUserId: uuidv7() },
      );
      const written = await db.platform((tx) => tx.query('SELECT 1 FROM audit_events WHERE id = $1', [id]), {
        readOnly: true,
        primaryOnly: true,
      });
      assert.equal(written.rowCount, 1, 'a write is committed before its transaction returns');
      await clean('after a write');

      await assert.rejects(
        db.tenant(tenantA, (tx) => tx.query('SELECT no_such_column FROM audit_events WHERE id = $1', [id])),
        /no_such_column/,
      );
      await assert.rejects(
        db.tenant(tenantA, (tx) => tx.query('SELECT no_such_column FROM audit_events WHERE id = $1', [id]), { readOnly: true }),
        /no_such_column/,
      );
      await clean('after failures in the first statement');
      assert.equal((await actions(tenantA)).length, 2, 'the connection still serves after a failure');
    });

    it('a one-statement transaction commits in its one message, reads under its tenant, and refuses a second statement', async () => {
      const actions = (tenant: string) =>
        db.tenant(
          tenant,
          async (tx) => (await tx.query<{ action: string }>('SELECT action FROM audit_events WHERE action LIKE $1', ['test.%'])).rows,
          { readOnly: true, oneStatement: true },
        );
      const [a, b] = await Promise.all([actions(tenantA), actions(tenantB)]);
      assert.deepEqual(
        a.map((r) => r.action),
        ['test.a'],
        'row-level security holds in the one message',
      );
      assert.deepEqual(
        b.map((r) => r.action),
        ['test.b'],
      );
      await clean('after one-statement reads');

      const id = uuidv7();
      await db.tenant(tenantA, (tx) => tx.query(`INSERT INTO audit_events (id, tenant_id, action) VALUES ($1, $2, 'one')`, [id, tenantA]), {
        oneStatement: true,
      });
      const written = await db.platform((tx) => tx.query('SELECT 1 FROM audit_events WHERE id = $1', [id]), { readOnly: true });
      assert.equal(written.rowCount, 1, 'a one-statement write is committed before it returns');
      await clean('after a one-statement write');

      await assert.rejects(
        db.tenant(tenantA, (tx) => tx.query('SELECT no_such_column FROM audit_events WHERE id = $1', [id]), {
          readOnly: true,
          oneStatement: true,
        }),
        /no_such_column/,
      );
      await clean('after a failed one-statement read');

      if (mode.name === 'postgres') {
        await assert.rejects(
          db.tenant(
            tenantA,
            async (tx) => {
              await tx.query('SELECT 1 FROM audit_events WHERE id = $1', [id]);
              await tx.query('SELECT 2');
            },
            { readOnly: true, oneStatement: true },
          ),
          /second statement/,
        );
        await clean('after a refused second statement');
      }
    });

    it('a value never becomes SQL: hostile strings are matched as data and the role stays', async () => {
      const hostile = [
        "x'; SET ROLE postgres; SELECT '",
        "x'); DELETE FROM audit_events; --",
        "'' OR ''=''",
        "\\'; SELECT 1; --",
        'a\u0000b',
        '$1',
        "O'Brien",
      ];
      for (const value of hostile) {
        const result = await db
          .tenant(
            tenantA,
            async (tx) =>
              (
                await tx.query<{ role: string; n: number; echo: string | null }>(
                  `SELECT current_user AS role, (SELECT count(*)::int FROM audit_events WHERE action = $1) AS n,
                        CASE WHEN $2::text IS NULL THEN NULL ELSE $2 END AS echo`,
                  [value, value.includes('\u0000') ? null : value],
                )
              ).rows[0]!,
            { readOnly: true },
          )
          .catch((error: Error) => ({ error: error.message }));
        if ('error' in result) {
          assert.match(result.error, /0x00|null character|invalid byte sequence/, `only the NUL may be refused, by PostgreSQL: ${value}`);
          continue;
        }
        assert.deepEqual(result, { role: 'kheti_app', n: 0, echo: value.includes('\u0000') ? null : value }, JSON.stringify(value));
      }
      const count = await db.platform((tx) => tx.query('SELECT 1 FROM audit_events'), { readOnly: true });
      assert.ok(count.rowCount >= 2, 'nothing was deleted');
      await clean('after hostile values');
    });

    if (mode.name === 'postgres') {
      it('a statement with literals means what it means with parameters, for any string, number or boolean', async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(
              fc.string(),
              fc.string({ unit: 'binary' }),
              fc.double({ noNaN: true, noDefaultInfinity: true }),
              fc.integer(),
              fc.boolean(),
            ),
            async (value) => {
              const text = `SELECT $1::text AS v, x.v = $2 AS same, x.v < $3 AS before, $4::text IS NULL AS none
                              FROM (VALUES ('0.5'::text)) AS x(v)`;
              const inlined = inlineParameters(text, [value, value, value, value]);
              if (inlined === undefined) return; // sent as a parameter: nothing to compare
              if (typeof value === 'string' && value.includes('\u0000')) return;
              const [asParameter, asLiteral] = await Promise.all([
                db.session((tx) => tx.query(text, [value, value, value, value])),
                db.session((tx) => tx.query(inlined)),
              ]);
              assert.deepEqual(asLiteral.rows, asParameter.rows);
            },
          ),
          { numRuns: 300 },
        );
      });
    }

    it('refuses a farmer user id that is not a UUID before it reaches SQL', async () => {
      await assert.rejects(
        db.tenant(tenantA, async () => 1, { farmerUserId: "x', true); SET ROLE postgres; --" }),
        /must be a UUID/,
      );
    });
  });
}

describe('statement text with parameters written in', () => {
  it('writes in strings, numbers, booleans and null, and leaves quoted text alone', () => {
    assert.equal(
      inlineParameters(`SELECT * FROM t WHERE a = $1 AND b = $2 AND c = '$1' AND d = $10 AND e = $3`, [
        "it's",
        5,
        null,
        4,
        5,
        6,
        7,
        8,
        9,
        true,
      ]),
      `SELECT * FROM t WHERE a = 'it''s' AND b = '5' AND c = '$1' AND d = 'true' AND e = NULL`,
    );
  });
  it('sends the parameters apart when it cannot be sure', () => {
    assert.equal(inlineParameters('SELECT $1', ['back\\slash']), undefined);
    assert.equal(inlineParameters('SELECT $1', [new Date()]), undefined);
    assert.equal(inlineParameters('SELECT $1', [[1, 2]]), undefined);
    assert.equal(inlineParameters('SELECT $1', [{ a: 1 }]), undefined);
    assert.equal(inlineParameters('SELECT $1', [Number.NaN]), undefined);
    assert.equal(inlineParameters('SELECT $1 -- note', ['a']), undefined);
    assert.equal(inlineParameters('SELECT $1 /* note */', ['a']), undefined);
    assert.equal(inlineParameters('SELECT $1; SELECT 2', ['a']), undefined);
    assert.equal(inlineParameters('SELECT $body$ x $body$, $1', ['a']), undefined);
    assert.equal(inlineParameters("SELECT E'\\n', $1", ['a']), undefined);
    assert.equal(inlineParameters('SELECT $2', ['a']), undefined);
    assert.equal(inlineParameters('SELECT $1, $1', ['a']), undefined);
  });
});
