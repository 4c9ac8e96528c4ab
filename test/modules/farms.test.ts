import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { plot } from '../support/geometry.js';
import { storageModes } from '../support/storage-modes.js';

/** Farms: CRUD, client ids, If-Match, the farmer they belong to, isolation and the farmer scope. */

for (const mode of storageModes) {
  describe(`farms (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let other: TestTenant;

    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
      other = await createTenant(t.app);
    });
    after(async () => t?.close());

    const post = (url: string, payload: Record<string, unknown>, tokens: TokenSet = tenant.tokens) =>
      t.app.inject({ method: 'POST', url, headers: bearer(tokens), payload });
    const get = (url: string, tokens: TokenSet = tenant.tokens, headers: Record<string, string> = {}) =>
      t.app.inject({ url, headers: { ...bearer(tokens), ...headers } });
    const patch = (url: string, payload: Record<string, unknown>, tokens: TokenSet = tenant.tokens, etag?: string) =>
      t.app.inject({ method: 'PATCH', url, headers: { ...bearer(tokens), ...(etag ? { 'if-match': etag } : {}) }, payload });

    async function farmer(tokens: TokenSet = tenant.tokens, extra: Record<string, unknown> = {}) {
      const response = await post('/v1/farmers', { name: 'Farm Holder', state: 'Madhya Pradesh', ...extra }, tokens);
      assert.equal(response.statusCode, 201, response.body);
      return response.json().id as string;
    }

    async function farm(farmerId: string, name = 'Farm', tokens: TokenSet = tenant.tokens) {
      const response = await post('/v1/farms', { farmerId, name, village: 'Sehore' }, tokens);
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    }

    it('registers, reads (ETag, 304), changes with If-Match and deletes a farm', async () => {
      const farmerId = await farmer();
      const created = await post('/v1/farms', {
        farmerId,
        name: 'Mango orchard',
        village: 'Ashta',
        district: 'Sehore',
        state: 'Madhya Pradesh',
      });
      assert.equal(created.statusCode, 201, created.body);
      const body = created.json();
      assert.equal(body.farmerId, farmerId);
      assert.equal(body.district, 'Sehore');
      assert.equal(body.version, 1);
      assert.equal(created.headers.etag, '"v1"');
      assert.equal(created.headers.location, `/v1/farms/${body.id}`);
      const url = `/v1/farms/${body.id}`;

      const read = await get(url);
      assert.deepEqual(read.json(), body);
      assert.equal(read.headers.etag, '"v1"');
      assert.equal((await get(url, tenant.tokens, { 'if-none-match': '"v1"' })).statusCode, 304);

      const changed = await patch(url, { name: 'Mango and guava orchard', village: null }, tenant.tokens, '"v1"');
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(changed.json().village, null);
      assert.equal(changed.json().version, 2);
      const stale = await patch(url, { name: 'Lost edit' }, tenant.tokens, '"v1"');
      assert.equal(stale.statusCode, 412);
      assert.equal(stale.json().current.name, 'Mango and guava orchard');
      assert.equal(stale.headers.etag, '"v2"');

      assert.equal(
        (await t.app.inject({ method: 'DELETE', url, headers: { ...bearer(tenant.tokens), 'if-match': '"v1"' } })).statusCode,
        412,
      );
      assert.equal((await t.app.inject({ method: 'DELETE', url, headers: bearer(tenant.tokens) })).statusCode, 204);
      assert.equal((await get(url)).statusCode, 404);
      assert.equal((await t.app.inject({ method: 'DELETE', url, headers: bearer(tenant.tokens) })).statusCode, 404);
    });

    it('a retried offline create returns the first record (200); another tenant may use the same id for its own farm (201)', async () => {
      const farmerId = await farmer();
      const id = '01930000-0000-7000-8000-00000000fa01';
      const first = await post('/v1/farms', { id, farmerId, name: 'Offline farm' });
      const retry = await post('/v1/farms', { id, farmerId, name: 'Offline farm' });
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(retry.statusCode, 200, retry.body);
      assert.deepEqual(retry.json() as object, first.json() as object);
      const theirs = await farmer(other.tokens);
      // Ids are unique per tenant: the answer must not tell the other tenant that this one uses the id.
      assert.equal((await post('/v1/farms', { id, farmerId: theirs, name: 'Same id' }, other.tokens)).statusCode, 201);
    });

    it("refuses a farmer that is unknown or another tenant's with 422 naming farmerId", async () => {
      const foreign = await farmer(other.tokens);
      for (const farmerId of [foreign, '01930000-0000-7000-8000-000000000bad']) {
        const response = await post('/v1/farms', { farmerId, name: 'Nowhere' });
        assert.equal(response.statusCode, 422, response.body);
        assert.deepEqual(
          response.json().errors.map((e: { path: string }) => e.path),
          ['body.farmerId'],
        );
        const mine = await farm(await farmer());
        const moved = await patch(`/v1/farms/${mine.id}`, { farmerId });
        assert.equal(moved.statusCode, 422, moved.body);
        assert.deepEqual(
          moved.json().errors.map((e: { path: string }) => e.path),
          ['body.farmerId'],
        );
      }
      const invalid = await post('/v1/farms', { farmerId: 'not-a-uuid', name: '' });
      assert.equal(invalid.statusCode, 422);
      assert.deepEqual(
        invalid
          .json()
          .errors.map((e: { path: string }) => e.path)
          .sort(),
        ['body.farmerId', 'body.name'],
      );
    });

    it('lists by name with cursor pagination and a farmerId filter', async () => {
      const place = await createTenant(t.app);
      const ramesh = await farmer(place.tokens);
      const sita = await farmer(place.tokens);
      for (const name of ['Chana plot', 'Aam bagh', 'Bhindi patch']) await farm(ramesh, name, place.tokens);
      await farm(sita, 'Aam bagh', place.tokens);
      const page = async (query: string) => {
        const response = await get(`/v1/farms?${query}`, place.tokens);
        assert.equal(response.statusCode, 200, response.body);
        return response.json() as { items: { name: string; farmerId: string }[]; nextCursor: string | null };
      };
      const first = await page('limit=2');
      assert.deepEqual(
        first.items.map((f) => f.name),
        ['Aam bagh', 'Aam bagh'],
      );
      const second = await page(`limit=2&cursor=${first.nextCursor}`);
      assert.deepEqual(
        second.items.map((f) => f.name),
        ['Bhindi patch', 'Chana plot'],
      );
      assert.equal(second.nextCursor, null);
      const own = await page(`farmerId=${ramesh}`);
      assert.deepEqual(
        own.items.map((f) => f.name),
        ['Aam bagh', 'Bhindi patch', 'Chana plot'],
      );
      assert.ok(own.items.every((f) => f.farmerId === ramesh));
      assert.equal((await get('/v1/farms?cursor=garbage', place.tokens)).statusCode, 422);
    });

    it('moving a farm to another farmer takes its fields, crop cycles and soil tests along', async () => {
      const from = await farmer();
      const to = await farmer();
      const moving = await farm(from, 'Changing hands');
      const fieldResponse = await post('/v1/fields', { farmId: moving.id, name: 'Only field', boundary: plot(22.7, 75.9) });
      assert.equal(fieldResponse.statusCode, 201, fieldResponse.body);
      const field = fieldResponse.json();
      const cycle = await post(`/v1/fields/${field.id}/crop-cycles`, { crop: 'soybean', season: 'kharif', sowingDate: '2025-06-25' });
      assert.equal(cycle.statusCode, 201, cycle.body);
      const test = await post(`/v1/fields/${field.id}/soil-tests`, { sampledOn: '2025-05-01', ph: 7.4 });
      assert.equal(test.statusCode, 201, test.body);

      const moved = await patch(`/v1/farms/${moving.id}`, { farmerId: to }, tenant.tokens, '"v1"');
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json().farmerId, to);
      assert.equal((await get(`/v1/fields/${field.id}`)).json().farmerId, to);
      assert.equal((await get(`/v1/crop-cycles/${cycle.json().id}`)).json().farmerId, to);
      assert.equal((await get(`/v1/soil-tests/${test.json().id}`)).json().farmerId, to);
      assert.deepEqual((await get(`/v1/fields?farmerId=${from}`)).json().items, []);

      assert.equal(
        (await t.app.inject({ method: 'DELETE', url: `/v1/farms/${moving.id}`, headers: bearer(tenant.tokens) })).statusCode,
        204,
      );
      assert.equal((await get(`/v1/fields/${field.id}`)).statusCode, 404, 'a farm goes with its fields');
      assert.equal((await get(`/v1/crop-cycles/${cycle.json().id}`)).statusCode, 404);
    });

    it('another tenant gets 404 on the farm and lists none of it', async () => {
      const mine = await farm(await farmer(), 'Private farm');
      const url = `/v1/farms/${mine.id}`;
      assert.equal((await get(url, other.tokens)).statusCode, 404);
      assert.equal((await patch(url, { name: 'Taken' }, other.tokens)).statusCode, 404);
      assert.equal((await t.app.inject({ method: 'DELETE', url, headers: bearer(other.tokens) })).statusCode, 404);
      const theirs = (await get('/v1/farms?limit=200', other.tokens)).json();
      assert.ok(!theirs.items.some((f: { id: string }) => f.id === mine.id));
      assert.deepEqual((await get(`/v1/farms?farmerId=${mine.farmerId}`, other.tokens)).json().items, []);
      assert.equal((await get(url)).json().name, 'Private farm');
    });

    it('a farmer sees only their own farms and may not write; a viewer reads all and may not write', async () => {
      const place = await createTenant(t.app);
      const member = await addMember(t.app, place, 'farmer');
      const viewer = await addMember(t.app, place, 'viewer');
      const own = await farmer(place.tokens, { userId: member.user.id });
      const someoneElse = await farmer(place.tokens);
      const ownFarm = await farm(own, 'Own farm', place.tokens);
      const otherFarm = await farm(someoneElse, 'Neighbour farm', place.tokens);

      assert.equal((await get(`/v1/farms/${ownFarm.id}`, member.tokens)).statusCode, 200);
      assert.equal((await get(`/v1/farms/${otherFarm.id}`, member.tokens)).statusCode, 404);
      assert.deepEqual(
        (await get('/v1/farms', member.tokens)).json().items.map((f: { id: string }) => f.id),
        [ownFarm.id],
      );
      assert.deepEqual((await get(`/v1/farms?farmerId=${someoneElse}`, member.tokens)).json().items, []);
      assert.equal((await get('/v1/farms', viewer.tokens)).json().items.length, 2);

      for (const tokens of [member.tokens, viewer.tokens]) {
        assert.equal((await post('/v1/farms', { farmerId: own, name: 'New' }, tokens)).statusCode, 403);
        assert.equal((await patch(`/v1/farms/${ownFarm.id}`, { name: 'Renamed' }, tokens)).statusCode, 403);
        assert.equal((await t.app.inject({ method: 'DELETE', url: `/v1/farms/${ownFarm.id}`, headers: bearer(tokens) })).statusCode, 403);
      }
      const agronomist = await addMember(t.app, place, 'agronomist');
      assert.equal((await post('/v1/farms', { farmerId: own, name: 'By the agronomist' }, agronomist.tokens)).statusCode, 201);
    });
  });
}
