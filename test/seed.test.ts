import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { boundariesOverlap, geodesicAreaHa, INDIA_BBOX, validateBoundary, type Boundary } from '../src/lib/geometry/index.js';
import { todayInIndia } from '../src/lib/calendar.js';
import { DEMO_FIELD_AREA_HA, seedDemoRegistry } from '../src/seed-registry.js';
import { DEMO_ADMIN_EMAIL, DEMO_FARMER_PHONE, seedDemo, type SeedResult } from '../src/seed.js';
import { buildTestApp, type TestApp } from './support/app.js';
import { bearer, createTenant, signIn, type TokenSet } from './support/identity.js';
import { storageModes } from './support/storage-modes.js';

interface Farmer {
  id: string;
  name: string;
  village: string;
  district: string;
  state: string;
  landHoldingHa: number;
  userId: string | null;
  phone: string | null;
}
interface Farm {
  id: string;
  farmerId: string;
}
interface Field {
  id: string;
  farmId: string;
  farmerId: string;
  name: string;
  boundary: Boundary;
  areaHa: number;
  centroid: { lat: number; lon: number };
}
interface CropCycle {
  crop: string;
  season: string;
  sowingDate: string;
  expectedHarvestDate: string | null;
}

/** Every item of a paged list, as `tokens` sees it. */
async function all<T>(app: FastifyInstance, tokens: TokenSet, url: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const response: { statusCode: number; body: string; json(): unknown } = await app.inject({
      url: `${url}${url.includes('?') ? '&' : '?'}limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      headers: bearer(tokens),
    });
    assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
    const page = response.json() as { items: T[]; nextCursor: string | null };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const ids = (items: { id: string }[]) => items.map((item) => item.id).sort();

for (const mode of storageModes) {
  describe(`demo data (${mode.name})`, () => {
    const lines: string[] = [];
    let t: TestApp;
    let seeded: SeedResult;
    let admin: TokenSet;
    let farmer: TokenSet;
    before(async () => {
      t = await buildTestApp(mode, { env: { LOG_LEVEL: 'info' }, logStream: { write: (line: string) => void lines.push(line) } });
    });
    after(async () => t?.close());

    it('seeds once; the administrator signs in with the printed password and the farmer by phone', async () => {
      seeded = await seedDemo(t.app.resources.db, t.app.identity.crypto);
      assert.equal(seeded.seeded, true);
      assert.equal((await seedDemo(t.app.resources.db, t.app.identity.crypto)).seeded, false, 'never twice');

      admin = await signIn(t.app, { email: DEMO_ADMIN_EMAIL, password: seeded.adminPassword! });
      assert.equal((await t.app.inject({ url: '/v1/me', headers: bearer(admin) })).json().token.role, 'tenant_admin');

      const requested = await t.app.inject({ method: 'POST', url: '/v1/auth/otp/request', payload: { phone: DEMO_FARMER_PHONE } });
      assert.equal(requested.statusCode, 202, requested.body);
      let code: string | undefined;
      for (let i = 0; i < 50 && !code; i++) {
        code = /\b(\d{6})\b/.exec(lines.filter((line) => line.includes('XXXXXX3210')).join('\n'))?.[1];
        if (!code) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.ok(code, 'outside production the log sender writes the code to the log');
      const verified = await t.app.inject({ method: 'POST', url: '/v1/auth/otp/verify', payload: { phone: DEMO_FARMER_PHONE, code } });
      assert.equal(verified.statusCode, 200, verified.body);
      farmer = verified.json();
      const me = (await t.app.inject({ url: '/v1/me', headers: bearer(farmer) })).json();
      assert.equal(me.token.role, 'farmer');
      assert.equal(me.token.tenantId, seeded.tenantId);
    });

    it('the demo organisation has farmers in four districts, one farm each and valid fields with a crop of the season', async () => {
      const farmers = await all<Farmer>(t.app, admin, '/v1/farmers');
      const farms = await all<Farm>(t.app, admin, '/v1/farms');
      const fields = await all<Field>(t.app, admin, '/v1/fields');
      assert.equal(farmers.length, 6);
      assert.deepEqual([...new Set(farmers.map((f) => `${f.district}, ${f.state}`))].sort(), [
        'Guntur, Andhra Pradesh',
        'Ludhiana, Punjab',
        'Nashik, Maharashtra',
        'Sehore, Madhya Pradesh',
      ]);
      assert.deepEqual(farms.map((farm) => farm.farmerId).sort(), ids(farmers), 'one farm per farmer');
      assert.equal(seeded.registry!.farmers, 6);
      assert.equal(seeded.registry!.farms, 6);
      assert.equal(seeded.registry!.fields, fields.length);
      assert.ok(seeded.registry!.cropCycles >= fields.length, 'every field has its current crop, most the season before too');

      const today = todayInIndia();
      let soilTests = 0;
      for (const field of fields) {
        const context = `field "${field.name}"`;
        const validation = validateBoundary(field.boundary);
        assert.ok(validation.ok, `${context} fails validation: ${JSON.stringify(validation)}`);
        assert.ok(
          field.areaHa >= DEMO_FIELD_AREA_HA.min && field.areaHa <= DEMO_FIELD_AREA_HA.max,
          `${context} measures ${field.areaHa} ha`,
        );
        assert.ok(Math.abs(geodesicAreaHa(field.boundary) - field.areaHa) < 0.001, `${context}: the stored area is the measured one`);
        const [minLon, minLat, maxLon, maxLat] = INDIA_BBOX;
        assert.ok(
          field.centroid.lon > minLon && field.centroid.lon < maxLon && field.centroid.lat > minLat && field.centroid.lat < maxLat,
          `${context} lies outside India`,
        );
        const farm = farms.find((f) => f.id === field.farmId)!;
        assert.equal(field.farmerId, farm.farmerId, `${context} belongs to its farm's farmer`);
        for (const other of fields.filter((f) => f.farmId === field.farmId && f.id !== field.id)) {
          assert.ok(!boundariesOverlap(field.boundary, other.boundary), `${context} overlaps "${other.name}"`);
        }

        const cycles = await all<CropCycle>(t.app, admin, `/v1/fields/${field.id}/crop-cycles`);
        assert.ok(cycles.length >= 1 && cycles.length <= 3, `${context} has its current crop and the year's before it`);
        const [cycle] = cycles as [CropCycle];
        for (const earlier of cycles.slice(1)) {
          assert.ok(
            earlier.expectedHarvestDate! <= cycle.sowingDate || earlier.sowingDate < cycle.sowingDate,
            `${context}: seasons in order`,
          );
          assert.ok(
            Date.parse(today) - Date.parse(earlier.expectedHarvestDate!) < 366 * 86_400_000,
            `${context}: harvested within the year`,
          );
        }
        const crop = await t.app.inject({ url: `/v1/crops/${cycle.crop}` });
        assert.equal(crop.statusCode, 200, `${context}: ${cycle.crop} is in the catalogue`);
        assert.ok(crop.json().seasons.includes(cycle.season), `${context}: the catalogue lists ${cycle.crop} for ${cycle.season}`);
        assert.ok(cycle.sowingDate <= today, `${context}: sown ${cycle.sowingDate}, after today`);
        assert.ok(cycle.expectedHarvestDate && cycle.expectedHarvestDate > cycle.sowingDate, `${context}: harvest after sowing`);

        for (const test of await all<{ sampledOn: string; ph?: number }>(t.app, admin, `/v1/fields/${field.id}/soil-tests`)) {
          soilTests++;
          assert.ok(test.sampledOn < cycle.sowingDate, `${context}: sampled before sowing`);
          assert.ok(test.ph !== undefined && test.ph > 5 && test.ph < 9, `${context}: a plausible pH`);
        }
      }
      assert.ok(soilTests > 0 && soilTests < fields.length, 'soil tests on some fields');
      assert.equal(soilTests, seeded.registry!.soilTests);

      for (const one of farmers) {
        const own = fields.filter((field) => field.farmerId === one.id);
        assert.ok(own.length >= 1 && own.length <= 3, `${one.name} has 1-3 fields`);
        const total = own.reduce((sum, field) => sum + field.areaHa, 0);
        assert.ok(Math.abs(one.landHoldingHa - total) < 0.01, `${one.name}'s holding is the sum of their fields`);
      }
    });

    it("the demo farmer, signed in by phone, sees exactly their own farmer's fields", async () => {
      const linked = seeded.registry!.linkedFarmerId!;
      const me = (await t.app.inject({ url: '/v1/me', headers: bearer(farmer) })).json();
      const visible = await all<Farmer>(t.app, farmer, '/v1/farmers');
      assert.deepEqual(
        visible.map((f) => f.id),
        [linked],
      );
      assert.equal(visible[0]!.userId, me.user.id, 'linked to the account that signed in');

      const theirs = await all<Field>(t.app, admin, `/v1/fields?farmerId=${linked}`);
      assert.ok(theirs.length >= 2, 'the demo farmer has fields to look at');
      assert.deepEqual(ids(await all<Field>(t.app, farmer, '/v1/fields')), ids(theirs));
      assert.deepEqual(
        ids(await all<Farm>(t.app, farmer, '/v1/farms')),
        ids(await all<Farm>(t.app, admin, `/v1/farms?farmerId=${linked}`)),
      );

      const others = (await all<Field>(t.app, admin, '/v1/fields')).filter((field) => field.farmerId !== linked);
      assert.ok(others.length > 0);
      for (const field of others) {
        assert.equal((await t.app.inject({ url: `/v1/fields/${field.id}`, headers: bearer(farmer) })).statusCode, 404);
      }
    });
  });

  describe(`demo registry by season (${mode.name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(mode);
    });
    after(async () => t?.close());

    /** Crop and season on each district's fields, with the registry seeded as if on `today`. */
    const cropsOn = async (today: string) => {
      const tenant = await createTenant(t.app);
      const summary = await seedDemoRegistry(t.app.resources.db, tenant.id, { today });
      assert.equal(summary.linkedFarmerId, null, 'a tenant without a farmer account links nobody');
      const farmers = await all<Farmer>(t.app, tenant.tokens, '/v1/farmers');
      const byDistrict = new Map<string, string[]>();
      for (const field of await all<Field>(t.app, tenant.tokens, '/v1/fields')) {
        const district = farmers.find((f) => f.id === field.farmerId)!.district;
        const [cycle] = await all<CropCycle>(t.app, tenant.tokens, `/v1/fields/${field.id}/crop-cycles`);
        assert.ok(cycle!.sowingDate <= today, `sown ${cycle!.sowingDate}, after ${today}`);
        byDistrict.set(district, [...(byDistrict.get(district) ?? []), `${cycle!.crop}/${cycle!.season}`].sort());
      }
      return byDistrict;
    };

    it('in January the rabi crops stand: wheat in Ludhiana, wheat and gram in Sehore, sown the autumn before', async () => {
      const crops = await cropsOn('2027-01-15');
      assert.ok(crops.get('Ludhiana')!.includes('wheat/rabi'));
      assert.deepEqual(crops.get('Sehore'), ['gram/rabi', 'wheat/rabi']);
      assert.ok(crops.get('Nashik')!.includes('onion/rabi'));
    });

    it('in August the kharif crops stand: paddy in Ludhiana, soybean in Sehore, cotton and paddy in Guntur, onion in Nashik', async () => {
      const crops = await cropsOn('2027-08-10');
      assert.ok(crops.get('Ludhiana')!.includes('paddy/kharif'));
      assert.deepEqual(crops.get('Sehore'), ['soybean/kharif', 'soybean/kharif']);
      assert.ok(crops.get('Guntur')!.includes('cotton/kharif') && crops.get('Guntur')!.includes('paddy/kharif'));
      assert.ok(crops.get('Nashik')!.includes('onion/kharif') && crops.get('Nashik')!.includes('tomato/kharif'));
      for (const [district, list] of crops)
        assert.ok(
          list.every((c) => c.endsWith('/kharif')),
          `${district}: ${list.join(', ')}`,
        );
    });
  });

  describe(`demo data that fails half-way (${mode.name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(mode);
    });
    after(async () => t?.close());

    it('leaves no demo organisation behind, so the next run starts afresh', async () => {
      const { db } = t.app.resources;
      const { crypto } = t.app.identity;
      // Without onion in the catalogue the Nashik fields cannot be sown (the catalogue is reference
      // data, so only the connecting role, not the application's, may change it).
      const onion = (await db.transaction((tx) => tx.query('DELETE FROM crops WHERE code = $1 RETURNING *', ['onion']))).rows[0]!;
      await assert.rejects(seedDemo(db, crypto), /onion/);
      const left = await db.platform(async (tx) => ({
        tenants: (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM tenants')).rows[0]!.n,
        farmerAccounts: (
          await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE phone_index = $1', [
            crypto.blindIndex('phone', DEMO_FARMER_PHONE),
          ])
        ).rows[0]!.n,
      }));
      assert.deepEqual(left, { tenants: 0, farmerAccounts: 0 });

      const columns = Object.keys(onion);
      await db.transaction((tx) =>
        tx.query(
          `INSERT INTO crops (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
          Object.values(onion),
        ),
      );
      const again = await seedDemo(db, crypto);
      assert.equal(again.seeded, true);
      assert.equal(again.registry?.farmers, 6);
    });
  });
}
