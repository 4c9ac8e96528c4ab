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
    const page: { items: { id: string }[]; nextCursor: string | null } = (
      await app.inject({ url: `/v1/farmers?limit=200${cursor ? `&cursor=${cursor}` : ''}`, headers: bearer(tokens) })
    ).json();
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
      assert.deepEqual(
        next.changes.map((c: Change) => [c.op, c.id]),
        [
          ['delete', ids[3]],
          ['upsert', added.id],
        ],
      );
      await replay(t.app, tenant.tokens, store, cursor);
      assert.deepEqual(store, await serverFarmers(t.app, tenant.tokens));

      const theirs = await replay(t.app, other.tokens);
      assert.deepEqual(
        [...theirs.store.values()].map((f) => (f as { name: string }).name),
        ['Other tenant farmer'],
      );
    });

    it('replays farms, fields, crop cycles and soil tests too, with cascaded deletions as tombstones', async () => {
      const api = async (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>) => {
        const response = await t.app.inject({ method, url, headers: bearer(tenant.tokens), ...(payload ? { payload } : {}) });
        assert.ok(response.statusCode < 300, `${method} ${url}: ${response.body}`);
        return response.statusCode === 204 ? undefined : response.json();
      };
      const square = (lat: number, lon: number) => ({
        type: 'Polygon',
        coordinates: [
          [
            [lon, lat],
            [lon + 0.001, lat],
            [lon + 0.001, lat + 0.001],
            [lon, lat + 0.001],
            [lon, lat],
          ],
        ],
      });
      const farmer = await api('POST', '/v1/farmers', { name: 'Registry Farmer', state: 'Punjab' });
      const keep = await api('POST', '/v1/farms', { farmerId: farmer.id, name: 'Home farm' });
      const drop = await api('POST', '/v1/farms', { farmerId: farmer.id, name: 'Leased farm' });
      const field = await api('POST', '/v1/fields', { farmId: keep.id, name: 'North', boundary: square(30.9, 75.8) });
      const gone = await api('POST', '/v1/fields', { farmId: drop.id, name: 'Leased', boundary: square(30.91, 75.81) });
      const cycle = await api('POST', `/v1/fields/${field.id}/crop-cycles`, { crop: 'wheat', season: 'rabi', sowingDate: '2026-11-10' });
      await api('POST', `/v1/fields/${gone.id}/crop-cycles`, { crop: 'wheat', season: 'rabi', sowingDate: '2026-11-12' });
      const soil = await api('POST', `/v1/fields/${field.id}/soil-tests`, { sampledOn: '2026-10-01', ph: 7.8, oc: 0.45 });
      await api('PATCH', `/v1/fields/${field.id}`, { name: 'North block' });
      await api('DELETE', `/v1/farms/${drop.id}`);

      const { store } = await replay(t.app, tenant.tokens);
      const get = async (url: string) => (await t.app.inject({ url, headers: bearer(tenant.tokens) })).json();
      assert.deepEqual(store.get(`farms:${keep.id}`), await get(`/v1/farms/${keep.id}`));
      assert.deepEqual(store.get(`fields:${field.id}`), await get(`/v1/fields/${field.id}`));
      assert.equal((store.get(`fields:${field.id}`) as { name: string }).name, 'North block');
      assert.deepEqual(store.get(`crop_cycles:${cycle.id}`), await get(`/v1/crop-cycles/${cycle.id}`));
      assert.deepEqual(store.get(`soil_tests:${soil.id}`), await get(`/v1/soil-tests/${soil.id}`));
      const left = [...store.keys()].filter((key) => key.includes(drop.id) || key.includes(gone.id));
      assert.deepEqual(left, [], 'the deleted farm and everything under it are gone from the replica');
      const kinds = new Set([...store.keys()].map((key) => key.split(':')[0]));
      assert.deepEqual([...kinds].sort(), ['crop_cycles', 'farmers', 'farms', 'fields', 'soil_tests']);
      const cyclesOfDropped = [...store.entries()].filter(
        ([key, value]) => key.startsWith('crop_cycles:') && (value as { fieldId: string }).fieldId === gone.id,
      );
      assert.deepEqual(cyclesOfDropped, []);
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
