import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cropStageOn } from '../../src/lib/agronomy/crop-stage.js';
import { et0PenmanMonteith } from '../../src/lib/agronomy/et0.js';
import { gddModified } from '../../src/lib/agronomy/gdd.js';
import { DEMO_ADMIN_EMAIL, seedDemo } from '../../src/seed.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { bearer, createTenant, signIn, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';
import { FIXTURE_DAY, dailyValue, startOpenMeteoStub, type OpenMeteoStub } from '../stubs/open-meteo.js';
import { startOpenWeatherApp, type OpenWeatherApp } from '../support/openweather-app.js';
import type { OpenWeatherStub } from '../stubs/openweather.js';

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

type CycleBody = { crop: string; sowingDate: string; season: string; expectedHarvestDate?: string; intercrop?: boolean };

async function fieldWithCrop(t: TestApp, tenant: TestTenant, crop?: CycleBody, ...more: CycleBody[]) {
  const post = async (url: string, payload: Record<string, unknown>) => {
    const response = await t.app.inject({ method: 'POST', url, headers: bearer(tenant.tokens), payload });
    assert.ok(response.statusCode < 300, response.body);
    return response.json();
  };
  const farmer = await post('/v1/farmers', { name: 'Advice Farmer', state: 'Maharashtra' });
  const farm = await post('/v1/farms', { farmerId: farmer.id, name: 'Farm' });
  const field = await post('/v1/fields', { farmId: farm.id, name: 'Plot', boundary: plot(19.99, 73.79) });
  for (const cycle of crop ? [crop, ...more] : []) await post(`/v1/fields/${field.id}/crop-cycles`, cycle);
  return field;
}

describe('advisories from Open-Meteo (loopback stub)', () => {
  let stub: OpenMeteoStub;
  let t: TestApp;
  let tenant: TestTenant;
  before(async () => {
    stub = await startOpenMeteoStub();
    t = await buildTestApp(storageModes.at(-1)!, {
      env: { WEATHER_PROVIDER: 'open-meteo', OPEN_METEO_BASE_URL: stub.baseUrl, OPEN_METEO_ARCHIVE_URL: stub.baseUrl },
    });
    tenant = await createTenant(t.app);
  });
  after(async () => {
    await t?.close();
    await stub?.close();
  });

  it('gives ET0 and ETc per day from FAO-56 with the stage Kc, over the last 7 days and the next 7', async () => {
    const sowingDate = '2024-06-20';
    const field = await fieldWithCrop(t, tenant, { crop: 'maize', sowingDate, season: 'kharif' });
    const response = await t.app.inject({ url: `/v1/fields/${field.id}/advisories`, headers: bearer(tenant.tokens) });
    assert.equal(response.statusCode, 200, response.body);
    const advisory = response.json();
    assert.equal(advisory.today, FIXTURE_DAY);
    assert.equal(advisory.weather.source, 'open-meteo');
    assert.equal(advisory.days.length, 14);
    assert.deepEqual(
      advisory.days.map((d: { forecast: boolean }) => d.forecast),
      [...Array(7).fill(false), ...Array(7).fill(true)],
    );

    for (const [i, day] of advisory.days.entries()) {
      const offset = i - 7;
      assert.equal(day.date, addDays(FIXTURE_DAY, offset));
      const expected = et0PenmanMonteith({
        date: day.date,
        latitudeDeg: field.centroid.lat,
        elevationM: 0,
        tMaxC: dailyValue('temperature_2m_max', offset),
        tMinC: dailyValue('temperature_2m_min', offset),
        humidity: { rhMaxPct: 95, rhMinPct: 68 },
        wind: { speedMs: 21.6 / 3.6, heightM: 10 },
        radiation: { solarRadiationMJm2: 14.2 },
      }).et0Mm;
      assert.ok(Math.abs(day.et0Mm - expected) < 0.006, `${day.date}: ${day.et0Mm} vs ${expected}`);
      assert.equal(day.et0RadiationMethod, 'measured');
      const kc = cropStageOn('maize', sowingDate, day.date)!.kc!;
      assert.ok(Math.abs(day.kc - kc) < 0.0006);
      assert.ok(Math.abs(day.etcMm - kc * expected) < 0.01);
    }
    assert.equal(advisory.cropCycle.crop, 'maize');
    assert.equal(advisory.cropCycle.dayAfterSowing, 12);
    assert.equal(advisory.cropCycle.stage, 'initial');
  });

  it('counts growing degree days since sowing by the maize 86/50 method, from the archive and the recent days', async () => {
    const field = await fieldWithCrop(t, tenant, { crop: 'maize', sowingDate: '2024-06-10', season: 'kharif' });
    const archiveCalls = stub.archiveRequestCount();
    const advisory = (await t.app.inject({ url: `/v1/fields/${field.id}/advisories`, headers: bearer(tenant.tokens) })).json();
    assert.equal(stub.archiveRequestCount(), archiveCalls + 1);
    let expected = 0;
    for (let d = -22; d <= 0; d++)
      expected += gddModified(dailyValue('temperature_2m_max', d), dailyValue('temperature_2m_min', d), 10, 30);
    assert.equal(advisory.gddSinceSowing.method, 'modified');
    assert.equal(advisory.weather.historySource, 'open-meteo');
    assert.ok(Math.abs(advisory.gddSinceSowing.value - expected) < 0.06, `${advisory.gddSinceSowing.value} vs ${expected}`);
    assert.equal(advisory.gddSinceSowing.daysCounted, 23);
    assert.equal(advisory.gddSinceSowing.missingDays, 0);
  });

  it('still advises when the archive is down, and says how many days the degree days lack', async () => {
    // A sowing date no earlier test asked the archive about, so nothing is cached for it.
    const field = await fieldWithCrop(t, tenant, { crop: 'wheat', sowingDate: '2024-06-19', season: 'rabi' });
    stub.setArchiveFailure(500);
    try {
      const response = await t.app.inject({ url: `/v1/fields/${field.id}/advisories`, headers: bearer(tenant.tokens) });
      assert.equal(response.statusCode, 200, response.body);
      const gdd = response.json().gddSinceSowing;
      // Only the forecast's recent days (from 25 June) and today remain: 19–24 June are missing.
      assert.equal(gdd.daysCounted, 8);
      assert.equal(gdd.missingDays, 6);
    } finally {
      stub.setArchiveFailure(null);
    }
  });

  it('needs no irrigation while 10 mm of rain falls every day, and finds spray windows between the showers', async () => {
    const field = await fieldWithCrop(t, tenant, { crop: 'cotton', sowingDate: '2024-06-10', season: 'kharif' });
    const advisory = (await t.app.inject({ url: `/v1/fields/${field.id}/advisories`, headers: bearer(tenant.tokens) })).json();
    assert.equal(advisory.irrigation.action, 'not-needed');
    assert.equal(advisory.irrigation.depletionMm, 0);
    assert.equal(advisory.irrigation.soilTexture, 'loam');
    // The balance counts from sowing (within its 30-day look-back) over the archive's days and the forecast's.
    assert.equal(advisory.irrigation.balanceStartsOn, '2024-06-10');
    assert.equal(advisory.irrigation.startsFrom, 'sowing');
    assert.equal(advisory.irrigation.lastIrrigation, null);
    assert.match(advisory.irrigation.text, /No irrigation is recorded on this field/);
    assert.match(advisory.irrigation.text, /No irrigation needed/);
    assert.doesNotMatch(`${advisory.irrigation.text} ${advisory.sprayText}`, /Invented weather/, 'real weather is not labelled invented');
    assert.ok(advisory.sprayWindows.length > 0);
    for (const w of advisory.sprayWindows) {
      assert.ok(w.maxWindKmh < 15 && w.maxTempC < 32);
      // IST at both ends, and daylight only: Nashik's sun is up from about 6 am to a little after 7 pm IST in July.
      assert.match(w.start, /^\d{4}-\d{2}-\d{2}T\d{2}:00\+05:30$/);
      assert.match(w.end, /^\d{4}-\d{2}-\d{2}T\d{2}:00\+05:30$/);
      assert.equal(w.start.slice(0, 10), w.end.slice(0, 10));
      assert.ok(w.start.slice(11, 16) >= '06:00' && w.end.slice(11, 16) <= '19:00', `${w.start}–${w.end}`);
    }
    assert.match(advisory.sprayText, /; the first is \d{1,2} Jul, \d{1,2} [ap]m to \d{1,2} [ap]m \(\d+ h\)/);
    assert.deepEqual(advisory.risks, []);
  });

  it('writes in Hindi when asked, and in English by default', async () => {
    const field = await fieldWithCrop(t, tenant, { crop: 'soybean', sowingDate: '2024-06-25', season: 'kharif' });
    const hindi = await t.app.inject({
      url: `/v1/fields/${field.id}/advisories`,
      headers: { ...bearer(tenant.tokens), 'accept-language': 'hi-IN,hi;q=0.9,en;q=0.8' },
    });
    assert.equal(hindi.headers['content-language'], 'hi');
    const body = hindi.json();
    assert.equal(body.language, 'hi');
    assert.match(body.irrigation.text, /[\u0900-\u097F]/);
    assert.match(body.cropCycle.text, /सोयाबीन/);
    const english = await t.app.inject({
      url: `/v1/fields/${field.id}/advisories`,
      headers: { ...bearer(tenant.tokens), 'accept-language': 'fr, en;q=0.5' },
    });
    assert.equal(english.json().language, 'en');
  });

  it('names the crop cycle it advises for and why: the latest sown of those standing, else the next sowing', async () => {
    const field = await fieldWithCrop(
      t,
      tenant,
      { crop: 'maize', sowingDate: '2024-06-10', season: 'kharif', expectedHarvestDate: '2024-10-15' },
      { crop: 'soybean', sowingDate: '2024-06-20', season: 'kharif', intercrop: true },
      { crop: 'wheat', sowingDate: '2024-11-10', season: 'rabi' },
    );
    const cycles = (await t.app.inject({ url: `/v1/fields/${field.id}/crop-cycles`, headers: bearer(tenant.tokens) })).json().items as {
      id: string;
      crop: string;
    }[];
    const advise = async (id: string, language = 'en') =>
      (
        await t.app.inject({ url: `/v1/fields/${id}/advisories`, headers: { ...bearer(tenant.tokens), 'accept-language': language } })
      ).json().cropCycle;
    const intercropped = await advise(field.id);
    assert.equal(intercropped.id, cycles.find((c) => c.crop === 'soybean')!.id);
    assert.equal(intercropped.selectedBecause, 'standing');
    assert.equal(intercropped.standingCycles, 2);
    assert.equal(intercropped.expectedHarvestDate, null);
    assert.equal(
      intercropped.selectionText,
      'Advice for the Soybean sown on 20 Jun 2024: it stands on the field today (no harvest date is recorded). ' +
        'It is the latest sown of the 2 crops standing on the field together.',
    );
    assert.equal(
      (await advise(field.id, 'hi')).selectionText,
      'सलाह सोयाबीन की फ़सल के लिए है, जो 20 जून 2024 को बोई गई: यह आज खेत में खड़ी है (कटाई की तारीख़ दर्ज नहीं है)। ' +
        'खेत में साथ खड़ी 2 फ़सलों में यह सबसे बाद में बोई गई है।',
    );

    const harvested = await fieldWithCrop(
      t,
      tenant,
      { crop: 'maize', sowingDate: '2023-06-10', season: 'kharif', expectedHarvestDate: '2023-10-15' },
      { crop: 'wheat', sowingDate: '2024-11-10', season: 'rabi' },
    );
    const next = await advise(harvested.id);
    assert.equal(next.crop, 'wheat');
    assert.equal(next.selectedBecause, 'next-sowing');
    assert.equal(next.standingCycles, 0);
    assert.equal(
      next.selectionText,
      'Advice for the Wheat to be sown on 10 Nov 2024: no crop stands on the field today, and this is the next sowing recorded.',
    );
  });

  it('explains why there is no irrigation advice: no crop, or flooded rice', async () => {
    const bare = await fieldWithCrop(t, tenant);
    const none = (await t.app.inject({ url: `/v1/fields/${bare.id}/advisories`, headers: bearer(tenant.tokens) })).json();
    assert.equal(none.cropCycle, null);
    assert.equal(none.gddSinceSowing, null);
    assert.deepEqual({ action: none.irrigation.action, reason: none.irrigation.reason }, { action: 'unavailable', reason: 'no-crop' });
    assert.ok(none.days.every((d: { kc: unknown; etcMm: unknown }) => d.kc === null && d.etcMm === null));
    const rice = await fieldWithCrop(t, tenant, { crop: 'paddy', sowingDate: '2024-06-15', season: 'kharif' });
    const paddy = (await t.app.inject({ url: `/v1/fields/${rice.id}/advisories`, headers: bearer(tenant.tokens) })).json();
    assert.equal(paddy.irrigation.reason, 'flooded-rice');
    assert.ok(
      paddy.days.some((d: { etcMm: number | null }) => d.etcMm !== null),
      'the crop water use is still given',
    );
  });

  it('refuses a wrong soil, a stranger and a missing caller', async () => {
    const field = await fieldWithCrop(t, tenant, { crop: 'wheat', sowingDate: '2024-06-25', season: 'rabi' });
    const bad = await t.app.inject({ url: `/v1/fields/${field.id}/advisories?soil=mud`, headers: bearer(tenant.tokens) });
    assert.equal(bad.statusCode, 422);
    const sandy = await t.app.inject({ url: `/v1/fields/${field.id}/advisories?soil=sandy-loam`, headers: bearer(tenant.tokens) });
    assert.equal(sandy.json().irrigation.soilTexture, 'sandy-loam');
    const stranger = await createTenant(t.app);
    assert.equal((await t.app.inject({ url: `/v1/fields/${field.id}/advisories`, headers: bearer(stranger.tokens) })).statusCode, 404);
    assert.equal((await t.app.inject({ url: `/v1/fields/${field.id}/advisories` })).statusCode, 401);
  });
});

describe('advisories from OpenWeather (loopback stub)', () => {
  let stub: OpenWeatherStub;
  let t: TestApp;
  let tenant: TestTenant;
  let openWeather: OpenWeatherApp | undefined;
  before(async () => {
    openWeather = await startOpenWeatherApp();
    ({ stub, t, tenant } = openWeather);
    stub.setAlerts(true);
  });
  after(() => openWeather?.close());

  it('passes the weather service alerts through, estimates radiation by Hargreaves and has no past days', async () => {
    const field = await fieldWithCrop(t, tenant);
    const advisory = (await t.app.inject({ url: `/v1/fields/${field.id}/advisories`, headers: bearer(tenant.tokens) })).json();
    assert.equal(advisory.weather.source, 'openweather');
    assert.equal(advisory.alerts.length, 1);
    assert.equal(advisory.alerts[0].sender, 'India Meteorological Department');
    assert.ok(
      advisory.days.every((d: { forecast: boolean; et0RadiationMethod: string }) => d.forecast && d.et0RadiationMethod === 'hargreaves'),
    );
  });
});

for (const mode of storageModes) {
  describe(`advisories offline for the demo organisation (${mode.name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(mode);
    });
    after(async () => t?.close());

    it('answers every demo field from the synthetic twin; a field between crops gets weather advice alone', async () => {
      const seeded = await seedDemo(t.app.resources.db, t.app.identity.crypto);
      const admin = await signIn(t.app, { email: DEMO_ADMIN_EMAIL, password: seeded.adminPassword! });
      const fields = (await t.app.inject({ url: '/v1/fields?limit=200', headers: bearer(admin) })).json().items;
      assert.ok(fields.length >= 4);
      let withCrop = 0;
      for (const field of fields) {
        const response = await t.app.inject({ url: `/v1/fields/${field.id}/advisories`, headers: bearer(admin) });
        assert.equal(response.statusCode, 200, response.body);
        const advisory = response.json();
        assert.equal(advisory.weather.source, 'synthetic');
        // The words say so too, not just the source field: every sentence resting on the weather.
        assert.match(advisory.sprayText, /^Invented weather from the offline twin, not a forecast: /);
        if (advisory.irrigation.action !== 'unavailable') {
          assert.match(advisory.irrigation.text, /^Invented weather from the offline twin, not a forecast: /);
        }
        if (advisory.gddSinceSowing) assert.match(advisory.cropCycle.text, /^Invented weather from the offline twin, not a forecast: /);
        // And in Hindi.
        const hindi = (
          await t.app.inject({ url: `/v1/fields/${field.id}/advisories`, headers: { ...bearer(admin), 'accept-language': 'hi' } })
        ).json();
        assert.ok(hindi.sprayText.startsWith('यह असली पूर्वानुमान नहीं, ऑफ़लाइन ट्विन (नमूना मौसम मॉडल) का गढ़ा हुआ मौसम है: '), hindi.sprayText);
        for (const risk of hindi.risks) assert.match(risk.text, /^यह असली पूर्वानुमान नहीं, ऑफ़लाइन ट्विन /);
        assert.equal(advisory.days.length, 14);
        assert.ok(advisory.days.every((d: { et0Mm: number }) => d.et0Mm > 0));
        assert.equal(typeof advisory.sprayText, 'string');
        if (!advisory.cropCycle) {
          assert.equal(advisory.irrigation.reason, 'no-crop', field.name);
          continue;
        }
        withCrop += 1;
        if (advisory.cropCycle.crop !== 'paddy')
          assert.notEqual(advisory.irrigation.action, 'unavailable', `${field.name}: ${advisory.irrigation.text}`);
      }
      assert.ok(withCrop >= fields.length / 2, `${withCrop} of ${fields.length} demo fields have a standing crop`);
    });
  });
}
