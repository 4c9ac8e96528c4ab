import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** GET /v1/fields?q= finds fields by a part of their name; ?crop= by the crop standing on them today; ?farmerId= by owner. */
for (const mode of storageModes) {
  describe(`fields by name, crop and farmer (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    const id: Record<string, string> = {};
    let ravi: string;
    let sita: string;
    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
      const post = async (url: string, payload: Record<string, unknown>) => {
        const response = await t.app.inject({ method: 'POST', url, headers: bearer(tenant.tokens), payload });
        assert.ok(response.statusCode < 300, `${url}: ${response.body}`);
        return response.json();
      };
      const farmOf = async (name: string) => {
        const farmer = await post('/v1/farmers', { name, state: 'Maharashtra' });
        return {
          farmerId: farmer.id as string,
          farmId: (await post('/v1/farms', { farmerId: farmer.id, name: `${name}'s farm` })).id as string,
        };
      };
      const ravis = await farmOf('Ravi');
      const sitas = await farmOf('Sita');
      ravi = ravis.farmerId;
      sita = sitas.farmerId;
      const field = async (farmId: string, name: string, lat: number) =>
        (await post('/v1/fields', { farmId, name, boundary: plot(lat, 73.79) })).id as string;
      id.north = await field(ravis.farmId, 'North Plot', 19.99);
      id.river = await field(ravis.farmId, 'River plot', 19.98);
      id.percent = await field(sitas.farmId, '100% organic', 19.97);
      id.south = await field(sitas.farmId, 'South', 19.96);
      await post(`/v1/fields/${id.north}/crop-cycles`, { crop: 'sugarcane', season: 'kharif', sowingDate: day(-30) });
      await post(`/v1/fields/${id.south}/crop-cycles`, { crop: 'sugarcane', season: 'kharif', sowingDate: day(-30) });
      // Harvested already: no longer on the field.
      await post(`/v1/fields/${id.river}/crop-cycles`, {
        crop: 'sugarcane',
        season: 'kharif',
        sowingDate: day(-400),
        expectedHarvestDate: day(-20),
      });
    });
    after(async () => t?.close());

    const names = async (query: string) => {
      const response = await t.app.inject({ url: `/v1/fields?${query}`, headers: bearer(tenant.tokens) });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().items.map((f: { name: string }) => f.name);
    };

    it('q finds fields whose name contains it, in any case; LIKE wildcards are plain text', async () => {
      assert.deepEqual(await names('q=plot'), ['North Plot', 'River plot']);
      assert.deepEqual(await names('q=RIVER'), ['River plot']);
      assert.deepEqual(await names('q=%25'), ['100% organic']);
      assert.deepEqual(await names('q=_'), []);
      assert.deepEqual(await names('q=nowhere'), []);
    });

    it('crop finds the fields it stands on today, in any case, not those already harvested', async () => {
      assert.deepEqual(await names('crop=sugarcane'), ['North Plot', 'South']);
      assert.deepEqual(await names('crop=Sugarcane'), ['North Plot', 'South']);
      assert.deepEqual(await names('crop=wheat'), []);
    });

    it('filters combine: crop with farmer, name with farmer, and with paging', async () => {
      assert.deepEqual(await names(`crop=sugarcane&farmerId=${sita}`), ['South']);
      assert.deepEqual(await names(`q=o&farmerId=${ravi}`), ['North Plot', 'River plot']);
      const first = await t.app.inject({ url: '/v1/fields?q=plot&limit=1', headers: bearer(tenant.tokens) });
      assert.deepEqual(
        first.json().items.map((f: { name: string }) => f.name),
        ['North Plot'],
      );
      assert.deepEqual(await names(`q=plot&limit=1&cursor=${first.json().nextCursor}`), ['River plot']);
      assert.deepEqual(await names('crop=sugarcane&near=19.99,73.79&radiusKm=50'), ['North Plot', 'South']);
    });

    it('refuses an empty q with 422', async () => {
      const response = await t.app.inject({ url: '/v1/fields?q=', headers: bearer(tenant.tokens) });
      assert.equal(response.statusCode, 422, response.body);
    });
  });
}
