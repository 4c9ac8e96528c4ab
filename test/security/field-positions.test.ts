import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TenantStamps } from '../../src/infra/tenant-stamps.js';
import { FieldPositions } from '../../src/modules/registry/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { addMember, bearer, createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/**
 * A field's weather reads the field's position from a copy this process keeps (registry's
 * FieldPositions) while its tenant's stamp stands. Each test holds a FieldPositions of its own,
 * as another process would, over the app's database and stamps: a write made through the API
 * (in "this other process") must reach it on its very next read, never after.
 */
for (const mode of storageModes) {
  describe(`kept field positions (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    const tenantScope = () => ({ readOnly: true, consistencyKey: tenant.admin.email });

    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
    });
    after(async () => t?.close());

    const post = async (url: string, payload: Record<string, unknown>, who = tenant) => {
      const response = await t.app.inject({ method: 'POST', url, headers: bearer(who.tokens), payload });
      assert.ok(response.statusCode < 300, response.body);
      return response.json();
    };
    async function newField(lat = 19.99, lon = 73.79) {
      const farmer = await post('/v1/farmers', { name: 'Position Farmer', state: 'Maharashtra' });
      const farm = await post('/v1/farms', { farmerId: farmer.id, name: 'Farm' });
      const field = await post('/v1/fields', { farmId: farm.id, name: 'Plot', boundary: plot(lat, lon) });
      return { farmer, farm, field };
    }
    const elsewhere = () => new FieldPositions();
    const read = (positions: FieldPositions, fieldId: string, tenantId = tenant.id, options: object = tenantScope()) =>
      positions.read(t.app.resources.db, t.app.resources.tenantStamps, tenantId, fieldId, options);

    it('a boundary moved through the API moves the position at once, in a process that kept the old one', async () => {
      const { field } = await newField();
      const other = elsewhere();
      const first = await read(other, field.id);
      assert.ok(first && Math.abs(first.lat - field.centroid.lat) < 1e-9, JSON.stringify(first));
      assert.equal(other.size, 1, 'the position is kept');

      const moved = await t.app.inject({
        method: 'PATCH',
        url: `/v1/fields/${field.id}`,
        headers: { ...bearer(tenant.tokens), 'if-match': `"${field.version}"` },
        payload: { boundary: plot(21.15, 79.09) },
      });
      assert.equal(moved.statusCode, 200, moved.body);
      const now = await read(other, field.id);
      assert.ok(now && Math.abs(now.lat - moved.json().centroid.lat) < 1e-9, `moved: ${JSON.stringify(now)}`);
    });

    it('a deleted field, or one gone with its farm, is gone at once', async () => {
      const one = await newField();
      const two = await newField();
      const other = elsewhere();
      assert.ok(await read(other, one.field.id));
      assert.ok(await read(other, two.field.id));

      const deleted = await t.app.inject({ method: 'DELETE', url: `/v1/fields/${one.field.id}`, headers: bearer(tenant.tokens) });
      assert.equal(deleted.statusCode, 204, deleted.body);
      assert.equal(await read(other, one.field.id), undefined);

      const farmGone = await t.app.inject({ method: 'DELETE', url: `/v1/farms/${two.farm.id}`, headers: bearer(tenant.tokens) });
      assert.equal(farmGone.statusCode, 204, farmGone.body);
      assert.equal(await read(other, two.field.id), undefined, 'the cascade restamped the tenant too');

      const weather = await t.app.inject({ url: `/v1/fields/${one.field.id}/weather`, headers: bearer(tenant.tokens) });
      assert.equal(weather.statusCode, 404, 'and the weather route says so');
    });

    it('never answers for another tenant, nor for a farmer the policy would not show the field to', async () => {
      const { field } = await newField();
      const other = elsewhere();
      assert.ok(await read(other, field.id));
      const stranger = await createTenant(t.app);
      assert.equal(await read(other, field.id, stranger.id), undefined, 'kept for tenant A, asked by tenant B');
      const viaRoute = await t.app.inject({ url: `/v1/fields/${field.id}/weather`, headers: bearer(stranger.tokens) });
      assert.equal(viaRoute.statusCode, 404);

      const farmer = await addMember(t.app, tenant, 'farmer');
      const asFarmer = { ...tenantScope(), farmerUserId: farmer.user.id };
      assert.equal(await read(other, field.id, tenant.id, asFarmer), undefined, "another farmer's field, though kept");
      const farmerRoute = await t.app.inject({ url: `/v1/fields/${field.id}/weather`, headers: bearer(farmer.tokens) });
      assert.equal(farmerRoute.statusCode, 404);
    });

    it('without a stamp nothing is kept or trusted; a change outside tenant writes lives at most keepMs', async () => {
      const { field } = await newField();
      const noStamps: TenantStamps = { current: () => Promise.reject(new Error('stamps unreachable')) };
      const blind = new FieldPositions();
      assert.ok(await blind.read(t.app.resources.db, noStamps, tenant.id, field.id, tenantScope()));
      assert.equal(blind.size, 0, 'nothing kept without a stamp');

      let clock = Date.now();
      const timed = new FieldPositions(15_000, 100, () => clock);
      const kept = await read(timed, field.id);
      // A platform transaction (no tenant stamp) moves the field: the copy answers until keepMs.
      await t.app.resources.db.platform((tx) => tx.query('UPDATE fields SET centroid_lat = centroid_lat + 1 WHERE id = $1', [field.id]));
      assert.deepEqual(await read(timed, field.id), kept, 'the copy still answers within its bound');
      clock += 15_001;
      const after15s = await read(timed, field.id);
      assert.ok(after15s && Math.abs(after15s.lat - (kept!.lat + 1)) < 1e-9, 'and is read again past it');
    });
  });
}
