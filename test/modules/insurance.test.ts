import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { readReferenceCsv } from '../support/csv.js';
import { plot } from '../support/geometry.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/**
 * PMFBY crop insurance: the premium tool (POST /v1/tools/pmfby-premium) and crop-loss intimations
 * (POST /v1/fields/{id}/crop-loss-reports, GET /v1/crop-loss-reports[/{id}]) with the 72-hour rule
 * and the photos' 100 m geotag check.
 */

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const dayFromToday = (days: number) => new Date(Date.now() + 5.5 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
/** 1° of latitude is about 110.6 km at 20° N: metres north of the plot's edge as a latitude. */
const LAT = 20.0;
const LON = 73.79;
const EDGE = 0.00045;
const northOfEdge = (metres: number) => LAT + EDGE + metres / 110_600;

for (const mode of storageModes) {
  describe(`PMFBY premium and crop-loss reports (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;

    const post = (url: string, payload: unknown, tokens: TokenSet = tenant.tokens, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url, headers: { ...bearer(tokens), ...headers }, payload: payload as Record<string, unknown> });
    const get = (url: string, tokens: TokenSet = tenant.tokens, headers: Record<string, string> = {}) =>
      t.app.inject({ url, headers: { ...bearer(tokens), ...headers } });

    async function newField(tokens: TokenSet = tenant.tokens, options: { userId?: string; crop?: Record<string, unknown> } = {}) {
      const created = async (url: string, payload: Record<string, unknown>) => {
        const response = await post(url, payload, tokens);
        assert.equal(response.statusCode, 201, response.body);
        return response.json();
      };
      const farmer = await created('/v1/farmers', {
        name: 'Grower',
        state: 'Maharashtra',
        ...(options.userId ? { userId: options.userId } : {}),
      });
      const farm = await created('/v1/farms', { farmerId: farmer.id, name: 'Farm' });
      const field = await created('/v1/fields', { farmId: farm.id, name: 'Field', boundary: plot(LAT, LON) });
      const cycle = options.crop ? await created(`/v1/fields/${field.id}/crop-cycles`, options.crop) : undefined;
      return { fieldId: field.id as string, farmerId: farmer.id as string, cycleId: cycle?.id as string | undefined };
    }

    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
    });
    after(async () => t?.close());

    const premium = (body: Record<string, unknown>, tokens: TokenSet = tenant.tokens) => post('/v1/tools/pmfby-premium', body, tokens);

    it('charges the farmer 2 % for kharif and 1.5 % for rabi food and oilseed crops, 5 % for commercial crops', async () => {
      const cases: [string, string, number][] = [
        ['paddy', 'kharif', 2],
        ['soybean', 'kharif', 2],
        ['wheat', 'rabi', 1.5],
        ['rapeseed_mustard', 'rabi', 1.5],
        ['cotton', 'kharif', 5],
        ['sugarcane', 'rabi', 5],
      ];
      for (const [crop, season, rate] of cases) {
        const response = await premium({ crop, season, areaHa: 2.5, sumInsuredPerHaInr: 60_000 });
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json();
        assert.equal(body.sumInsuredInr, 150_000);
        assert.equal(body.farmerRatePct, rate, crop);
        assert.equal(body.farmerPremiumInr, (150_000 * rate) / 100, crop);
        assert.equal(body.governmentPremiumInr, undefined);
        assert.match(body.basis, new RegExp(crop));
      }
    });

    it("adds the government's share above the farmer's up to the actuarial rate, and charges the actuarial rate when it is below the cap", async () => {
      const response = await premium({ crop: 'paddy', season: 'kharif', areaHa: 1.2, sumInsuredPerHaInr: 45_000, actuarialRatePct: 12.5 });
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      assert.deepEqual(
        [body.sumInsuredInr, body.farmerPremiumInr, body.totalPremiumInr, body.governmentPremiumInr],
        [54_000, 1080, 6750, 5670],
      );
      // "2% (…5%) of SI or Actuarial rate, whichever is less": below the cap the farmer pays the actuarial rate.
      const low = (await premium({ crop: 'cotton', season: 'kharif', areaHa: 1, sumInsuredPerHaInr: 10_000, actuarialRatePct: 3 })).json();
      assert.deepEqual([low.farmerRatePct, low.farmerPremiumInr, low.totalPremiumInr, low.governmentPremiumInr], [3, 300, 300, 0]);
      assert.match(low.basis, /5 % of the sum insured .*or the actuarial rate, whichever is less/);
    });

    it('holds exactly the classes of reference/pmfby-crop-classes.csv, each with its source, after the migrations', async () => {
      const csv = readReferenceCsv('pmfby-crop-classes.csv') as unknown as { crop: string; pmfby_class: string; source: string }[];
      const { rows } = await t.app.resources.db.platform((tx) =>
        tx.query<{ crop: string; pmfby_class: string; source: string }>(
          'SELECT crop, pmfby_class, source FROM pmfby_crop_classes ORDER BY crop',
        ),
      );
      const byCrop = (list: { crop: string; pmfby_class: string; source: string }[]) =>
        list.map(({ crop, pmfby_class, source }) => ({ crop, pmfby_class, source })).sort((a, b) => a.crop.localeCompare(b.crop));
      assert.deepEqual(byCrop(rows), byCrop(csv));
    });

    it('refuses a crop without a sourced class, an unknown crop and bad input with 422', async () => {
      const unsourced = await premium({ crop: 'tomato', season: 'rabi', areaHa: 1, sumInsuredPerHaInr: 50_000 });
      assert.equal(unsourced.statusCode, 422, unsourced.body);
      assert.match(String(unsourced.headers['content-type']), /^application\/problem\+json/);
      assert.match(unsourced.json().detail, /No sourced PMFBY class for tomato/);
      const unknown = await premium({ crop: 'dragonfruit', season: 'rabi', areaHa: 1, sumInsuredPerHaInr: 50_000 });
      assert.equal(unknown.statusCode, 422, unknown.body);
      for (const bad of [
        { crop: 'paddy', season: 'zaid', areaHa: 1, sumInsuredPerHaInr: 1 },
        { crop: 'paddy', season: 'kharif', areaHa: 0, sumInsuredPerHaInr: 1 },
        { crop: 'paddy', season: 'kharif', areaHa: 1, sumInsuredPerHaInr: -5 },
        { crop: 'paddy', season: 'kharif', areaHa: 1, sumInsuredPerHaInr: 5, actuarialRatePct: 120 },
      ]) {
        assert.equal((await premium(bad)).statusCode, 422, JSON.stringify(bad));
      }
      assert.equal(
        (
          await t.app.inject({
            method: 'POST',
            url: '/v1/tools/pmfby-premium',
            payload: { crop: 'paddy', season: 'kharif', areaHa: 1, sumInsuredPerHaInr: 1 },
          })
        ).statusCode,
        401,
      );
    });

    const report = (
      fieldId: string,
      body: Record<string, unknown>,
      tokens: TokenSet = tenant.tokens,
      headers: Record<string, string> = {},
    ) => post(`/v1/fields/${fieldId}/crop-loss-reports`, body, tokens, headers);

    it('accepts a report within 72 hours with photos on the field, tied to the standing crop cycle', async () => {
      const { fieldId, farmerId, cycleId } = await newField(tenant.tokens, {
        crop: { crop: 'paddy', season: 'kharif', sowingDate: dayFromToday(-40) },
      });
      const created = await report(fieldId, {
        cause: 'hailstorm',
        lossAt: hoursAgo(30),
        photos: [
          { lat: LAT, lon: LON, takenAt: hoursAgo(29), caption: 'lodged plants' },
          { lat: northOfEdge(60), lon: LON, takenAt: hoursAgo(29) },
        ],
        description: 'Hail for 20 minutes',
      });
      assert.equal(created.statusCode, 201, created.body);
      const body = created.json();
      assert.equal(body.late, false);
      assert.equal(body.locationFlagged, false);
      assert.equal(body.cropCycleId, cycleId);
      assert.equal(body.crop, 'paddy');
      assert.equal(body.farmerId, farmerId);
      assert.equal(body.photos[0].distanceM, 0);
      assert.ok(body.photos[1].distanceM > 50 && body.photos[1].distanceM < 70, String(body.photos[1].distanceM));
      assert.equal(body.photos[1].nearField, true);
      assert.equal(created.headers.location, `/v1/crop-loss-reports/${body.id}`);
      const read = await get(`/v1/crop-loss-reports/${body.id}`);
      assert.equal(read.statusCode, 200);
      assert.deepEqual(read.json(), body);
    });

    it('stores a report after 72 hours flagged late, and a photo over 100 m away flagged', async () => {
      const { fieldId } = await newField();
      const late = await report(fieldId, {
        cause: 'unseasonal_rain',
        lossAt: hoursAgo(73),
        photos: [{ lat: LAT, lon: LON, takenAt: hoursAgo(2) }],
      });
      assert.equal(late.statusCode, 201, late.body);
      assert.equal(late.json().late, true);
      assert.equal(late.json().cropCycleId, null);
      const far = await report(fieldId, {
        cause: 'inundation',
        lossAt: hoursAgo(71),
        photos: [
          { lat: LAT, lon: LON, takenAt: hoursAgo(1) },
          { lat: northOfEdge(150), lon: LON, takenAt: hoursAgo(1) },
        ],
      });
      assert.equal(far.statusCode, 201, far.body);
      assert.equal(far.json().late, false);
      assert.equal(far.json().locationFlagged, true);
      assert.equal(far.json().photos[1].nearField, false);
      assert.ok(far.json().photos[1].distanceM > 140, String(far.json().photos[1].distanceM));

      const flagged = (await get(`/v1/crop-loss-reports?fieldId=${fieldId}&locationFlagged=true`)).json();
      assert.deepEqual(
        flagged.items.map((r: { id: string }) => r.id),
        [far.json().id],
      );
      const lateOnes = (await get(`/v1/crop-loss-reports?fieldId=${fieldId}&late=true`)).json();
      assert.deepEqual(
        lateOnes.items.map((r: { id: string }) => r.id),
        [late.json().id],
      );
      const all = (await get(`/v1/crop-loss-reports?fieldId=${fieldId}&limit=1`)).json();
      assert.equal(all.items[0].id, far.json().id);
      const next = (await get(`/v1/crop-loss-reports?fieldId=${fieldId}&limit=1&cursor=${all.nextCursor}`)).json();
      assert.equal(next.items[0].id, late.json().id);
    });

    it('refuses a loss in the future, a bad cause or no photos with 422, storing nothing', async () => {
      const { fieldId } = await newField();
      const photo = { lat: LAT, lon: LON, takenAt: hoursAgo(1) };
      for (const bad of [
        { cause: 'hailstorm', lossAt: new Date(Date.now() + 3_600_000).toISOString(), photos: [photo] },
        { cause: 'locusts', lossAt: hoursAgo(2), photos: [photo] },
        { cause: 'hailstorm', lossAt: hoursAgo(2), photos: [] },
        { cause: 'hailstorm', lossAt: hoursAgo(2), photos: [{ lat: LAT, lon: LON }] },
        { cause: 'hailstorm', lossAt: 'yesterday', photos: [photo] },
      ]) {
        const response = await report(fieldId, bad);
        assert.equal(response.statusCode, 422, `${JSON.stringify(bad)}: ${response.body}`);
      }
      assert.deepEqual((await get(`/v1/crop-loss-reports?fieldId=${fieldId}`)).json().items, []);
    });

    it('a retried create with the same client id answers the first report', async () => {
      const { fieldId } = await newField();
      const body = {
        id: '0193b1de-7a00-7000-8000-00000000c001',
        cause: 'cyclone',
        lossAt: hoursAgo(5),
        photos: [{ lat: LAT, lon: LON, takenAt: hoursAgo(4) }],
      };
      const first = await report(fieldId, body);
      assert.equal(first.statusCode, 201, first.body);
      const retry = await report(fieldId, body);
      assert.equal(retry.statusCode, 200, retry.body);
      assert.deepEqual(retry.json(), first.json());
    });

    it('a farmer reports and sees only on their own fields; another tenant sees nothing', async () => {
      const place = await createTenant(t.app);
      const farmer = await addMember(t.app, place, 'farmer');
      const viewer = await addMember(t.app, place, 'viewer');
      const own = await newField(place.tokens, { userId: farmer.user.id });
      const theirs = await newField(place.tokens);
      const body = { cause: 'landslide', lossAt: hoursAgo(3), photos: [{ lat: LAT, lon: LON, takenAt: hoursAgo(2) }] };
      const staffReport = (await report(theirs.fieldId, body, place.tokens)).json();

      const mine = await report(own.fieldId, body, farmer.tokens);
      assert.equal(mine.statusCode, 201, mine.body);
      assert.equal(mine.json().createdBy, farmer.user.id);
      assert.equal((await report(theirs.fieldId, body, farmer.tokens)).statusCode, 404);
      assert.deepEqual(
        (await get('/v1/crop-loss-reports', farmer.tokens)).json().items.map((r: { id: string }) => r.id),
        [mine.json().id],
      );
      assert.equal((await get(`/v1/crop-loss-reports/${staffReport.id}`, farmer.tokens)).statusCode, 404);
      assert.equal((await report(own.fieldId, body, viewer.tokens)).statusCode, 403);
      assert.equal((await get('/v1/crop-loss-reports', viewer.tokens)).json().items.length, 2);

      assert.equal((await get(`/v1/crop-loss-reports/${staffReport.id}`)).statusCode, 404, 'not visible to another tenant');
      assert.equal((await report(theirs.fieldId, body)).statusCode, 404);
      const foreign = (await get('/v1/crop-loss-reports')).json().items.map((r: { id: string }) => r.id);
      assert.ok(!foreign.includes(staffReport.id) && !foreign.includes(mine.json().id));
    });
  });
}
