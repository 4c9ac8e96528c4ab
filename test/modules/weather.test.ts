import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';
import { startOpenWeatherApp, type OpenWeatherApp } from '../support/openweather-app.js';
import { FIXTURE_CURRENT, type OpenWeatherStub } from '../stubs/openweather.js';

async function fieldOf(t: TestApp, tenant: TestTenant) {
  const post = async (url: string, payload: Record<string, unknown>) =>
    (await t.app.inject({ method: 'POST', url, headers: bearer(tenant.tokens), payload })).json();
  const farmer = await post('/v1/farmers', { name: 'Weather Farmer', state: 'Maharashtra' });
  const farm = await post('/v1/farms', { farmerId: farmer.id, name: 'Farm' });
  return post('/v1/fields', { farmId: farm.id, name: 'Plot', boundary: plot(19.99, 73.79) });
}

for (const mode of storageModes) {
  describe(`weather without a key: the offline twin (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
    });
    after(async () => t?.close());

    it("answers a field's forecast from the synthetic source, labelled as such", async () => {
      const field = await fieldOf(t, tenant);
      const response = await t.app.inject({ url: `/v1/fields/${field.id}/weather`, headers: bearer(tenant.tokens) });
      assert.equal(response.statusCode, 200, response.body);
      const weather = response.json();
      assert.equal(weather.source, 'synthetic');
      assert.equal(weather.stale, false);
      assert.equal(weather.hourly.length, 48);
      assert.equal(weather.daily.length, 7);
      assert.equal(typeof weather.current.tempC, 'number');
      const byPlace = (
        await t.app.inject({ url: `/v1/weather?lat=${field.centroid.lat}&lon=${field.centroid.lon}`, headers: bearer(tenant.tokens) })
      ).json();
      assert.deepEqual(byPlace.daily, weather.daily, 'the same cell, the same answer');
      // The field's answer is sent as stored; the place's goes through the route's schema serializer.
      assert.match(String(response.headers['content-type']), /^application\/json; charset=utf-8$/);
      assert.deepEqual(weather, byPlace, 'the stored JSON says what the schema would have sent');
      const again = await t.app.inject({ url: `/v1/fields/${field.id}/weather`, headers: bearer(tenant.tokens) });
      assert.equal(again.body, response.body, "a warm read answers this process's copy, byte for byte");
    });

    it('needs a caller, valid coordinates and a visible field', async () => {
      assert.equal((await t.app.inject({ url: '/v1/weather?lat=20&lon=78' })).statusCode, 401);
      assert.equal((await t.app.inject({ url: '/v1/weather?lat=120&lon=78', headers: bearer(tenant.tokens) })).statusCode, 422);
      const field = await fieldOf(t, tenant);
      const other = await createTenant(t.app);
      assert.equal((await t.app.inject({ url: `/v1/fields/${field.id}/weather`, headers: bearer(other.tokens) })).statusCode, 404);
    });

    it('ET0 tool reproduces FAO-56 Example 18 (Uccle, 6 July): 3.9 mm/day', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/tools/et0',
        headers: bearer(tenant.tokens),
        payload: {
          date: '2026-07-06',
          latitudeDeg: 50.8,
          elevationM: 100,
          tMaxC: 21.5,
          tMinC: 12.3,
          rhMaxPct: 84,
          rhMinPct: 63,
          windSpeedMs: 10 / 3.6,
          windHeightM: 10,
          sunshineHours: 9.25,
        },
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.ok(Math.abs(response.json().et0Mm - 3.9) <= 0.05, String(response.json().et0Mm));
      assert.ok(Math.abs(response.json().steps.raMJm2 - 41.09) < 0.05);
      const impossible = await t.app.inject({
        method: 'POST',
        url: '/v1/tools/et0',
        headers: bearer(tenant.tokens),
        payload: { date: '2026-07-06', latitudeDeg: 20, elevationM: 100, tMaxC: 10, tMinC: 20, windSpeedMs: 2 },
      });
      assert.equal(impossible.statusCode, 422);
      assert.equal(impossible.json().errors[0].path, 'body.tMinC');
    });
  });
}

describe('weather from OpenWeather (loopback stub)', () => {
  let stub: OpenWeatherStub;
  let t: TestApp;
  let tenant: TestTenant;
  let openWeather: OpenWeatherApp | undefined;
  before(async () => {
    openWeather = await startOpenWeatherApp();
    ({ stub, t, tenant } = openWeather);
  });
  after(() => openWeather?.close());

  it('converts Kelvin and m/s, and 100 concurrent requests for one field make one upstream call', async () => {
    const field = await fieldOf(t, tenant);
    const before = stub.requestCount();
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => t.app.inject({ url: `/v1/fields/${field.id}/weather`, headers: bearer(tenant.tokens) })),
    );
    assert.ok(answers.every((r) => r.statusCode === 200));
    assert.equal(stub.requestCount() - before, 1);
    const weather = answers[0]!.json();
    assert.equal(weather.source, 'openweather');
    assert.equal(weather.current.tempC, Math.round((FIXTURE_CURRENT.tempK - 273.15) * 10) / 10);
    assert.ok(Math.abs(weather.current.windKmh - FIXTURE_CURRENT.windMs * 3.6) < 0.01);
  });
});
