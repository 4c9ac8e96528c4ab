import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { requireTenant } from '../../src/auth/principal.js';
import { checkIfMatch, etagOf, replyNotModified } from '../../src/http/etag.js';
import { answerOnce } from '../../src/http/idempotency.js';
import { decodeCursor, encodeCursor, toPage } from '../../src/http/pagination.js';
import { buildTestApp, asPrincipal, type TestApp } from '../support/app.js';
import { storageModes } from '../support/storage-modes.js';

describe('cursor pagination', () => {
  it('pages through rows with one extra row telling whether more exist', () => {
    const rows = [{ id: 1 }, { id: 2 }, { id: 3 }];
    const first = toPage(rows, 2, (r) => [r.id]);
    assert.deepEqual(first.items, [{ id: 1 }, { id: 2 }]);
    assert.deepEqual(decodeCursor(first.nextCursor!, 1), [2]);
    assert.equal(toPage(rows.slice(0, 2), 2, (r) => [r.id]).nextCursor, null);
  });

  it('round-trips composite keys and refuses forged cursors with 422', () => {
    assert.deepEqual(decodeCursor(encodeCursor(['2026-11-26T10:00:00Z', 'a1']), 2), ['2026-11-26T10:00:00Z', 'a1']);
    for (const bad of ['not-base64!', encodeCursor(['only-one']), Buffer.from('{"a":1}').toString('base64url')]) {
      assert.throws(
        () => decodeCursor(bad, 2),
        (error: { status?: number }) => error.status === 422,
      );
    }
  });
});

/** A tiny tenant-owned resource, enough to exercise the helpers end to end. */
const probes: FastifyPluginAsync = async (app) => {
  const { db } = app.resources;
  app.post(
    '/probe/events',
    { config: { permission: 'public' }, schema: { body: Type.Object({ action: Type.String(), slowMs: Type.Optional(Type.Integer()) }) } },
    async (request, reply) => {
      const { tenantId } = requireTenant(request);
      const body = request.body as { action: string; slowMs?: number };
      if (body.slowMs) await new Promise((resolve) => setTimeout(resolve, body.slowMs));
      const id = uuidv7();
      await db.tenant(tenantId, (tx) =>
        tx.query('INSERT INTO audit_events (id, tenant_id, action) VALUES ($1, $2, $3)', [id, tenantId, body.action]),
      );
      return reply.code(201).header('location', `/probe/events/${id}`).send({ id, action: body.action });
    },
  );
  // The same resource written the way the registry's creates write: the key with the write, in one transaction.
  const failedOnce = new Set<string>();
  app.post(
    '/probe/atomic-events',
    {
      config: { permission: 'public', idempotency: 'in-transaction' },
      schema: {
        body: Type.Object({ action: Type.String(), failOnce: Type.Optional(Type.Boolean()), slowMs: Type.Optional(Type.Integer()) }),
      },
    },
    async (request, reply) => {
      const { tenantId } = requireTenant(request);
      const body = request.body as { action: string; failOnce?: boolean; slowMs?: number };
      return answerOnce(request, reply, tenantId, undefined, async (tx) => {
        const id = uuidv7();
        await tx.query('INSERT INTO audit_events (id, tenant_id, action) VALUES ($1, $2, $3)', [id, tenantId, body.action]);
        if (body.slowMs) await new Promise((resolve) => setTimeout(resolve, body.slowMs));
        // A failure after the write, before the commit: as a crash there, the transaction rolls back.
        if (body.failOnce && !failedOnce.has(body.action)) {
          failedOnce.add(body.action);
          throw new Error('the transaction fails after its write');
        }
        return { status: 201, body: { id, action: body.action }, headers: { location: `/probe/events/${id}` } };
      });
    },
  );
  app.get('/probe/tenant', { config: { permission: 'public' } }, async (request, reply) => {
    const { tenantId } = requireTenant(request);
    const [row] = (await db.tenant(tenantId, (tx) => tx.query<{ name: string; version: number }>('SELECT name, version FROM tenants')))
      .rows;
    if (replyNotModified(request, reply, row!.version)) return reply;
    return row;
  });
  app.patch(
    '/probe/tenant',
    { config: { permission: 'public' }, schema: { body: Type.Object({ name: Type.String() }) } },
    async (request) => {
      const { tenantId } = requireTenant(request);
      return db.tenant(tenantId, async (tx) => {
        const current = (await tx.query<{ name: string; version: number }>('SELECT name, version FROM tenants FOR UPDATE')).rows[0]!;
        checkIfMatch(request, current.version, { current });
        const { rows } = await tx.query('UPDATE tenants SET name = $1, version = version + 1 RETURNING name, version', [
          (request.body as { name: string }).name,
        ]);
        return rows[0];
      });
    },
  );
};

for (const mode of storageModes) {
  describe(`Idempotency-Key and ETag (${mode.name})`, () => {
    let t: TestApp;
    const tenantId = uuidv7();
    const otherTenantId = uuidv7();
    const caller = asPrincipal({ tenantId });
    const countEvents = (action: string) =>
      t.app.resources.db
        .tenant(tenantId, (tx) => tx.query('SELECT 1 FROM audit_events WHERE action = $1', [action]))
        .then((r) => r.rowCount);

    before(async () => {
      t = await buildTestApp(mode, { plugins: [probes] });
      await t.app.resources.db.platform((tx) =>
        tx.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, 'idem', 'Idem FPO'), ($2, 'other', 'Other FPO')`, [
          tenantId,
          otherTenantId,
        ]),
      );
    });
    after(async () => t?.close());

    it('a retried POST with the same key returns the first answer and does the work once', async () => {
      const request = {
        method: 'POST' as const,
        url: '/probe/events',
        headers: { ...caller, 'idempotency-key': 'k-1' },
        payload: { action: 'sow' },
      };
      const first = await t.app.inject(request);
      const retry = await t.app.inject(request);
      assert.equal(first.statusCode, 201);
      assert.equal(retry.statusCode, 201);
      assert.equal(retry.body, first.body);
      assert.equal(retry.headers.location, first.headers.location);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.equal(await countEvents('sow'), 1);
    });

    it('the same key with a different body is refused with 422 and changes nothing', async () => {
      const headers = { ...caller, 'idempotency-key': 'k-2' };
      await t.app.inject({ method: 'POST', url: '/probe/events', headers, payload: { action: 'weed' } });
      const reused = await t.app.inject({ method: 'POST', url: '/probe/events', headers, payload: { action: 'harvest' } });
      assert.equal(reused.statusCode, 422);
      assert.equal(await countEvents('harvest'), 0);
    });

    it('a retry while the first request still runs gets 409 with Retry-After', async () => {
      const headers = { ...caller, 'idempotency-key': 'k-3' };
      const slow = t.app.inject({ method: 'POST', url: '/probe/events', headers, payload: { action: 'spray', slowMs: 400 } });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const concurrent = await t.app.inject({ method: 'POST', url: '/probe/events', headers, payload: { action: 'spray', slowMs: 400 } });
      assert.equal(concurrent.statusCode, 409);
      assert.ok(concurrent.headers['retry-after']);
      assert.equal((await slow).statusCode, 201);
      assert.equal(await countEvents('spray'), 1);
    });

    it('keys are per tenant: another tenant using the same key does its own work', async () => {
      const headers = { 'idempotency-key': 'k-shared' };
      await t.app.inject({ method: 'POST', url: '/probe/events', headers: { ...caller, ...headers }, payload: { action: 'plough' } });
      const other = await t.app.inject({
        method: 'POST',
        url: '/probe/events',
        headers: { ...asPrincipal({ tenantId: otherTenantId }), ...headers },
        payload: { action: 'plough' },
      });
      assert.equal(other.statusCode, 201);
      assert.equal(other.headers['idempotent-replayed'], undefined);
    });

    const keyRecords = (key: string) =>
      t.app.resources.db
        .tenant(tenantId, (tx) =>
          tx.query<{ status_code: number | null }>('SELECT status_code FROM idempotency_keys WHERE key = $1', [key]),
        )
        .then((r) => r.rows);

    it('a route that writes in one transaction stores the key with the write: a retry replays it, the write is done once', async () => {
      const request = {
        method: 'POST' as const,
        url: '/probe/atomic-events',
        headers: { ...caller, 'idempotency-key': 'a-1' },
        payload: { action: 'transplant' },
      };
      const first = await t.app.inject(request);
      assert.equal(first.statusCode, 201, first.body);
      assert.deepEqual(await keyRecords('a-1'), [{ status_code: 201 }], 'committed with the write');
      const retry = await t.app.inject(request);
      assert.equal(retry.statusCode, 201);
      assert.equal(retry.body, first.body);
      assert.equal(retry.headers.location, first.headers.location);
      assert.equal(retry.headers['content-type'], first.headers['content-type']);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.equal(await countEvents('transplant'), 1);

      const reused = await t.app.inject({ ...request, payload: { action: 'thresh' } });
      assert.equal(reused.statusCode, 422);
      assert.equal(await countEvents('thresh'), 0);
    });

    it('a transaction that fails after its write leaves neither the write nor the key: the retry writes, once', async () => {
      const request = {
        method: 'POST' as const,
        url: '/probe/atomic-events',
        headers: { ...caller, 'idempotency-key': 'a-2' },
        payload: { action: 'winnow', failOnce: true },
      };
      const failed = await t.app.inject(request);
      assert.equal(failed.statusCode, 500);
      assert.equal(await countEvents('winnow'), 0);
      assert.deepEqual(await keyRecords('a-2'), [], 'no claim outlives a write that did not commit');
      const retry = await t.app.inject(request);
      assert.equal(retry.statusCode, 201, retry.body);
      assert.equal(retry.headers['idempotent-replayed'], undefined);
      assert.equal(await countEvents('winnow'), 1);
      assert.equal((await t.app.inject(request)).headers['idempotent-replayed'], 'true');
      assert.equal(await countEvents('winnow'), 1);
    });

    it('retries racing a transaction in flight: each answer is 409 or the first answer, and the write is done once', async () => {
      const request = {
        method: 'POST' as const,
        url: '/probe/atomic-events',
        headers: { ...caller, 'idempotency-key': 'a-3' },
        payload: { action: 'glean', slowMs: 300 },
      };
      const answers = await Promise.all(Array.from({ length: 4 }, () => t.app.inject(request)));
      const created = answers.filter((answer) => answer.statusCode === 201);
      assert.ok(created.length >= 1);
      for (const answer of answers) {
        if (answer.statusCode === 409) assert.equal(answer.headers['retry-after'], '1');
        else assert.equal(answer.body, created[0]!.body, `${answer.statusCode} ${answer.body}`);
      }
      assert.equal(await countEvents('glean'), 1);
    });

    it('a claim whose request died before answering is not taken over: its work may have been done', async () => {
      const request = {
        method: 'POST' as const,
        url: '/probe/events',
        headers: { ...caller, 'idempotency-key': 'k-died' },
        payload: { action: 'mulch' },
      };
      // As a process killed between its write and its answer leaves them: the write done, the key claimed.
      await t.app.inject(request);
      await t.app.resources.db.tenant(tenantId, (tx) =>
        tx.query(
          `UPDATE idempotency_keys SET status_code = NULL, response_body = NULL, completed_at = NULL,
                  created_at = now() - interval '61 seconds' WHERE key = 'k-died'`,
        ),
      );
      const retry = await t.app.inject(request);
      assert.equal(retry.statusCode, 409);
      assert.equal(retry.json().type, '/problems/idempotency-key-interrupted');
      assert.equal(await countEvents('mulch'), 1, 'never done twice');
    });

    it('refuses a malformed key with 400', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/probe/events',
        headers: { ...caller, 'idempotency-key': 'x'.repeat(300) },
        payload: { action: 'x' },
      });
      assert.equal(response.statusCode, 400);
    });

    it('ETag on GET, 304 on If-None-Match, 412 with the current record on a stale If-Match', async () => {
      const read = await t.app.inject({ url: '/probe/tenant', headers: caller });
      assert.equal(read.headers.etag, etagOf(1));
      const notModified = await t.app.inject({ url: '/probe/tenant', headers: { ...caller, 'if-none-match': etagOf(1) } });
      assert.equal(notModified.statusCode, 304);

      const update = await t.app.inject({
        method: 'PATCH',
        url: '/probe/tenant',
        headers: { ...caller, 'if-match': etagOf(1) },
        payload: { name: 'Renamed FPO' },
      });
      assert.equal(update.statusCode, 200);
      const stale = await t.app.inject({
        method: 'PATCH',
        url: '/probe/tenant',
        headers: { ...caller, 'if-match': etagOf(1) },
        payload: { name: 'Lost update' },
      });
      assert.equal(stale.statusCode, 412);
      assert.equal(stale.headers.etag, etagOf(2));
      assert.deepEqual(stale.json().current, { name: 'Renamed FPO', version: 2 });
      const after = await t.app.inject({ url: '/probe/tenant', headers: caller });
      assert.equal(after.json().name, 'Renamed FPO');
    });
  });
}
