import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { findCrop, listCrops, type Crop } from '../../src/modules/crops/index.js';
import { asPrincipal, buildTestApp, type TestApp } from '../support/app.js';
import { storageModes } from '../support/storage-modes.js';

/** The crop catalogue: public reads, filters, Hindi search, and agreement with the MSP data. */

/**
 * Every distinct `crop` of ../shared/data/msp.csv (the MSP reference data), copied here because
 * tests do not read outside the repository. A crop added there must be added to the catalogue.
 */
const MSP_CROPS = [
  'bajra',
  'barley',
  'copra',
  'cotton',
  'gram',
  'groundnut',
  'jowar',
  'jute',
  'maize',
  'masur_lentil',
  'moong',
  'nigerseed',
  'paddy',
  'ragi',
  'rapeseed_mustard',
  'safflower',
  'sesamum',
  'soybean',
  'sunflower_seed',
  'tur_arhar',
  'urad',
  'wheat',
];

for (const mode of storageModes) {
  describe(`crop catalogue (${mode.name})`, () => {
    let t: TestApp;
    let app: FastifyInstance;
    const list = async (query = '') => {
      const response = await app.inject({ method: 'GET', url: `/v1/crops${query}` });
      assert.equal(response.statusCode, 200, response.body);
      return (response.json() as { items: Crop[] }).items;
    };

    before(async () => {
      t = await buildTestApp(mode);
      app = t.app;
    });
    after(async () => t?.close());

    it('lists the whole catalogue to anyone, in code order, in the documented shape', async () => {
      const items = await list();
      assert.ok(items.length >= MSP_CROPS.length + 4, `only ${items.length} crops`);
      const codes = items.map((c) => c.code);
      assert.deepEqual(codes, [...codes].sort());
      for (const code of ['sugarcane', 'tomato', 'onion', 'potato']) assert.ok(codes.includes(code), code);
      assert.ok(!codes.includes('chickpea'), 'chickpea is listed once, as gram');

      const wheat = items.find((c) => c.code === 'wheat')!;
      assert.deepEqual(
        { ...wheat, source: typeof wheat.source },
        {
          code: 'wheat',
          nameEn: 'Wheat',
          nameHi: 'गेहूँ',
          seasons: ['rabi'],
          typicalDurationDays: { min: 120, max: 120 },
          mspCrop: 'wheat',
          source: 'string',
        },
      );
      assert.match(wheat.source, /FAO56_T11/);
      const gram = items.find((c) => c.code === 'gram')!;
      assert.match(gram.nameEn, /chickpea/i);
      assert.equal(gram.typicalDurationDays, null, 'FAO-56 Table 11 has no chickpea row');
      assert.match(gram.source, /not in FAO-56 Table 11/);
      assert.equal(items.find((c) => c.code === 'sugarcane')!.mspCrop, null);

      for (const crop of items) {
        assert.match(crop.code, /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
        assert.match(crop.nameHi, /[\u0900-\u097F]/, `${crop.code} has a Devanagari name`);
        assert.ok(crop.seasons.length > 0, `${crop.code} has a season`);
        assert.ok(crop.source.length > 0, `${crop.code} has a source`);
        if (crop.typicalDurationDays) assert.ok(crop.typicalDurationDays.min <= crop.typicalDurationDays.max, crop.code);
      }

      // Public: a signed-in caller of any tenant sees the same catalogue.
      const signedIn = await app.inject({ method: 'GET', url: '/v1/crops', headers: asPrincipal({ tenantId: null, role: 'user' }) });
      assert.equal(signedIn.statusCode, 200, signedIn.body);
      assert.deepEqual((signedIn.json() as { items: Crop[] }).items, items);
    });

    it('filters by season', async () => {
      const rabi = await list('?season=rabi');
      assert.ok(rabi.length > 0);
      assert.ok(rabi.every((c) => c.seasons.includes('rabi')));
      const codes = rabi.map((c) => c.code);
      for (const code of ['wheat', 'barley', 'gram', 'masur_lentil', 'rapeseed_mustard', 'safflower'])
        assert.ok(codes.includes(code), code);
      assert.ok(!codes.includes('paddy'));

      const zaid = (await list('?season=zaid')).map((c) => c.code);
      assert.ok(zaid.includes('moong') && zaid.includes('tomato'), zaid.join());
      assert.deepEqual((await list('?season=perennial')).map((c) => c.code).sort(), ['copra', 'sugarcane']);

      const bad = await app.inject({ method: 'GET', url: '/v1/crops?season=monsoon' });
      assert.equal(bad.statusCode, 422);
      assert.match(String(bad.headers['content-type']), /^application\/problem\+json/);
    });

    it('searches English and Hindi names, ignoring case and the candrabindu/anusvara spelling', async () => {
      assert.deepEqual(
        (await list(`?q=${encodeURIComponent('गेहूँ')}`)).map((c) => c.code),
        ['wheat'],
      );
      assert.deepEqual(
        (await list(`?q=${encodeURIComponent('गेहूं')}`)).map((c) => c.code),
        ['wheat'],
      );
      assert.deepEqual(
        (await list('?q=CHICKPEA')).map((c) => c.code),
        ['gram'],
      );
      assert.deepEqual(
        (await list('?q=millet')).map((c) => c.code),
        ['bajra', 'ragi'],
      );
      assert.deepEqual(
        (await list(`?q=${encodeURIComponent('मडुआ')}`)).map((c) => c.code),
        ['ragi'],
      );
      assert.deepEqual(
        (await list(`?season=kharif&q=${encodeURIComponent('उड़द')}`)).map((c) => c.code),
        ['urad'],
      );
      assert.deepEqual(await list('?q=%25'), [], 'a % is a character, not a wildcard');
      assert.deepEqual(await list('?q=zzz'), []);
    });

    it('answers one crop, and 404 problem+json for an unknown code', async () => {
      const response = await app.inject({ method: 'GET', url: '/v1/crops/tur_arhar' });
      assert.equal(response.statusCode, 200, response.body);
      const tur = response.json() as Crop;
      assert.equal(tur.nameHi, 'अरहर (तुअर)');
      assert.equal(tur.mspCrop, 'tur_arhar');

      for (const code of ['chickpea', 'WHEAT', 'no_such_crop']) {
        const missing = await app.inject({ method: 'GET', url: `/v1/crops/${code}` });
        assert.equal(missing.statusCode, 404, code);
        assert.match(String(missing.headers['content-type']), /^application\/problem\+json/);
        const problem = missing.json() as { type: string; status: number; detail: string };
        assert.equal(problem.type, '/problems/not-found');
        assert.equal(problem.status, 404);
        assert.match(problem.detail, new RegExp(code));
      }
    });

    it('has every MSP crop, under the same code', async () => {
      const byCode = new Map((await list()).map((c) => [c.code, c]));
      for (const code of MSP_CROPS) {
        const crop = byCode.get(code);
        assert.ok(crop, `MSP crop ${code} is missing from the catalogue`);
        assert.equal(crop.mspCrop, code);
      }
      const withMsp = [...byCode.values()]
        .filter((c) => c.mspCrop !== null)
        .map((c) => c.code)
        .sort();
      assert.deepEqual(withMsp, [...MSP_CROPS].sort(), 'no crop claims an MSP that msp.csv does not have');
    });

    it('is readable by both application roles through findCrop and listCrops', async () => {
      const { db } = app.resources;
      const viaTenant = await db.tenant('00000000-0000-7000-8000-000000000099', (tx) => findCrop(tx, 'paddy'), { readOnly: true });
      assert.equal(viaTenant?.nameHi, 'धान');
      assert.deepEqual(viaTenant?.seasons, ['kharif', 'zaid']);
      assert.equal(await db.platform((tx) => findCrop(tx, 'nope')), null);
      const kharifOnions = await db.tenant('00000000-0000-7000-8000-000000000099', (tx) => listCrops(tx, { season: 'kharif', q: 'onion' }));
      assert.deepEqual(
        kharifOnions.map((c) => c.code),
        ['onion'],
      );
      // Reference data is written by migrations only.
      await assert.rejects(
        db.platform((tx) => tx.query(`UPDATE crops SET name_en = 'x' WHERE code = 'paddy'`)),
        /permission denied/,
      );
    });
  });
}
