import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { plot } from '../support/geometry.js';
import { storageModes } from '../support/storage-modes.js';

/** Crop cycles and soil tests of a field: validation, client ids, If-Match, isolation and the farmer scope. */

/** A calendar day `days` from today in India (UTC+05:30). */
const dayFromToday = (days: number) => new Date(Date.now() + 5.5 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path).sort();

for (const mode of storageModes) {
  describe(`crop cycles and soil tests (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let other: TestTenant;
    let fieldId: string;

    const post = (url: string, payload: Record<string, unknown>, tokens: TokenSet = tenant.tokens) =>
      t.app.inject({ method: 'POST', url, headers: bearer(tokens), payload });
    const get = (url: string, tokens: TokenSet = tenant.tokens, headers: Record<string, string> = {}) =>
      t.app.inject({ url, headers: { ...bearer(tokens), ...headers } });
    const patch = (url: string, payload: Record<string, unknown>, etag?: string, tokens: TokenSet = tenant.tokens) =>
      t.app.inject({ method: 'PATCH', url, headers: { ...bearer(tokens), ...(etag ? { 'if-match': etag } : {}) }, payload });

    /** A farmer (optionally linked to a user), a farm and a field of theirs. */
    async function newField(tokens: TokenSet = tenant.tokens, userId?: string, lat = 26.8, lon = 80.9) {
      const farmer = await post('/v1/farmers', { name: 'Grower', state: 'Uttar Pradesh', ...(userId ? { userId } : {}) }, tokens);
      assert.equal(farmer.statusCode, 201, farmer.body);
      const farm = await post('/v1/farms', { farmerId: farmer.json().id, name: 'Farm' }, tokens);
      assert.equal(farm.statusCode, 201, farm.body);
      const field = await post('/v1/fields', { farmId: farm.json().id, name: 'Field', boundary: plot(lat, lon) }, tokens);
      assert.equal(field.statusCode, 201, field.body);
      return field.json() as { id: string; farmerId: string };
    }

    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
      other = await createTenant(t.app);
      fieldId = (await newField()).id;
    });
    after(async () => t?.close());

    it("records a crop cycle with the catalogue's code; reads it with an ETag", async () => {
      const created = await post(`/v1/fields/${fieldId}/crop-cycles`, {
        crop: 'Wheat',
        variety: 'HD 2967',
        season: 'rabi',
        sowingDate: '2024-11-15',
        expectedHarvestDate: '2025-04-05',
        irrigation: 'tubewell',
      });
      assert.equal(created.statusCode, 201, created.body);
      const cycle = created.json();
      assert.equal(cycle.crop, 'wheat');
      assert.equal(cycle.fieldId, fieldId);
      assert.equal(cycle.sowingDate, '2024-11-15');
      assert.equal(cycle.expectedHarvestDate, '2025-04-05');
      assert.equal(cycle.irrigation, 'tubewell');
      assert.equal(created.headers.location, `/v1/crop-cycles/${cycle.id}`);
      const read = await get(`/v1/crop-cycles/${cycle.id}`);
      assert.deepEqual(read.json(), cycle);
      assert.equal(read.headers.etag, '"v1"');
      assert.equal((await get(`/v1/crop-cycles/${cycle.id}`, tenant.tokens, { 'if-none-match': '"v1"' })).statusCode, 304);
      assert.equal(
        (await post(`/v1/fields/${fieldId}/crop-cycles`, { crop: 'tur arhar', season: 'kharif', sowingDate: '2023-06-20' })).json().crop,
        'tur_arhar',
      );
    });

    it('refuses a harvest not after sowing, an unknown crop (listing accepted codes), a bad season or date', async () => {
      const url = `/v1/fields/${fieldId}/crop-cycles`;
      for (const expectedHarvestDate of ['2024-07-01', '2024-06-30']) {
        const early = await post(url, { crop: 'paddy', season: 'kharif', sowingDate: '2024-07-01', expectedHarvestDate });
        assert.equal(early.statusCode, 422, early.body);
        assert.deepEqual(paths(early.json()), ['body.expectedHarvestDate']);
      }
      const unknown = await post(url, { crop: 'rice', season: 'kharif', sowingDate: '2024-07-01' });
      assert.equal(unknown.statusCode, 422, unknown.body);
      assert.deepEqual(paths(unknown.json()), ['body.crop']);
      assert.ok(unknown.json().acceptedCrops.length > 0);
      assert.equal(unknown.json().acceptedCrops[0], 'paddy', 'the crop whose name contains "rice" comes first');
      assert.match(unknown.json().errors[0].message, /paddy/);

      const bad = await post(url, { crop: 'paddy', season: 'monsoon', sowingDate: '2024-02-30', irrigation: 'flood' });
      assert.equal(bad.statusCode, 422);
      assert.deepEqual(paths(bad.json()), ['body.irrigation', 'body.season', 'body.sowingDate']);
    });

    it('a retried offline create returns the first record; If-Match on PATCH; null clears; dates stay ordered', async () => {
      const id = '01930000-0000-7000-8000-00000000c0c1';
      const payload = {
        id,
        crop: 'cotton',
        season: 'kharif',
        sowingDate: '2025-06-10',
        expectedHarvestDate: '2025-12-20',
        irrigation: 'drip',
      };
      const first = await post(`/v1/fields/${fieldId}/crop-cycles`, payload);
      const retry = await post(`/v1/fields/${fieldId}/crop-cycles`, payload);
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(retry.statusCode, 200, retry.body);
      assert.deepEqual(retry.json() as object, first.json() as object);
      const foreignField = await newField(other.tokens);
      // Ids are unique per tenant: the answer must not tell the other tenant that this one uses the id.
      assert.equal((await post(`/v1/fields/${foreignField.id}/crop-cycles`, payload, other.tokens)).statusCode, 201);

      const url = `/v1/crop-cycles/${id}`;
      const changed = await patch(url, { variety: 'Bt hybrid', irrigation: null }, '"v1"');
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(changed.json().irrigation, null);
      assert.equal(changed.json().variety, 'Bt hybrid');
      assert.equal(changed.headers.etag, '"v2"');
      const stale = await patch(url, { variety: 'Lost' }, '"v1"');
      assert.equal(stale.statusCode, 412);
      assert.equal(stale.json().current.variety, 'Bt hybrid');

      const late = await patch(url, { sowingDate: '2025-12-25' });
      assert.equal(late.statusCode, 422);
      assert.deepEqual(paths(late.json()), ['body.sowingDate']);
      const cleared = await patch(url, { sowingDate: '2025-12-25', expectedHarvestDate: null });
      assert.equal(cleared.statusCode, 200, cleared.body);
      assert.equal(cleared.json().expectedHarvestDate, null);
      assert.equal((await patch(url, { crop: 'kapas' })).statusCode, 422);

      assert.equal(
        (await t.app.inject({ method: 'DELETE', url, headers: { ...bearer(tenant.tokens), 'if-match': '"v1"' } })).statusCode,
        412,
      );
      assert.equal((await t.app.inject({ method: 'DELETE', url, headers: bearer(tenant.tokens) })).statusCode, 204);
      assert.equal((await get(url)).statusCode, 404);
    });

    it('refuses a season the catalogue does not list for the crop, and derives the season when omitted', async () => {
      const { id } = await newField();
      const url = `/v1/fields/${id}/crop-cycles`;
      const kharifWheat = await post(url, { crop: 'wheat', season: 'kharif', sowingDate: '2024-07-01' });
      assert.equal(kharifWheat.statusCode, 422, kharifWheat.body);
      assert.deepEqual(kharifWheat.json().errors, [{ path: 'body.season', message: 'must be rabi for wheat' }]);
      assert.equal(
        kharifWheat.json().detail,
        'wheat is a rabi crop in the crop catalogue (GET /v1/crops/wheat), not kharif; send season rabi',
      );
      assert.deepEqual(kharifWheat.json().acceptedSeasons, ['rabi']);

      const derived = await post(url, { crop: 'wheat', sowingDate: '2024-11-10' });
      assert.equal(derived.statusCode, 201, derived.body);
      assert.equal(derived.json().season, 'rabi');

      // Paddy is kharif or zaid in the catalogue; sugarcane is perennial: neither season can be derived.
      const paddy = await post(url, { crop: 'paddy', sowingDate: '2025-07-01' });
      assert.equal(paddy.statusCode, 422, paddy.body);
      assert.deepEqual(paddy.json().errors, [
        { path: 'body.season', message: 'is required for paddy: the crop catalogue lists paddy for kharif or zaid; send kharif or zaid' },
      ]);
      const cane = await post(url, { crop: 'sugarcane', sowingDate: '2025-07-01' });
      assert.equal(cane.statusCode, 422, cane.body);
      assert.equal(
        cane.json().errors[0].message,
        'is required for sugarcane: the crop catalogue records sugarcane as perennial; send kharif, rabi or zaid',
      );

      // A change obeys the same rule: wheat turned to maize keeps rabi, which maize is not.
      const toMaize = await patch(`/v1/crop-cycles/${derived.json().id}`, { crop: 'maize' });
      assert.equal(toMaize.statusCode, 422, toMaize.body);
      assert.deepEqual(toMaize.json().errors, [{ path: 'body.crop', message: 'is not grown in rabi' }]);
      const toKharif = await patch(`/v1/crop-cycles/${derived.json().id}`, { season: 'kharif' });
      assert.equal(toKharif.statusCode, 422, toKharif.body);
      assert.deepEqual(toKharif.json().errors, [{ path: 'body.season', message: 'must be rabi for wheat' }]);
      const barley = await patch(`/v1/crop-cycles/${derived.json().id}`, { crop: 'barley' });
      assert.equal(barley.statusCode, 200, barley.body);
      assert.equal(barley.json().season, 'rabi');
    });

    it('refuses a sowing more than 180 days ahead, on create and on change', async () => {
      const { id } = await newField();
      const url = `/v1/fields/${id}/crop-cycles`;
      const far = dayFromToday(181);
      const refused = await post(url, { crop: 'wheat', season: 'rabi', sowingDate: far });
      assert.equal(refused.statusCode, 422, refused.body);
      assert.deepEqual(refused.json().errors, [
        { path: 'body.sowingDate', message: `is more than 180 days ahead (the latest accepted is ${dayFromToday(180)})` },
      ]);
      const near = await post(url, { crop: 'wheat', season: 'rabi', sowingDate: dayFromToday(180) });
      assert.equal(near.statusCode, 201, near.body);
      const moved = await patch(`/v1/crop-cycles/${near.json().id}`, { sowingDate: far });
      assert.equal(moved.statusCode, 422, moved.body);
      assert.deepEqual(paths(moved.json()), ['body.sowingDate']);
    });

    it('refuses a cycle overlapping another of the field unless it is an intercrop', async () => {
      const { id } = await newField();
      const url = `/v1/fields/${id}/crop-cycles`;
      const cotton = await post(url, { crop: 'cotton', sowingDate: '2025-06-10', expectedHarvestDate: '2025-12-20' });
      assert.equal(cotton.statusCode, 201, cotton.body);
      const cottonId = cotton.json().id;

      const tur = { crop: 'tur_arhar', season: 'kharif', sowingDate: '2025-06-20' };
      const overlapping = await post(url, tur);
      assert.equal(overlapping.statusCode, 422, overlapping.body);
      assert.deepEqual(overlapping.json().errors, [
        {
          path: 'body.sowingDate',
          message: `overlaps crop cycle ${cottonId} (cotton) on this field; send intercrop: true if both crops stand together`,
        },
      ]);
      assert.equal(
        overlapping.json().detail,
        `This crop cycle (tur_arhar, 2025-06-20 until 2025-06-21) overlaps crop cycle ${cottonId} of the same field ` +
          '(cotton, sown 2025-06-10, holding the field until 2025-12-20: its expected harvest). Correct the dates ' +
          '(an expectedHarvestDate shortens a cycle), or send intercrop: true when both crops stand in the field together',
      );
      const intercrop = await post(url, { ...tur, intercrop: true });
      assert.equal(intercrop.statusCode, 201, intercrop.body);
      assert.equal('intercrop' in intercrop.json(), false, 'intercrop is said, not stored');

      // Without a harvest date a cycle holds the field for the catalogue's shortest duration (wheat: 120 days).
      const wheat = await post(url, { crop: 'wheat', sowingDate: '2025-12-20' });
      assert.equal(wheat.statusCode, 201, 'sown on the day the cotton is harvested');
      const gram = await post(url, { crop: 'gram', sowingDate: '2026-04-18' });
      assert.equal(gram.statusCode, 422, gram.body);
      assert.match(gram.json().detail, /holding the field until 2026-04-19: sowing plus the catalogue's shortest duration/);
      assert.equal((await post(url, { crop: 'gram', sowingDate: '2026-04-19' })).statusCode, 201);

      // A change of dates obeys the same rule; intercrop: true lets it through.
      const early = await patch(`/v1/crop-cycles/${wheat.json().id}`, { sowingDate: '2025-12-01' });
      assert.equal(early.statusCode, 422, early.body);
      assert.deepEqual(paths(early.json()), ['body.sowingDate']);
      assert.equal((await patch(`/v1/crop-cycles/${wheat.json().id}`, { sowingDate: '2025-12-01', intercrop: true })).statusCode, 200);
      // A change that leaves the dates and crop alone is not held to the overlap it was accepted with.
      assert.equal((await patch(`/v1/crop-cycles/${wheat.json().id}`, { variety: 'HD 3086' })).statusCode, 200);
    });

    it("lists a field's crop cycles latest sowing first, in pages", async () => {
      const { id } = await newField();
      const url = `/v1/fields/${id}/crop-cycles`;
      for (const [crop, season, sowingDate] of [
        ['wheat', 'rabi', '2023-11-20'],
        ['paddy', 'kharif', '2024-07-01'],
        ['moong', 'zaid', '2024-03-25'],
      ]) {
        assert.equal((await post(url, { crop, season, sowingDate })).statusCode, 201);
      }
      const first = (await get(`${url}?limit=2`)).json();
      assert.deepEqual(
        first.items.map((c: { crop: string }) => c.crop),
        ['paddy', 'moong'],
      );
      const rest = (await get(`${url}?limit=2&cursor=${first.nextCursor}`)).json();
      assert.deepEqual(
        rest.items.map((c: { crop: string }) => c.crop),
        ['wheat'],
      );
      assert.equal(rest.nextCursor, null);
      assert.equal((await get('/v1/fields/01930000-0000-7000-8000-000000000bad/crop-cycles')).statusCode, 404);
      assert.equal(
        (
          await post('/v1/fields/01930000-0000-7000-8000-000000000bad/crop-cycles', {
            crop: 'wheat',
            season: 'rabi',
            sowingDate: '2024-11-01',
          })
        ).statusCode,
        404,
      );
    });

    it('records soil health card values; ranges, a future date and an empty card are refused', async () => {
      const url = `/v1/fields/${fieldId}/soil-tests`;
      const created = await post(url, {
        sampledOn: dayFromToday(0),
        n: 280,
        p: 11.5,
        k: 190,
        ph: 0,
        oc: 0.48,
        zn: 0.6,
        lab: 'STL Lucknow',
      });
      assert.equal(created.statusCode, 201, created.body);
      const test = created.json();
      assert.equal(test.ph, 0, 'zero is a value, not a missing one');
      assert.equal(test.n, 280);
      assert.equal(test.lab, 'STL Lucknow');
      assert.equal('ec' in test, false, 'unmeasured values are left out');
      assert.equal(created.headers.location, `/v1/soil-tests/${test.id}`);
      assert.deepEqual((await get(`/v1/soil-tests/${test.id}`)).json(), test);

      const cases: [Record<string, unknown>, string[]][] = [
        [{ sampledOn: '2024-10-01', ph: 14.5 }, ['body.ph']],
        [{ sampledOn: '2024-10-01', ph: 7, n: -1, ec: -0.1 }, ['body.ec', 'body.n']],
        [{ sampledOn: dayFromToday(2), ph: 7 }, ['body.sampledOn']],
        [{ sampledOn: '2024-10-01' }, ['body']],
        [{ sampledOn: '2024-10-01', ph: 7, ca: 3 }, ['body.ca']],
      ];
      for (const [payload, expected] of cases) {
        const response = await post(url, payload);
        assert.equal(response.statusCode, 422, `${JSON.stringify(payload)}: ${response.body}`);
        assert.deepEqual(paths(response.json()), expected, JSON.stringify(payload));
      }
    });

    it('soil tests: client ids, If-Match, null clears a value, listing latest sample first', async () => {
      const { id: field } = await newField();
      const url = `/v1/fields/${field}/soil-tests`;
      const id = '01930000-0000-7000-8000-00000000501e';
      const first = await post(url, { id, sampledOn: '2024-05-10', ph: 8.1, ec: 0.9 });
      const retry = await post(url, { id, sampledOn: '2024-05-10', ph: 8.1, ec: 0.9 });
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(retry.statusCode, 200, retry.body);
      assert.deepEqual(retry.json() as object, first.json() as object);
      await post(url, { sampledOn: '2023-05-02', ph: 8.3 });
      await post(url, { sampledOn: '2025-01-20', ph: 7.9 });

      const listed = (await get(`${url}?limit=2`)).json();
      assert.deepEqual(
        listed.items.map((s: { sampledOn: string }) => s.sampledOn),
        ['2025-01-20', '2024-05-10'],
      );
      assert.deepEqual(
        (await get(`${url}?cursor=${listed.nextCursor}`)).json().items.map((s: { sampledOn: string }) => s.sampledOn),
        ['2023-05-02'],
      );

      const changed = await patch(`/v1/soil-tests/${id}`, { ec: null, n: 210, lab: 'KVK Barabanki' }, '"v1"');
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal('ec' in changed.json(), false);
      assert.equal(changed.json().n, 210);
      assert.equal(changed.json().ph, 8.1);
      assert.equal(changed.json().lab, 'KVK Barabanki');
      const stale = await patch(`/v1/soil-tests/${id}`, { ph: 6 }, '"v1"');
      assert.equal(stale.statusCode, 412);
      assert.equal(stale.json().current.n, 210);
      assert.equal((await patch(`/v1/soil-tests/${id}`, { ph: null, n: null })).statusCode, 422, 'a card keeps at least one value');
      assert.equal((await patch(`/v1/soil-tests/${id}`, { sampledOn: dayFromToday(3) })).statusCode, 422);
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/v1/soil-tests/${id}`, headers: bearer(tenant.tokens) })).statusCode, 204);
      assert.equal((await get(`/v1/soil-tests/${id}`)).statusCode, 404);
    });

    it("another tenant gets 404 on the field's cycles and soil tests and on each record", async () => {
      const cycle = (await post(`/v1/fields/${fieldId}/crop-cycles`, { crop: 'maize', season: 'kharif', sowingDate: '2024-06-20' })).json();
      const test = (await post(`/v1/fields/${fieldId}/soil-tests`, { sampledOn: '2024-06-01', ph: 6.8 })).json();
      for (const url of [
        `/v1/fields/${fieldId}/crop-cycles`,
        `/v1/fields/${fieldId}/soil-tests`,
        `/v1/crop-cycles/${cycle.id}`,
        `/v1/soil-tests/${test.id}`,
      ]) {
        assert.equal((await get(url, other.tokens)).statusCode, 404, url);
      }
      assert.equal(
        (await post(`/v1/fields/${fieldId}/crop-cycles`, { crop: 'maize', season: 'kharif', sowingDate: '2024-06-20' }, other.tokens))
          .statusCode,
        404,
      );
      assert.equal((await post(`/v1/fields/${fieldId}/soil-tests`, { sampledOn: '2024-06-01', ph: 6.8 }, other.tokens)).statusCode, 404);
      assert.equal((await patch(`/v1/crop-cycles/${cycle.id}`, { variety: 'x' }, undefined, other.tokens)).statusCode, 404);
      assert.equal((await patch(`/v1/soil-tests/${test.id}`, { ph: 7 }, undefined, other.tokens)).statusCode, 404);
      assert.equal(
        (await t.app.inject({ method: 'DELETE', url: `/v1/crop-cycles/${cycle.id}`, headers: bearer(other.tokens) })).statusCode,
        404,
      );
      assert.equal((await get(`/v1/crop-cycles/${cycle.id}`)).statusCode, 200);
    });

    it('a farmer sees only the cycles and soil tests of their own fields and may not write', async () => {
      const place = await createTenant(t.app);
      const member = await addMember(t.app, place, 'farmer');
      const own = await newField(place.tokens, member.user.id, 27.1, 81.1);
      const theirs = await newField(place.tokens, undefined, 27.2, 81.2);
      const record = async (field: string) => ({
        cycle: (
          await post(`/v1/fields/${field}/crop-cycles`, { crop: 'sugarcane', season: 'zaid', sowingDate: '2024-03-01' }, place.tokens)
        ).json().id as string,
        test: (await post(`/v1/fields/${field}/soil-tests`, { sampledOn: '2024-02-01', oc: 0.5 }, place.tokens)).json().id as string,
      });
      const mine = await record(own.id);
      const notMine = await record(theirs.id);

      const ids = async (url: string) => {
        const response = await get(url, member.tokens);
        assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
        return response.json().items.map((item: { id: string }) => item.id);
      };
      assert.deepEqual(await ids(`/v1/fields/${own.id}/crop-cycles`), [mine.cycle]);
      assert.deepEqual(await ids(`/v1/fields/${own.id}/soil-tests`), [mine.test]);
      assert.equal((await get(`/v1/crop-cycles/${mine.cycle}`, member.tokens)).statusCode, 200);
      assert.equal((await get(`/v1/soil-tests/${mine.test}`, member.tokens)).statusCode, 200);
      for (const url of [
        `/v1/fields/${theirs.id}/crop-cycles`,
        `/v1/fields/${theirs.id}/soil-tests`,
        `/v1/crop-cycles/${notMine.cycle}`,
        `/v1/soil-tests/${notMine.test}`,
      ]) {
        assert.equal((await get(url, member.tokens)).statusCode, 404, url);
      }

      assert.equal(
        (await post(`/v1/fields/${own.id}/crop-cycles`, { crop: 'wheat', season: 'rabi', sowingDate: '2024-11-10' }, member.tokens))
          .statusCode,
        403,
      );
      assert.equal((await post(`/v1/fields/${own.id}/soil-tests`, { sampledOn: '2024-02-01', ph: 7 }, member.tokens)).statusCode, 403);
      assert.equal((await patch(`/v1/crop-cycles/${mine.cycle}`, { variety: 'Co 0238' }, undefined, member.tokens)).statusCode, 403);
      assert.equal((await patch(`/v1/soil-tests/${mine.test}`, { ph: 7 }, undefined, member.tokens)).statusCode, 403);
      assert.equal(
        (await t.app.inject({ method: 'DELETE', url: `/v1/soil-tests/${mine.test}`, headers: bearer(member.tokens) })).statusCode,
        403,
      );
    });
  });
}
