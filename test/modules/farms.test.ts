import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createKhetiClient } from '../../client/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { addMember, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { plot } from '../support/geometry.js';
import { storageModes } from '../support/storage-modes.js';

/**
 * Farms: CRUD, client ids, If-Match, the farmer they belong to, isolation and the farmer scope.
 * Every call goes through the typed client (client/index.ts) to a listening server, as an
 * integration would: the paths, parameters and bodies are checked against the OpenAPI document.
 */

for (const mode of storageModes) {
  describe(`farms (${mode.name})`, () => {
    let t: TestApp;
    let baseUrl: string;
    let tenant: TestTenant;
    let other: TestTenant;

    before(async () => {
      t = await buildTestApp(mode);
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      tenant = await createTenant(t.app);
      other = await createTenant(t.app);
    });
    after(async () => t?.close());

    /** The API as the holder of these tokens calls it. */
    const as = (tokens: TokenSet = tenant.tokens) => createKhetiClient(baseUrl, tokens.access_token);
    const path = (id: string) => ({ params: { path: { id } } });
    const ifMatch = (etag?: string) => (etag ? { 'if-match': etag } : {});

    async function farmer(tokens: TokenSet = tenant.tokens, extra: { userId?: string } = {}) {
      const { data, response, error } = await as(tokens).POST('/v1/farmers', {
        body: { name: 'Farm Holder', state: 'Madhya Pradesh', ...extra },
      });
      assert.equal(response.status, 201, JSON.stringify(error));
      return data!.id;
    }

    async function farm(farmerId: string, name = 'Farm', tokens: TokenSet = tenant.tokens) {
      const { data, response, error } = await as(tokens).POST('/v1/farms', { body: { farmerId, name, village: 'Sehore' } });
      assert.equal(response.status, 201, JSON.stringify(error));
      return data!;
    }

    it('registers, reads (ETag, 304), changes with If-Match and deletes a farm', async () => {
      const farmerId = await farmer();
      const api = as();
      const created = await api.POST('/v1/farms', {
        body: { farmerId, name: 'Mango orchard', village: 'Ashta', district: 'Sehore', state: 'Madhya Pradesh' },
      });
      assert.equal(created.response.status, 201, JSON.stringify(created.error));
      const body = created.data!;
      assert.equal(body.farmerId, farmerId);
      assert.equal(body.district, 'Sehore');
      assert.equal(body.version, 1);
      assert.equal(created.response.headers.get('etag'), '"v1"');
      assert.equal(created.response.headers.get('location'), `/v1/farms/${body.id}`);
      const id = path(body.id);

      const read = await api.GET('/v1/farms/{id}', id);
      assert.deepEqual(read.data, body);
      assert.equal(read.response.headers.get('etag'), '"v1"');
      assert.equal((await api.GET('/v1/farms/{id}', { ...id, headers: { 'if-none-match': '"v1"' } })).response.status, 304);

      const changed = await api.PATCH('/v1/farms/{id}', {
        ...id,
        headers: ifMatch('"v1"'),
        body: { name: 'Mango and guava orchard', village: null },
      });
      assert.equal(changed.response.status, 200, JSON.stringify(changed.error));
      assert.equal(changed.data!.village, null);
      assert.equal(changed.data!.version, 2);
      const stale = await api.PATCH('/v1/farms/{id}', { ...id, headers: ifMatch('"v1"'), body: { name: 'Lost edit' } });
      assert.equal(stale.response.status, 412);
      assert.equal((stale.error!.current as { name: string }).name, 'Mango and guava orchard');
      assert.equal(stale.response.headers.get('etag'), '"v2"');

      assert.equal((await api.DELETE('/v1/farms/{id}', { ...id, headers: ifMatch('"v1"') })).response.status, 412);
      assert.equal((await api.DELETE('/v1/farms/{id}', id)).response.status, 204);
      const gone = await api.GET('/v1/farms/{id}', id);
      assert.equal(gone.response.status, 404);
      assert.equal(gone.error?.detail, 'No such farm');
      assert.equal((await api.DELETE('/v1/farms/{id}', id)).response.status, 404);
    });

    it('a retried offline create returns the first record (200); another tenant may use the same id for its own farm (201)', async () => {
      const farmerId = await farmer();
      const id = '01930000-0000-7000-8000-00000000fa01';
      const first = await as().POST('/v1/farms', { body: { id, farmerId, name: 'Offline farm' } });
      const retry = await as().POST('/v1/farms', { body: { id, farmerId, name: 'Offline farm' } });
      assert.equal(first.response.status, 201, JSON.stringify(first.error));
      assert.equal(retry.response.status, 200, JSON.stringify(retry.error));
      assert.deepEqual(retry.data, first.data);
      const theirs = await farmer(other.tokens);
      // Ids are unique per tenant: the answer must not tell the other tenant that this one uses the id.
      assert.equal((await as(other.tokens).POST('/v1/farms', { body: { id, farmerId: theirs, name: 'Same id' } })).response.status, 201);
    });

    it("refuses a farmer that is unknown or another tenant's with 422 naming farmerId", async () => {
      const foreign = await farmer(other.tokens);
      const paths = (error: { errors?: { path: string }[] } | undefined) => (error?.errors ?? []).map((e) => e.path).sort();
      for (const farmerId of [foreign, '01930000-0000-7000-8000-000000000bad']) {
        const refused = await as().POST('/v1/farms', { body: { farmerId, name: 'Nowhere' } });
        assert.equal(refused.response.status, 422, JSON.stringify(refused.error));
        assert.deepEqual(paths(refused.error), ['body.farmerId']);
        const mine = await farm(await farmer());
        const moved = await as().PATCH('/v1/farms/{id}', { ...path(mine.id), body: { farmerId } });
        assert.equal(moved.response.status, 422, JSON.stringify(moved.error));
        assert.deepEqual(paths(moved.error), ['body.farmerId']);
      }
      const invalid = await as().POST('/v1/farms', { body: { farmerId: 'not-a-uuid', name: '' } });
      assert.equal(invalid.response.status, 422);
      assert.deepEqual(paths(invalid.error), ['body.farmerId', 'body.name']);
    });

    it('lists by name with cursor pagination and a farmerId filter', async () => {
      const place = await createTenant(t.app);
      const ramesh = await farmer(place.tokens);
      const sita = await farmer(place.tokens);
      for (const name of ['Chana plot', 'Aam bagh', 'Bhindi patch']) await farm(ramesh, name, place.tokens);
      await farm(sita, 'Aam bagh', place.tokens);
      const page = async (query: { limit?: number; cursor?: string; farmerId?: string }) => {
        const { data, response, error } = await as(place.tokens).GET('/v1/farms', { params: { query } });
        assert.equal(response.status, 200, JSON.stringify(error));
        return data!;
      };
      const first = await page({ limit: 2 });
      assert.deepEqual(
        first.items.map((f) => f.name),
        ['Aam bagh', 'Aam bagh'],
      );
      const second = await page({ limit: 2, cursor: first.nextCursor! });
      assert.deepEqual(
        second.items.map((f) => f.name),
        ['Bhindi patch', 'Chana plot'],
      );
      assert.equal(second.nextCursor, null);
      const own = await page({ farmerId: ramesh });
      assert.deepEqual(
        own.items.map((f) => f.name),
        ['Aam bagh', 'Bhindi patch', 'Chana plot'],
      );
      assert.ok(own.items.every((f) => f.farmerId === ramesh));
      assert.equal((await as(place.tokens).GET('/v1/farms', { params: { query: { cursor: 'garbage' } } })).response.status, 422);
    });

    it('moving a farm to another farmer takes its fields, crop cycles and soil tests along', async () => {
      const api = as();
      const from = await farmer();
      const to = await farmer();
      const moving = await farm(from, 'Changing hands');
      const field = await api.POST('/v1/fields', { body: { farmId: moving.id, name: 'Only field', boundary: plot(22.7, 75.9) } });
      assert.equal(field.response.status, 201, JSON.stringify(field.error));
      const fieldId = field.data!.id;
      const cycle = await api.POST('/v1/fields/{id}/crop-cycles', {
        ...path(fieldId),
        body: { crop: 'soybean', season: 'kharif', sowingDate: '2025-06-25' },
      });
      assert.equal(cycle.response.status, 201, JSON.stringify(cycle.error));
      const test = await api.POST('/v1/fields/{id}/soil-tests', { ...path(fieldId), body: { sampledOn: '2025-05-01', ph: 7.4 } });
      assert.equal(test.response.status, 201, JSON.stringify(test.error));

      const moved = await api.PATCH('/v1/farms/{id}', { ...path(moving.id), headers: ifMatch('"v1"'), body: { farmerId: to } });
      assert.equal(moved.response.status, 200, JSON.stringify(moved.error));
      assert.equal(moved.data!.farmerId, to);
      assert.equal((await api.GET('/v1/fields/{id}', path(fieldId))).data!.farmerId, to);
      assert.equal((await api.GET('/v1/crop-cycles/{id}', path(cycle.data!.id))).data!.farmerId, to);
      assert.equal((await api.GET('/v1/soil-tests/{id}', path(test.data!.id))).data!.farmerId, to);
      assert.deepEqual((await api.GET('/v1/fields', { params: { query: { farmerId: from } } })).data!.items, []);

      assert.equal((await api.DELETE('/v1/farms/{id}', path(moving.id))).response.status, 204);
      assert.equal((await api.GET('/v1/fields/{id}', path(fieldId))).response.status, 404, 'a farm goes with its fields');
      assert.equal((await api.GET('/v1/crop-cycles/{id}', path(cycle.data!.id))).response.status, 404);
    });

    it('another tenant gets 404 on the farm and lists none of it', async () => {
      const mine = await farm(await farmer(), 'Private farm');
      const theirs = as(other.tokens);
      assert.equal((await theirs.GET('/v1/farms/{id}', path(mine.id))).response.status, 404);
      assert.equal((await theirs.PATCH('/v1/farms/{id}', { ...path(mine.id), body: { name: 'Taken' } })).response.status, 404);
      assert.equal((await theirs.DELETE('/v1/farms/{id}', path(mine.id))).response.status, 404);
      const listed = (await theirs.GET('/v1/farms', { params: { query: { limit: 200 } } })).data!;
      assert.ok(!listed.items.some((f) => f.id === mine.id));
      assert.deepEqual((await theirs.GET('/v1/farms', { params: { query: { farmerId: mine.farmerId } } })).data!.items, []);
      assert.equal((await as().GET('/v1/farms/{id}', path(mine.id))).data!.name, 'Private farm');
    });

    it('a farmer sees only their own farms and may not write; a viewer reads all and may not write', async () => {
      const place = await createTenant(t.app);
      const member = await addMember(t.app, place, 'farmer');
      const viewer = await addMember(t.app, place, 'viewer');
      const own = await farmer(place.tokens, { userId: member.user.id });
      const someoneElse = await farmer(place.tokens);
      const ownFarm = await farm(own, 'Own farm', place.tokens);
      const otherFarm = await farm(someoneElse, 'Neighbour farm', place.tokens);

      const asFarmer = as(member.tokens);
      assert.equal((await asFarmer.GET('/v1/farms/{id}', path(ownFarm.id))).response.status, 200);
      assert.equal((await asFarmer.GET('/v1/farms/{id}', path(otherFarm.id))).response.status, 404);
      assert.deepEqual(
        (await asFarmer.GET('/v1/farms')).data!.items.map((f) => f.id),
        [ownFarm.id],
      );
      assert.deepEqual((await asFarmer.GET('/v1/farms', { params: { query: { farmerId: someoneElse } } })).data!.items, []);
      assert.equal((await as(viewer.tokens).GET('/v1/farms')).data!.items.length, 2);

      for (const tokens of [member.tokens, viewer.tokens]) {
        const api = as(tokens);
        assert.equal((await api.POST('/v1/farms', { body: { farmerId: own, name: 'New' } })).response.status, 403);
        assert.equal((await api.PATCH('/v1/farms/{id}', { ...path(ownFarm.id), body: { name: 'Renamed' } })).response.status, 403);
        assert.equal((await api.DELETE('/v1/farms/{id}', path(ownFarm.id))).response.status, 403);
      }
      const agronomist = await addMember(t.app, place, 'agronomist');
      const byAgronomist = await as(agronomist.tokens).POST('/v1/farms', { body: { farmerId: own, name: 'By the agronomist' } });
      assert.equal(byAgronomist.response.status, 201);
    });
  });
}
