import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/**
 * Input no route can use is refused at the edge, for every route, as a 4xx problem naming the
 * parameter, and changes nothing: a NUL character in any string (PostgreSQL stores none), a number
 * that is not finite, a JSON body, query or path that is not UTF-8.
 */

const utf8Json = (text: string) => Buffer.from(text, 'utf8');

for (const mode of storageModes) {
  describe(`input no route can use is refused at the edge (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let fieldId: string;
    let farmerId: string;

    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
      const farmer = await t.app.inject({
        method: 'POST',
        url: '/v1/farmers',
        headers: bearer(tenant.tokens),
        payload: { name: 'Edge Farmer', state: 'Maharashtra' },
      });
      assert.equal(farmer.statusCode, 201, farmer.body);
      farmerId = farmer.json().id;
      const farm = await t.app.inject({
        method: 'POST',
        url: '/v1/farms',
        headers: bearer(tenant.tokens),
        payload: { farmerId, name: 'Edge farm' },
      });
      assert.equal(farm.statusCode, 201, farm.body);
      const field = await t.app.inject({
        method: 'POST',
        url: '/v1/fields',
        headers: bearer(tenant.tokens),
        payload: { farmId: farm.json().id, name: 'Edge field', boundary: plot(19.9, 73.8) },
      });
      assert.equal(field.statusCode, 201, field.body);
      fieldId = field.json().id;
    });
    after(async () => t?.close());

    const send = (options: InjectOptions) =>
      t.app.inject({ ...options, headers: { ...bearer(tenant.tokens), ...(options.headers as Record<string, string>) } });

    const farmerNames = async () =>
      (await t.app.resources.db.tenant(tenant.id, (tx) => tx.query<{ name: string }>('SELECT name FROM farmers ORDER BY id'))).rows.map(
        (r) => r.name,
      );

    /** A 4xx problem+json (never a 500) whose errors name `path`. */
    function refusedNaming(response: LightMyRequestResponse, status: number, path: string, message: RegExp) {
      assert.equal(response.statusCode, status, response.body);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      const body = response.json();
      assert.equal(body.status, status);
      const named = (body.errors as { path: string; message: string }[]).find((e) => e.path === path);
      assert.ok(named, `${path} in ${JSON.stringify(body.errors)}`);
      assert.match(named.message, message);
      assert.match(body.detail, new RegExp(path.replaceAll('.', '\\.')));
    }

    it('a NUL character in a query filter, a path parameter or a JSON body is 422 naming it, and stores nothing', async () => {
      const before = await farmerNames();
      for (const name of ['q', 'village', 'district', 'state', 'phone']) {
        refusedNaming(await send({ url: `/v1/farmers?${name}=a%00b` }), 422, `query.${name}`, /NUL/);
      }
      refusedNaming(await send({ url: '/v1/crops/%00' }), 422, 'path.code', /NUL/);
      refusedNaming(await send({ url: '/v1/fields/%00' }), 422, 'path.id', /NUL/);

      refusedNaming(
        await send({ method: 'POST', url: '/v1/farmers', payload: { name: 'Ra\u0000m', state: 'Maharashtra' } }),
        422,
        'body.name',
        /NUL/,
      );
      refusedNaming(
        await send({ method: 'PATCH', url: `/v1/farmers/${farmerId}`, headers: { 'if-match': '"v1"' }, payload: { village: '\u0000' } }),
        422,
        'body.village',
        /NUL/,
      );
      refusedNaming(
        await send({
          method: 'POST',
          url: '/v1/fields',
          payload: { farmId: farmerId, name: 'N', boundary: { type: 'Polygon', coordinates: [], 'x\u0000': 1 } },
        }),
        422,
        'body.boundary',
        /property name with a NUL/,
      );
      assert.deepEqual(await farmerNames(), before);
    });

    it('a NUL character in the OAuth username, as JSON or as a form, is refused before any look-up', async () => {
      const json = await t.app.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: { grant_type: 'password', username: `${tenant.admin.email}\u0000`, password: tenant.admin.password },
      });
      refusedNaming(json, 422, 'body.username', /NUL/);
      const form = await t.app.inject({
        method: 'POST',
        url: '/oauth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `grant_type=password&username=a%00b&password=${encodeURIComponent(tenant.admin.password)}`,
      });
      refusedNaming(form, 422, 'body.username', /NUL/);
    });

    it('limit, k and radiusKm of Infinity, -Infinity or 1e309 are 422 naming the parameter', async () => {
      for (const value of ['Infinity', '-Infinity', '1e309', '-1e309']) {
        refusedNaming(await send({ url: `/v1/fields?limit=${value}` }), 422, 'query.limit', /finite/);
        refusedNaming(await send({ url: `/v1/farmers?limit=${value}` }), 422, 'query.limit', /finite/);
        refusedNaming(await send({ url: `/v1/fields?near=19.9,73.8&radiusKm=${value}` }), 422, 'query.radiusKm', /finite/);
        refusedNaming(await send({ url: `/v1/fields/${fieldId}/zones?k=${value}` }), 422, 'query.k', /finite/);
      }
      // A body number that overflows to Infinity is refused too, and nothing is stored.
      const before = await farmerNames();
      const overflow = await send({
        method: 'POST',
        url: '/v1/farmers',
        headers: { 'content-type': 'application/json' },
        payload: utf8Json('{"name":"Overflow","state":"Maharashtra","landHoldingHa":1e309}'),
      });
      assert.equal(overflow.statusCode, 422, overflow.body);
      assert.match(overflow.json().detail, /body\.landHoldingHa/);
      assert.deepEqual(await farmerNames(), before);
    });

    it('a JSON body that is not UTF-8 is 400, not stored with U+FFFD in place of its bytes', async () => {
      const before = await farmerNames();
      for (const bytes of [
        // {"name":"<0xff>","state":"M"}
        Buffer.concat([utf8Json('{"name":"'), Buffer.from([0xff]), utf8Json('","state":"Maharashtra"}')]),
        // a truncated two-byte sequence, and an overlong encoding of "/"
        Buffer.concat([utf8Json('{"name":"'), Buffer.from([0xc3]), utf8Json('","state":"Maharashtra"}')]),
        Buffer.concat([utf8Json('{"name":"'), Buffer.from([0xc0, 0xaf]), utf8Json('","state":"Maharashtra"}')]),
      ]) {
        const response = await send({
          method: 'POST',
          url: '/v1/farmers',
          headers: { 'content-type': 'application/json' },
          payload: bytes,
        });
        assert.equal(response.statusCode, 400, response.body);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        assert.match(response.json().detail, /not valid UTF-8/);
      }
      const bare = await t.app.inject({
        method: 'POST',
        url: '/oauth/token',
        headers: { 'content-type': 'application/json' },
        payload: Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
      });
      assert.equal(bare.statusCode, 400, bare.body);
      assert.deepEqual(await farmerNames(), before);
    });

    it('a query or path whose percent-encoding is not UTF-8 is 400 naming the parameter, not a search for U+FFFD', async () => {
      for (const brokenEscape of ['%FF', '%C3%28', '%ED%A0%80', '%C0%AF', '100%', '%E0%A4']) {
        refusedNaming(await send({ url: `/v1/farmers?state=${brokenEscape}` }), 400, 'query.state', /percent-encoded UTF-8/);
        refusedNaming(await send({ url: `/v1/fields?cursor=${brokenEscape}&limit=5` }), 400, 'query.cursor', /percent-encoded UTF-8/);
      }
      refusedNaming(await send({ url: '/v1/farmers?%FF=1' }), 400, 'query.%FF', /percent-encoded UTF-8/);
      for (const url of ['/v1/fields/%FF', `/v1/farmers/%C3%28`, '/v1/crops/%ED%A0%80']) {
        const response = await send({ url });
        assert.equal(response.statusCode, 400, response.body);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        assert.match(response.json().detail, /percent-encoded UTF-8/);
      }
      // Valid escapes of non-Latin text, and a plus for a space, still search.
      const devanagari = await send({ url: `/v1/farmers?state=${encodeURIComponent('महाराष्ट्र')}&q=a+b` });
      assert.equal(devanagari.statusCode, 200, devanagari.body);
    });

    it('what is valid still passes: "Infinity" as a text filter, a large finite limit bound, non-Latin names', async () => {
      const text = await send({ url: '/v1/farmers?q=Infinity' });
      assert.equal(text.statusCode, 200, text.body);
      assert.deepEqual(text.json().items, []);
      refusedNaming(await send({ url: '/v1/fields?limit=1e308' }), 422, 'query.limit', /<= 200/);
      const name = 'रामू पाटील';
      const created = await send({
        method: 'POST',
        url: '/v1/farmers',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        payload: utf8Json(JSON.stringify({ name, state: 'महाराष्ट्र' })),
      });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().name, name);
      const zones = await send({ url: `/v1/fields/${fieldId}/zones?k=3` });
      assert.notEqual(zones.statusCode, 500, zones.body);
    });
  });
}
