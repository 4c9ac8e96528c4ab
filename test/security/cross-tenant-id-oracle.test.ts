import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { fieldsWithCrops } from '../../src/modules/imagery/synthetic.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { plot } from '../support/geometry.js';
import { storageModes } from '../support/storage-modes.js';

/**
 * Offline clients choose their records' ids. Creating a record under an id that another tenant
 * already uses must answer exactly as for an id nobody uses: a 201 with the caller's own record.
 * It used to answer 409 "That id is already in use", which told anyone holding a guessed or leaked
 * id that it names a record somewhere. Registry ids are now unique per tenant.
 */
for (const mode of storageModes) {
  describe(`creating a record under another tenant's id (${mode.name})`, () => {
    let t: TestApp;
    let a: TestTenant;
    let b: TestTenant;
    before(async () => {
      t = await buildTestApp(mode);
      a = await createTenant(t.app);
      b = await createTenant(t.app);
    });
    after(async () => t?.close());

    const post = (tokens: TokenSet, url: string, payload: object, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url, headers: { ...bearer(tokens), ...headers }, payload });
    const get = (tokens: TokenSet, url: string) => t.app.inject({ url, headers: bearer(tokens) });

    /** Creates the same five records, under the same ids, in a tenant; returns the answers. */
    async function registry(tokens: TokenSet, ids: Record<'farmer' | 'farm' | 'field' | 'cycle' | 'test', string>, label: string) {
      const farmer = await post(tokens, '/v1/farmers', { id: ids.farmer, name: `${label} farmer`, state: 'Punjab' });
      const farm = await post(tokens, '/v1/farms', { id: ids.farm, farmerId: ids.farmer, name: `${label} farm` });
      const field = await post(tokens, '/v1/fields', {
        id: ids.field,
        farmId: ids.farm,
        name: `${label} field`,
        boundary: plot(30.9, 75.8),
      });
      const cycle = await post(tokens, `/v1/fields/${ids.field}/crop-cycles`, {
        id: ids.cycle,
        crop: 'wheat',
        season: 'rabi',
        sowingDate: '2025-11-10',
        variety: label,
      });
      const test = await post(tokens, `/v1/fields/${ids.field}/soil-tests`, { id: ids.test, sampledOn: '2025-10-01', ph: 6.9, lab: label });
      return { farmer, farm, field, cycle, test };
    }

    it("answers 201 with the caller's own records, as for ids nobody uses, and leaves the other tenant's alone", async () => {
      const taken = { farmer: uuidv7(), farm: uuidv7(), field: uuidv7(), cycle: uuidv7(), test: uuidv7() };
      const fresh = { farmer: uuidv7(), farm: uuidv7(), field: uuidv7(), cycle: uuidv7(), test: uuidv7() };
      const ofA = await registry(a.tokens, taken, 'A');
      const onTaken = await registry(b.tokens, taken, 'B');
      const onFresh = await registry(b.tokens, fresh, 'B');
      for (const kind of ['farmer', 'farm', 'field', 'cycle', 'test'] as const) {
        assert.equal(ofA[kind].statusCode, 201, ofA[kind].body);
        assert.equal(onFresh[kind].statusCode, 201, onFresh[kind].body);
        assert.equal(onTaken[kind].statusCode, onFresh[kind].statusCode, `${kind}: ${onTaken[kind].body}`);
        assert.equal(onTaken[kind].json().id, taken[kind]);
        assert.equal(onTaken[kind].headers.location, onFresh[kind].headers.location!.replace(fresh[kind], taken[kind]));
      }
      assert.equal(onTaken.farmer.json().name, 'B farmer');
      assert.equal(onTaken.cycle.json().variety, 'B');
      assert.equal(onTaken.test.json().lab, 'B');

      // Each tenant reads its own record under the shared id; neither sees the other's.
      for (const [tokens, label] of [
        [a.tokens, 'A'],
        [b.tokens, 'B'],
      ] as const) {
        assert.equal((await get(tokens, `/v1/farmers/${taken.farmer}`)).json().name, `${label} farmer`);
        assert.equal((await get(tokens, `/v1/farms/${taken.farm}`)).json().name, `${label} farm`);
        assert.equal((await get(tokens, `/v1/fields/${taken.field}`)).json().name, `${label} field`);
        assert.equal((await get(tokens, `/v1/crop-cycles/${taken.cycle}`)).json().variety, label);
        assert.equal((await get(tokens, `/v1/soil-tests/${taken.test}`)).json().lab, label);
        const cycles = (await get(tokens, `/v1/fields/${taken.field}/crop-cycles`)).json().items as { variety: string }[];
        assert.deepEqual(
          cycles.map((cycle) => cycle.variety),
          [label],
        );
      }

      // A retry of B's create is still a retry (200, B's record), not a second record or a conflict.
      const retry = await post(b.tokens, '/v1/farmers', { id: taken.farmer, name: 'B farmer', state: 'Punjab' });
      assert.equal(retry.statusCode, 200, retry.body);
      assert.equal(retry.json().name, 'B farmer');

      // Deleting B's farmer takes B's records along, and nothing of A's.
      assert.equal(
        (await t.app.inject({ method: 'DELETE', url: `/v1/farmers/${taken.farmer}`, headers: bearer(b.tokens) })).statusCode,
        204,
      );
      assert.equal((await get(b.tokens, `/v1/fields/${taken.field}`)).statusCode, 404);
      assert.equal((await get(a.tokens, `/v1/fields/${taken.field}`)).statusCode, 200);
      assert.equal((await get(a.tokens, `/v1/soil-tests/${taken.test}`)).statusCode, 200);
    });

    it('the offline imagery twin draws two tenants’ fields that share an id, each with its own crops', async () => {
      const ids = { farmer: uuidv7(), farm: uuidv7(), field: uuidv7() };
      for (const [tokens, crop, season] of [
        [a.tokens, 'wheat', 'rabi'],
        [b.tokens, 'paddy', 'kharif'],
      ] as const) {
        assert.equal((await post(tokens, '/v1/farmers', { id: ids.farmer, name: 'Twin', state: 'Haryana' })).statusCode, 201);
        assert.equal((await post(tokens, '/v1/farms', { id: ids.farm, farmerId: ids.farmer, name: 'Farm' })).statusCode, 201);
        const field = await post(tokens, '/v1/fields', { id: ids.field, farmId: ids.farm, name: 'Plot', boundary: plot(28.1, 77.1) });
        assert.equal(field.statusCode, 201, field.body);
        const cycle = await post(tokens, `/v1/fields/${ids.field}/crop-cycles`, { crop, season, sowingDate: '2025-07-01' });
        assert.equal(cycle.statusCode, 201, cycle.body);
      }
      const drawn = (await fieldsWithCrops(t.app.resources, [77.09, 28.09, 77.11, 28.11])).filter((f) => f.id.endsWith(ids.field));
      assert.deepEqual(drawn.map((f) => (f.crops ?? []).map((c) => c.crop)).sort(), [['paddy'], ['wheat']]);
      assert.equal(new Set(drawn.map((f) => f.id)).size, 2, 'the twin names them apart');
    });

    it("a record can only hang off its own tenant's records, even under a shared id", async () => {
      const farmerOfA = (await post(a.tokens, '/v1/farmers', { name: 'Only in A', state: 'Punjab' })).json().id as string;
      const farm = await post(b.tokens, '/v1/farms', { farmerId: farmerOfA, name: 'Hangs off A' });
      assert.equal(farm.statusCode, 422, farm.body);
      assert.deepEqual(
        (farm.json().errors as { path: string }[]).map((error) => error.path),
        ['body.farmerId'],
      );
    });

    it('the field import, which takes ids from the file, creates B’s field under an id A uses', async () => {
      const farmer = (await post(a.tokens, '/v1/farmers', { name: 'Importer A', state: 'Punjab' })).json().id as string;
      const farmA = (await post(a.tokens, '/v1/farms', { farmerId: farmer, name: 'A import farm' })).json().id as string;
      const id = (await post(a.tokens, '/v1/fields', { farmId: farmA, name: 'A imported', boundary: plot(30.7, 75.6) })).json()
        .id as string;
      const farmerB = (await post(b.tokens, '/v1/farmers', { name: 'Importer B', state: 'Punjab' })).json().id as string;
      const farmB = (await post(b.tokens, '/v1/farms', { farmerId: farmerB, name: 'B import farm' })).json().id as string;
      const imported = await t.app.inject({
        method: 'POST',
        url: `/v1/fields/import?farmId=${farmB}`,
        headers: { ...bearer(b.tokens), 'content-type': 'application/geo+json' },
        payload: JSON.stringify({
          type: 'FeatureCollection',
          features: [{ type: 'Feature', properties: { id, name: 'B imported' }, geometry: plot(30.7, 75.6) }],
        }),
      });
      assert.equal(imported.statusCode, 200, imported.body);
      const [result] = imported.json().results as { status: string; id: string }[];
      assert.equal(result!.status, 'created', imported.body);
      assert.equal((await get(b.tokens, `/v1/fields/${id}`)).json().name, 'B imported');
      assert.equal((await get(a.tokens, `/v1/fields/${id}`)).json().name, 'A imported');
    });
  });
}
