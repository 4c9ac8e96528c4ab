import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { asPrincipal, buildTestApp, type TestApp } from '../support/app.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';
import { startOpenWeatherApp, type OpenWeatherApp } from '../support/openweather-app.js';
import type { OpenWeatherStub } from '../stubs/openweather.js';

/** GET /v1/geocode and /v1/geocode/reverse: the gazetteer without a key, OpenWeather with one. */

const query = (params: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
const geocode = (params: Record<string, string | number>) => `/v1/geocode?${query(params)}`;
const reverse = (params: Record<string, string | number>) => `/v1/geocode/reverse?${query(params)}`;

for (const mode of storageModes) {
  describe(`geocoding without a key: the offline gazetteer (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
    });
    after(async () => t?.close());

    it('finds a district by name, with its state, country and Hindi name, and says the gazetteer answered', async () => {
      const response = await t.app.inject({ url: geocode({ q: 'Nashik, Maharashtra' }), headers: bearer(tenant.tokens) });
      assert.equal(response.statusCode, 200, response.body);
      const answer = response.json();
      assert.equal(answer.source, 'gazetteer');
      assert.deepEqual(answer.results[0], {
        name: 'Nashik',
        state: 'Maharashtra',
        country: 'IN',
        lat: 19.99727,
        lon: 73.79096,
        localNames: { hi: 'नासिक' },
      });
      const hindi = (await t.app.inject({ url: geocode({ q: 'लुधियाना' }), headers: bearer(tenant.tokens) })).json();
      assert.equal(hindi.results[0].name, 'Ludhiana');
    });

    it('answers at most `limit` places (5 by default), and 200 with none for a name it does not know', async () => {
      const caller = asPrincipal({ tenantId: null, role: 'user' });
      const all = (await t.app.inject({ url: geocode({ q: 'pur' }), headers: caller })).json();
      assert.equal(all.results.length, 5);
      const two = (await t.app.inject({ url: geocode({ q: 'pur', limit: 2 }), headers: caller })).json();
      assert.deepEqual(two.results, all.results.slice(0, 2));
      const none = await t.app.inject({ url: geocode({ q: 'Qqqzzzx' }), headers: caller });
      assert.equal(none.statusCode, 200);
      assert.deepEqual(none.json(), { source: 'gazetteer', results: [] });
    });

    it('reverse: the nearest district headquarters first, with distanceKm', async () => {
      const response = await t.app.inject({ url: reverse({ lat: 30.9, lon: 75.85, limit: 3 }), headers: bearer(tenant.tokens) });
      assert.equal(response.statusCode, 200, response.body);
      const answer = response.json();
      assert.equal(answer.source, 'gazetteer');
      assert.equal(answer.results.length, 3);
      assert.equal(answer.results[0].name, 'Ludhiana');
      assert.equal(answer.results[0].state, 'Punjab');
      assert.ok(answer.results[0].distanceKm < 3);
      assert.ok(answer.results[1].distanceKm >= answer.results[0].distanceKm);
      const far = (await t.app.inject({ url: reverse({ lat: 51.5, lon: -0.12 }), headers: bearer(tenant.tokens) })).json();
      assert.deepEqual(far.results, []);
    });

    it('422 problems for an empty, blank or over-long q, a limit outside 1-5 and impossible coordinates; 401 without a caller', async () => {
      const headers = bearer(tenant.tokens);
      for (const [url, path] of [
        [geocode({ q: '' }), 'query.q'],
        [geocode({ q: '   ' }), 'query.q'],
        [geocode({ q: 'x'.repeat(101) }), 'query.q'],
        ['/v1/geocode', 'query.q'],
        [geocode({ q: 'Nashik', limit: 0 }), 'query.limit'],
        [geocode({ q: 'Nashik', limit: 6 }), 'query.limit'],
        [reverse({ lat: 91, lon: 75 }), 'query.lat'],
        [reverse({ lat: 30, lon: 181 }), 'query.lon'],
        [reverse({ lat: 30.9, lon: 75.85, limit: 9 }), 'query.limit'],
      ] as const) {
        const response = await t.app.inject({ url, headers });
        assert.equal(response.statusCode, 422, `${url}: ${response.body}`);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        assert.ok(
          response.json().errors.some((e: { path: string }) => e.path === path),
          `${url}: ${response.body}`,
        );
      }
      assert.equal((await t.app.inject({ url: geocode({ q: 'x'.repeat(100) }), headers })).statusCode, 200, '100 characters are allowed');
      assert.equal((await t.app.inject({ url: geocode({ q: 'Nashik' }) })).statusCode, 401);
      assert.equal((await t.app.inject({ url: reverse({ lat: 30.9, lon: 75.85 }) })).statusCode, 401);
    });

    it('is described in the OpenAPI document, with the answer schema', async () => {
      const openapi = (await t.app.inject({ url: '/openapi.json' })).json();
      for (const path of ['/v1/geocode', '/v1/geocode/reverse']) {
        const get = openapi.paths[path]?.get;
        assert.ok(get, path);
        const schema = get.responses['200'].content['application/json'].schema;
        assert.deepEqual(Object.keys(schema.properties).sort(), ['results', 'source']);
        assert.ok(get.responses['422'], `${path} documents its 422`);
      }
    });
  });
}

describe('geocoding with an OpenWeather key (loopback stub)', () => {
  let stub: OpenWeatherStub;
  let t: TestApp;
  let tenant: TestTenant;
  let openWeather: OpenWeatherApp | undefined;
  before(async () => {
    openWeather = await startOpenWeatherApp();
    ({ stub, t, tenant } = openWeather);
  });
  after(() => openWeather?.close());

  it('answers from OpenWeather, and from the gazetteer while OpenWeather answers 500', async () => {
    const headers = bearer(tenant.tokens);
    const upstream = (await t.app.inject({ url: geocode({ q: 'Nashik' }), headers })).json();
    assert.equal(upstream.source, 'openweather');
    assert.deepEqual(upstream.results[0], {
      name: 'Nashik',
      state: 'Maharashtra',
      country: 'IN',
      lat: 19.9975,
      lon: 73.7898,
      localNames: { en: 'Nashik', hi: 'नाशिक', mr: 'नाशिक' },
    });
    assert.equal(stub.requests.at(-1)!.searchParams.get('q'), 'Nashik,IN');
    const near = (await t.app.inject({ url: reverse({ lat: 30.9, lon: 75.85, limit: 1 }), headers })).json();
    assert.equal(near.source, 'openweather');
    assert.equal(near.results[0].name, 'Ludhiana');
    assert.equal(typeof near.results[0].distanceKm, 'number');

    stub.setFailure(500);
    try {
      const fallback = (await t.app.inject({ url: geocode({ q: 'Nashik' }), headers })).json();
      assert.equal(fallback.source, 'gazetteer');
      assert.equal(fallback.results[0].name, 'Nashik');
      const nearFallback = (await t.app.inject({ url: reverse({ lat: 30.9, lon: 75.85 }), headers })).json();
      assert.equal(nearFallback.source, 'gazetteer');
      assert.equal(nearFallback.results[0].name, 'Ludhiana');
    } finally {
      stub.setFailure(null);
    }
  });
});
