import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/** A square of about 150 m around a point near Nairobi: outside India. */
const nairobi = {
  type: 'Polygon',
  coordinates: [
    [
      [36.82, -1.29],
      [36.8213, -1.29],
      [36.8213, -1.2887],
      [36.82, -1.2887],
      [36.82, -1.29],
    ],
  ],
};

/** GET/PATCH /v1/tenants/{id}/settings: members read, admins change with If-Match, every change audited. */
for (const mode of storageModes) {
  describe(`tenant settings (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let agronomist: TokenSet;
    let viewer: TokenSet;
    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
      agronomist = (await addMember(t.app, tenant, 'agronomist')).tokens;
      viewer = (await addMember(t.app, tenant, 'viewer')).tokens;
    });
    after(async () => t?.close());

    const url = () => `/v1/tenants/${tenant.id}/settings`;
    const read = (tokens: TokenSet = tenant.tokens, headers: Record<string, string> = {}) =>
      t.app.inject({ url: url(), headers: { ...bearer(tokens), ...headers } });
    const patch = (payload: unknown, headers: Record<string, string> = {}, tokens: TokenSet = tenant.tokens) =>
      t.app.inject({ method: 'PATCH', url: url(), headers: { ...bearer(tokens), ...headers }, payload: payload as object });

    it('reads the defaults with an ETag; any member may read, and If-None-Match answers 304', async () => {
      const response = await read(viewer);
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), { allowOutsideIndia: false, defaultLanguage: 'en', transportCostInrPerQuintalKm: null });
      const etag = String(response.headers.etag);
      assert.match(etag, /^"v\d+"$/);
      assert.equal((await read(viewer, { 'if-none-match': etag })).statusCode, 304);
    });

    it('an admin changes settings with If-Match; a boundary abroad is then accepted; the change is audited', async () => {
      const farmer = await t.app.inject({
        method: 'POST',
        url: '/v1/farmers',
        headers: bearer(tenant.tokens),
        payload: { name: 'Wanjiru', state: 'Maharashtra' },
      });
      const farm = await t.app.inject({
        method: 'POST',
        url: '/v1/farms',
        headers: bearer(tenant.tokens),
        payload: { farmerId: farmer.json().id, name: 'Farm' },
      });
      const newField = () =>
        t.app.inject({
          method: 'POST',
          url: '/v1/fields',
          headers: bearer(tenant.tokens),
          payload: { farmId: farm.json().id, name: 'Abroad', boundary: nairobi },
        });
      assert.equal((await newField()).statusCode, 422);

      const etag = String((await read()).headers.etag);
      const changed = await patch(
        { allowOutsideIndia: true, defaultLanguage: 'hi', transportCostInrPerQuintalKm: 1.5 },
        { 'if-match': etag },
      );
      assert.equal(changed.statusCode, 200, changed.body);
      assert.deepEqual(changed.json(), { allowOutsideIndia: true, defaultLanguage: 'hi', transportCostInrPerQuintalKm: 1.5 });
      assert.notEqual(changed.headers.etag, etag);
      assert.deepEqual((await read(agronomist)).json(), changed.json());
      assert.equal((await newField()).statusCode, 201);

      const audit = await t.app.inject({ url: '/v1/audit-events?action=tenant.settings_changed', headers: bearer(tenant.tokens) });
      assert.equal(audit.statusCode, 200, audit.body);
      const [event] = audit.json().items;
      assert.deepEqual(event.details, {
        from: { allowOutsideIndia: false, defaultLanguage: 'en', transportCostInrPerQuintalKm: null },
        to: { allowOutsideIndia: true, defaultLanguage: 'hi', transportCostInrPerQuintalKm: 1.5 },
      });
    });

    it("advisories speak the organisation's language unless asked for another; best markets use its transport cost", async () => {
      const post = async (path: string, payload: Record<string, unknown>) =>
        (await t.app.inject({ method: 'POST', url: path, headers: bearer(tenant.tokens), payload })).json();
      const farmer = await post('/v1/farmers', { name: 'Ravi', state: 'Maharashtra' });
      const farm = await post('/v1/farms', { farmerId: farmer.id, name: 'Farm' });
      const field = await post('/v1/fields', { farmId: farm.id, name: 'Plot', boundary: plot(19.99, 73.79) });
      const advisory = (headers: Record<string, string> = {}) =>
        t.app.inject({ url: `/v1/fields/${field.id}/advisories`, headers: { ...bearer(tenant.tokens), ...headers } });
      const inHindi = await advisory();
      assert.equal(inHindi.statusCode, 200, inHindi.body);
      assert.equal(inHindi.json().language, 'hi');
      assert.equal((await advisory({ 'accept-language': 'en' })).json().language, 'en');
      const markets = await t.app.inject({ url: `/v1/fields/${field.id}/best-markets?commodity=wheat`, headers: bearer(tenant.tokens) });
      assert.equal(markets.statusCode, 200, markets.body);
      assert.equal(markets.json().transportCostInrPerQuintalKm, 1.5);
      const asked = await t.app.inject({
        url: `/v1/fields/${field.id}/best-markets?commodity=wheat&transportCostInrPerQuintalKm=2`,
        headers: bearer(tenant.tokens),
      });
      assert.equal(asked.json().transportCostInrPerQuintalKm, 2, 'a cost asked for wins');
    });

    it('a stale If-Match answers 412 with the current settings and changes nothing', async () => {
      const before = await read();
      const stale = await patch({ defaultLanguage: 'en' }, { 'if-match': '"v1"' });
      assert.equal(stale.statusCode, 412, stale.body);
      assert.deepEqual(stale.json().current, before.json());
      assert.deepEqual((await read()).json(), before.json());
    });

    it('null puts the transport cost back to the deployment default; keys left out keep their value', async () => {
      const reset = await patch({ transportCostInrPerQuintalKm: null });
      assert.equal(reset.statusCode, 200, reset.body);
      assert.equal(reset.json().transportCostInrPerQuintalKm, null);
      assert.equal(reset.json().defaultLanguage, 'hi');
    });

    it('refuses bad settings with 422 and changes nothing', async () => {
      const before = (await read()).json();
      for (const payload of [
        { defaultLanguage: 'fr' },
        { transportCostInrPerQuintalKm: -1 },
        { colour: 'green' },
        {},
        { allowOutsideIndia: 'yes' },
      ]) {
        const response = await patch(payload);
        assert.equal(response.statusCode, 422, `${JSON.stringify(payload)}: ${response.body}`);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      }
      assert.deepEqual((await read()).json(), before);
    });

    it('only an admin changes them; another tenant sees no such tenant', async () => {
      assert.equal((await patch({ defaultLanguage: 'en' }, {}, agronomist)).statusCode, 403);
      assert.equal((await patch({ defaultLanguage: 'en' }, {}, viewer)).statusCode, 403);
      const stranger = await createTenant(t.app);
      assert.equal((await read(stranger.tokens)).statusCode, 404);
      assert.equal((await patch({ defaultLanguage: 'en' }, {}, stranger.tokens)).statusCode, 404);
    });
  });
}
