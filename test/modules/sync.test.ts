import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, type TestApp } from '../support/app.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

interface Change {
  entity: string;
  id: string;
  op: 'upsert' | 'delete';
  data?: { version: number };
}

/** What an offline client does: pull every batch from a cursor and apply it to a local store. */
async function replay(app: FastifyInstance, tokens: TokenSet, store = new Map<string, unknown>(), since?: string) {
  let cursor = since;
  for (let batches = 0; batches < 1000; batches++) {
    const response = await app.inject({ url: `/v1/sync?limit=3${cursor ? `&since=${cursor}` : ''}`, headers: bearer(tokens) });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json() as { changes: Change[]; nextCursor: string; hasMore: boolean };
    for (const change of body.changes) {
      if (change.op === 'delete') store.delete(`${change.entity}:${change.id}`);
      else store.set(`${change.entity}:${change.id}`, change.data);
    }
    cursor = body.nextCursor;
    if (!body.hasMore) return { store, cursor };
  }
  throw new Error('sync did not finish');
}

/** The server's visible state of the farmers, through the ordinary API. */
async function serverFarmers(app: FastifyInstance, tokens: TokenSet) {
  const state = new Map<string, unknown>();
  let cursor: string | null = null;
  do {
    const page: { items: { id: string }[]; nextCursor: string | null } = (await app.inject({ url: `/v1/farmers?limit=200${cursor ? `&cursor=${cursor}` : ''}`, headers: bearer(tokens) })).json();
    for (const farmer of page.items) state.set(`farmers:${farmer.id}`, farmer);
    cursor = page.nextCursor;
  } while (cursor);
  return state;
}

for (const mode of storageModes) {
  describe(`offline sync (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let other: TestTenant;
    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
      other = await createTenant(t.app);
    });
    after(async () => t?.close());

    const post = (tokens: TokenSet, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/v1/farmers', headers: bearer(tokens), payload }).then((r) => r.json());

    it('replaying from the start reproduces the visible state, deletions included, and nothing of other tenants', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await post(tenant.tokens, { name: `Farmer ${i}`, state: 'Gujarat' })).id);
      await post(other.tokens, { name: 'Other tenant farmer', state: 'Gujarat' });
      await t.app.inject({ method: 'PATCH', url: `/v1/farmers/${ids[1]}`, headers: bearer(tenant.tokens), payload: { village: 'Anand' } });
      await t.app.inject({ method: 'PATCH', url: `/v1/farmers/${ids[1]}`, headers: bearer(tenant.tokens), payload: { village: 'Nadiad' } });
      await t.app.inject({ method: 'DELETE', url: `/v1/farmers/${ids[2]}`, headers: bearer(tenant.tokens) });

      const { store, cursor } = await replay(t.app, tenant.tokens);
      assert.deepEqual(store, await serverFarmers(t.app, tenant.tokens));
      assert.equal((store.get(`farmers:${ids[1]}`) as { village: string }).village, 'Nadiad');
      assert.ok(!store.has(`farmers:${ids[2]}`));

      // Incremental: only what happened since the cursor, a deletion arriving as a tombstone.
      await t.app.inject({ method: 'DELETE', url: `/v1/farmers/${ids[3]}`, headers: bearer(tenant.tokens) });
      const added = await post(tenant.tokens, { name: 'Late arrival', state: 'Gujarat' });
      const next = (await t.app.inject({ url: `/v1/sync?since=${cursor}`, headers: bearer(tenant.tokens) })).json();
      assert.deepEqual(next.changes.map((c: Change) => [c.op, c.id]), [['delete', ids[3]], ['upsert', added.id]]);
      await replay(t.app, tenant.tokens, store, cursor);
      assert.deepEqual(store, await serverFarmers(t.app, tenant.tokens));

      const theirs = await replay(t.app, other.tokens);
      assert.deepEqual([...theirs.store.values()].map((f) => (f as { name: string }).name), ['Other tenant farmer']);
    });

    it('a farmer replays only their own record', async () => {
      const member = await addMember(t.app, tenant, 'farmer');
      const own = await post(tenant.tokens, { name: 'My own record', state: 'Gujarat', userId: member.user.id });
      await post(tenant.tokens, { name: 'Not mine', state: 'Gujarat' });
      const { store } = await replay(t.app, member.tokens);
      assert.deepEqual([...store.keys()], [`farmers:${own.id}`]);
    });

    it('refuses a cursor it did not hand out', async () => {
      const response = await t.app.inject({ url: '/v1/sync?since=garbage', headers: bearer(tenant.tokens) });
      assert.equal(response.statusCode, 422);
    });
  });
}
