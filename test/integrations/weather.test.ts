import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';
import { AppError } from '../../src/errors.js';
import { createCache } from '../../src/infra/cache/index.js';
import { createMetrics } from '../../src/infra/metrics.js';
import { createOpenMeteoClient } from '../../src/integrations/open-meteo/index.js';
import { createOpenWeatherClient } from '../../src/integrations/openweather/index.js';
import {
  createSyntheticProvider,
  createWeatherProviders,
  createWeatherService,
  kelvinToCelsius,
  MAX_HISTORY_DAYS,
  msToKmh,
  WeatherProviderError,
  type Forecast,
  type WeatherProvider,
} from '../../src/integrations/weather/index.js';
import { ARCHIVE_LAST_DAY, dailyValue, hourlyValue, startOpenMeteoStub, type OpenMeteoStub } from '../stubs/open-meteo.js';
import { FIXTURE_CURRENT, startOpenWeatherStub, TEST_OPENWEATHER_API_KEY, type OpenWeatherStub } from '../stubs/openweather.js';

const NASHIK = { lat: 19.9975, lon: 73.7898 };
const fixedNow = () => new Date('2024-07-02T06:00:00Z');

const newCache = () => createCache(loadConfig({ NODE_ENV: 'test' }), { metrics: createMetrics() });

describe('weather', () => {
  let ow: OpenWeatherStub;
  let om: OpenMeteoStub;
  const openWeather = () => createOpenWeatherClient({ apiKey: TEST_OPENWEATHER_API_KEY, baseUrl: ow.baseUrl, now: fixedNow });
  const openMeteo = () => createOpenMeteoClient({ baseUrl: om.baseUrl, archiveUrl: om.baseUrl, now: fixedNow });

  before(async () => {
    [ow, om] = await Promise.all([startOpenWeatherStub(), startOpenMeteoStub()]);
  });
  after(async () => Promise.all([ow.close(), om.close()]));
  beforeEach(() => {
    for (const stub of [ow, om]) {
      stub.requests.length = 0;
      stub.setDelay(0);
      stub.setFailure(null);
    }
    ow.setAlerts(false);
    om.setArchiveLastDay(ARCHIVE_LAST_DAY);
  });

  describe('OpenWeather One Call 3.0', () => {
    it('asks in the default units and converts Kelvin to °C and m/s to km/h', async () => {
      ow.setAlerts(true);
      const forecast = await openWeather().forecast(NASHIK.lat, NASHIK.lon);
      const [request] = ow.requests;
      assert.equal(request!.pathname, '/data/3.0/onecall');
      assert.equal(request!.searchParams.get('units'), null, 'no units: the documented default (standard)');
      assert.equal(request!.searchParams.get('exclude'), 'minutely');
      assert.equal(forecast.source, 'openweather');
      assert.equal(forecast.current.tempC, 26.4); // 299.55 K
      assert.equal(forecast.current.windKmh, 22.32); // 6.2 m/s
      assert.equal(forecast.current.humidityPct, FIXTURE_CURRENT.humidity);
      assert.equal(forecast.current.rainMm, 1.2);
      assert.equal(forecast.current.time, '2024-07-02T11:30+05:30');
      assert.equal(forecast.hourly.length, 48);
      assert.equal(forecast.daily.length, 7);
      assert.deepEqual(
        {
          date: forecast.daily[0]!.date,
          tMaxC: forecast.daily[0]!.tMaxC,
          tMinC: forecast.daily[0]!.tMinC,
          windKmh: forecast.daily[0]!.windKmh,
          rainMm: forecast.daily[0]!.rainMm,
        },
        { date: '2024-07-02', tMaxC: 28.3, tMinC: 22.9, windKmh: 26.64, rainMm: 18.6 },
      );
      assert.equal(forecast.daily[1]!.rainMm, 0, 'an absent rain field means no rain');
      assert.equal(forecast.daily[0]!.et0Mm, undefined, 'OpenWeather gives no ET0');
      assert.equal(forecast.alerts?.[0]?.event, 'Heavy Rain');
      assert.equal(kelvinToCelsius(273.15), 0);
      assert.equal(msToKmh(10), 36);
    });

    it('geocodes forward and reverse', async () => {
      const client = openWeather();
      const [nashik] = await client.geocode('Nashik,IN', { limit: 1 });
      assert.equal(nashik?.state, 'Maharashtra');
      assert.equal(nashik?.localNames?.hi, 'नाशिक');
      assert.equal(ow.requests[0]!.pathname, '/geo/1.0/direct');
      const [ludhiana] = await client.reverseGeocode(30.9, 75.85, { limit: 1 });
      assert.equal(ludhiana?.name, 'Ludhiana');
      assert.equal(ow.requests[1]!.pathname, '/geo/1.0/reverse');
    });

    it('reports a wrong key and a 5xx without echoing the key', async () => {
      const wrong = createOpenWeatherClient({ apiKey: 'ffffffffffffffffffffffffffffffff', baseUrl: ow.baseUrl });
      await assert.rejects(
        wrong.forecast(20, 74),
        (e: WeatherProviderError) => e.status === 401 && !e.retryable && !e.message.includes('ffff'),
      );
      ow.setFailure(500);
      await assert.rejects(
        openWeather().forecast(20, 74),
        (e: WeatherProviderError) => e.status === 500 && e.retryable && !e.message.includes(TEST_OPENWEATHER_API_KEY),
      );
    });
  });

  describe('Open-Meteo', () => {
    it('requests the documented variables in Asia/Kolkata and maps them from the current hour', async () => {
      const forecast = await openMeteo().forecast(NASHIK.lat, NASHIK.lon);
      const q = om.requests[0]!.searchParams;
      assert.equal(q.get('timezone'), 'Asia/Kolkata');
      assert.equal(q.get('hourly'), 'temperature_2m,relative_humidity_2m,wind_speed_10m,precipitation,cloud_cover');
      assert.match(q.get('daily')!, /shortwave_radiation_sum/);
      assert.match(q.get('daily')!, /et0_fao_evapotranspiration/);
      assert.equal(forecast.source, 'open-meteo');
      assert.equal(forecast.current.time, '2024-07-02T11:15+05:30');
      assert.equal(forecast.current.tempC, hourlyValue('temperature_2m', 11));
      assert.equal(forecast.hourly.length, 48);
      assert.equal(forecast.hourly[0]!.time, '2024-07-02T11:00+05:30');
      assert.equal(forecast.hourly[0]!.windKmh, hourlyValue('wind_speed_10m', 11), 'km/h as given');
      assert.equal(forecast.hourly[3]!.rainMm, 2.5);
      assert.equal(forecast.daily.length, 7);
      assert.deepEqual(forecast.daily[0], {
        date: '2024-07-02',
        tMaxC: dailyValue('temperature_2m_max', 0),
        tMinC: 22.9,
        humidityMaxPct: 95,
        humidityMinPct: 68,
        windKmh: 21.6,
        rainMm: 10,
        solarRadiationMJm2: 14.2,
        et0Mm: 3.1,
      });
    });

    it('asks for the past 7 days and keeps them apart from today and the days ahead', async () => {
      const forecast = await openMeteo().forecast(NASHIK.lat, NASHIK.lon);
      assert.equal(om.requests[0]!.searchParams.get('past_days'), '7');
      assert.deepEqual(
        forecast.recentDays?.map((d) => d.date),
        ['2024-06-25', '2024-06-26', '2024-06-27', '2024-06-28', '2024-06-29', '2024-06-30', '2024-07-01'],
      );
      assert.equal(forecast.recentDays![6]!.tMaxC, dailyValue('temperature_2m_max', -1));
      assert.equal(forecast.daily[0]!.date, '2024-07-02');
      assert.equal(forecast.daily[6]!.date, '2024-07-08');
      assert.equal(forecast.hourly[0]!.time, '2024-07-02T11:00+05:30', 'the hourly series still starts at the current hour');
    });
  });

  describe('synthetic twin', () => {
    const at = (iso: string) => createSyntheticProvider({ now: () => new Date(iso) });
    const PUNE = { lat: 18.52, lon: 73.86 };
    const total = (f: Forecast) => f.daily.reduce((sum, d) => sum + d.rainMm, 0);

    it('is deterministic and labelled synthetic', async () => {
      const a = await at('2025-07-10T04:00:00Z').forecast(PUNE.lat, PUNE.lon);
      const b = await at('2025-07-10T04:00:00Z').forecast(PUNE.lat + 0.001, PUNE.lon - 0.001);
      assert.equal(a.source, 'synthetic');
      assert.deepEqual(a, b);
      assert.equal(a.hourly.length, 48);
      assert.equal(a.daily.length, 7);
      assert.equal(a.daily[0]!.date, '2025-07-10');
      assert.deepEqual(
        a.recentDays?.map((d) => d.date),
        ['2025-07-03', '2025-07-04', '2025-07-05', '2025-07-06', '2025-07-07', '2025-07-08', '2025-07-09'],
      );
      const elsewhere = await at('2025-07-10T04:00:00Z').forecast(26.85, 80.95);
      assert.notDeepEqual(a.daily, elsewhere.daily);
    });

    it('is plausible: monsoon rain beats winter rain in Maharashtra, pre-monsoon is hot, the north is cooler in winter', async () => {
      let monsoon = 0;
      let winter = 0;
      for (const week of [0, 7, 14, 21]) {
        monsoon += total(await at(`2025-07-${String(1 + week).padStart(2, '0')}T04:00:00Z`).forecast(PUNE.lat, PUNE.lon));
        winter += total(await at(`2025-01-${String(1 + week).padStart(2, '0')}T04:00:00Z`).forecast(PUNE.lat, PUNE.lon));
      }
      assert.ok(monsoon > 100, `July rain ${monsoon} mm`);
      assert.ok(monsoon > 5 * winter, `July ${monsoon} mm vs January ${winter} mm`);
      const may = await at('2025-05-10T04:00:00Z').forecast(PUNE.lat, PUNE.lon);
      const january = await at('2025-01-10T04:00:00Z').forecast(PUNE.lat, PUNE.lon);
      const mean = (f: Forecast) => f.daily.reduce((s, d) => s + d.tMaxC, 0) / f.daily.length;
      assert.ok(mean(may) > 34 && mean(may) < 45, `May Tmax ${mean(may)}`);
      assert.ok(mean(may) > mean(january) + 3);
      const ludhianaJan = await at('2025-01-10T04:00:00Z').forecast(30.9, 75.85);
      const chennaiJan = await at('2025-01-10T04:00:00Z').forecast(13.08, 80.27);
      assert.ok(mean(chennaiJan) > mean(ludhianaJan) + 6, `Chennai ${mean(chennaiJan)} vs Ludhiana ${mean(ludhianaJan)}`);
      const delhiMay = await at('2025-05-20T04:00:00Z').forecast(28.61, 77.21);
      assert.ok(mean(delhiMay) > 35, `Delhi May Tmax ${mean(delhiMay)}`);
      const hills = createSyntheticProvider({ now: () => new Date('2025-01-10T04:00:00Z'), elevationM: () => 2000 });
      assert.ok(mean(await hills.forecast(PUNE.lat, PUNE.lon)) < mean(january) - 10);
      for (const d of [...may.daily, ...january.daily]) assert.ok(d.tMinC < d.tMaxC);
    });
  });

  describe('provider chain', () => {
    const service = (providers: WeatherProvider[], extra: Partial<Parameters<typeof createWeatherService>[0]> = {}) =>
      createWeatherService({ providers, cache: newCache(), metrics: createMetrics(), retryDelayMs: [1, 5], ...extra });

    it('falls through from a timed-out provider to the next within the timeout, and says who answered', async () => {
      ow.setDelay(5000);
      const started = Date.now();
      const answer = await service([openWeather(), openMeteo()], { timeoutMs: 300 }).forecast(NASHIK.lat, NASHIK.lon);
      const elapsed = Date.now() - started;
      assert.equal(answer.source, 'open-meteo');
      assert.equal(answer.stale, false);
      // OpenWeather would answer after 5 s; falling through well before shows it was not waited for.
      assert.ok(elapsed < 4000, `took ${elapsed} ms`);
      assert.equal(ow.requestCount(), 1, 'a timeout is not retried');
    });

    it('retries a 5xx once, then falls through', async () => {
      ow.setFailure(503);
      const answer = await service([openWeather(), openMeteo()]).forecast(NASHIK.lat, NASHIK.lon);
      assert.equal(answer.source, 'open-meteo');
      assert.equal(ow.requestCount(), 2);
    });

    it('asks the upstream once for 100 concurrent forecasts of one ~1 km cell', async () => {
      ow.setDelay(50);
      const weather = service([openWeather(), openMeteo()]);
      const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => weather.forecast(NASHIK.lat + (i % 3) * 0.001, NASHIK.lon)));
      assert.equal(ow.requestCount(), 1);
      assert.equal(om.requestCount(), 0);
      assert.ok(answers.every((a) => a.source === 'openweather' && !a.stale));
      assert.equal(ow.requests[0]!.searchParams.get('lat'), '20', 'asked for the cell centre');
      await weather.forecast(NASHIK.lat, NASHIK.lon);
      assert.equal(ow.requestCount(), 1, 'then from the cache');
    });

    it('serves the last good answer marked stale when every upstream is down', async () => {
      let clock = Date.now();
      const weather = service([openWeather(), openMeteo()], { ttlMs: 1000, now: () => clock });
      const fresh = await weather.forecast(NASHIK.lat, NASHIK.lon);
      assert.equal(fresh.stale, false);
      ow.setFailure(500);
      om.setFailure(502);
      await new Promise((resolve) => setTimeout(resolve, 1100)); // the fresh entry expires
      clock += 1100;
      const stale = await weather.forecast(NASHIK.lat, NASHIK.lon);
      assert.equal(stale.stale, true);
      assert.equal(stale.source, 'openweather');
      assert.equal(stale.current.tempC, fresh.current.tempC);
    });

    it('answers upstream_unavailable when all are down and nothing is cached', async () => {
      ow.setFailure(500);
      om.setFailure(500);
      await assert.rejects(
        service([openWeather(), openMeteo()]).forecast(10, 77),
        (e: AppError) => e instanceof AppError && e.code === 'upstream_unavailable' && e.status === 503,
      );
    });

    it('opens the breaker after 5 consecutive failures and stops calling until it half-opens', async () => {
      let clock = 1_000_000;
      ow.setFailure(500);
      const weather = service([openWeather(), openMeteo()], { now: () => clock, ttlMs: 1 });
      for (let i = 0; i < 3; i += 1) await weather.forecast(11 + i, 77);
      assert.equal(weather.breakers().openweather, 'open');
      const calls = ow.requestCount();
      assert.equal(calls, 5, 'two tries for two points, then one failure opens it');
      assert.equal((await weather.forecast(15, 77)).source, 'open-meteo');
      assert.equal(ow.requestCount(), calls, 'no call while open');
      clock += 30_001;
      ow.setFailure(null);
      assert.equal(weather.breakers().openweather, 'half-open');
      assert.equal((await weather.forecast(16, 77)).source, 'openweather');
      assert.equal(weather.breakers().openweather, 'closed');
    });
  });

  describe('history', () => {
    const DAILY =
      'temperature_2m_max,temperature_2m_min,relative_humidity_2m_max,relative_humidity_2m_min,precipitation_sum,wind_speed_10m_max,shortwave_radiation_sum,et0_fao_evapotranspiration';
    const PUNE = { lat: 18.52, lon: 73.86 };
    const dates = (days: { date: string }[]) => days.map((d) => d.date);
    const consecutive = (from: string, count: number) =>
      Array.from({ length: count }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));
    const service = (providers: WeatherProvider[], extra: Partial<Parameters<typeof createWeatherService>[0]> = {}) =>
      createWeatherService({ providers, cache: newCache(), metrics: createMetrics(), retryDelayMs: [1, 5], ...extra });
    const rejectsInvalid = (promise: Promise<unknown>, pattern: RegExp) =>
      assert.rejects(
        promise,
        (e: AppError) => e instanceof AppError && e.code === 'validation_failed' && e.status === 422 && pattern.test(e.message),
      );

    it('asks the archive host for the documented parameters and maps the values', async () => {
      // The forecast host is unreachable: only the archive URL may be used.
      const client = createOpenMeteoClient({ baseUrl: 'http://127.0.0.1:1', archiveUrl: `${om.baseUrl}/` });
      const days = await client.history(NASHIK.lat, NASHIK.lon, '2024-06-01', '2024-06-10');
      assert.equal(om.requestCount(), 1);
      const request = om.requests[0]!;
      assert.equal(request.pathname, '/v1/archive');
      const q = request.searchParams;
      assert.equal(q.get('latitude'), String(NASHIK.lat));
      assert.equal(q.get('longitude'), String(NASHIK.lon));
      assert.equal(q.get('start_date'), '2024-06-01');
      assert.equal(q.get('end_date'), '2024-06-10');
      assert.equal(q.get('timezone'), 'Asia/Kolkata');
      assert.equal(q.get('daily'), DAILY);
      assert.equal(q.get('past_days'), null, 'past_days is mutually exclusive with start_date/end_date');
      assert.deepEqual(dates(days), consecutive('2024-06-01', 10));
      assert.deepEqual(days[0], {
        date: '2024-06-01',
        tMaxC: dailyValue('temperature_2m_max', -31),
        tMinC: dailyValue('temperature_2m_min', -31),
        humidityMaxPct: 95,
        humidityMinPct: 68,
        windKmh: 21.6,
        rainMm: 10,
        solarRadiationMJm2: 14.2,
        et0Mm: 3.1,
      });
      assert.equal(days[9]!.tMaxC, dailyValue('temperature_2m_max', -22));
      assert.notEqual(days[0]!.tMaxC, days[9]!.tMaxC, 'each day its own values');
    });

    it('skips the newest days the archive has not caught up with, and invents nothing', async () => {
      const days = await openMeteo().history(NASHIK.lat, NASHIK.lon, '2024-06-25', '2024-07-02');
      assert.equal(om.archiveRequestCount(), 1);
      assert.deepEqual(dates(days), consecutive('2024-06-25', 6), `up to ${ARCHIVE_LAST_DAY}, not the null days after it`);
      assert.ok(days.every((d) => Number.isFinite(d.tMaxC) && Number.isFinite(d.tMinC) && Number.isFinite(d.rainMm)));
      om.setArchiveLastDay('2024-06-01');
      assert.deepEqual(await openMeteo().history(NASHIK.lat, NASHIK.lon, '2024-06-25', '2024-06-30'), [], 'all null: no days');
    });

    it('leaves out a day with a null it would otherwise have to fill in (no 0 mm invented)', async () => {
      const answer = {
        latitude: 20,
        longitude: 73.75,
        utc_offset_seconds: 19800,
        timezone: 'Asia/Kolkata',
        daily: {
          time: ['2024-06-01', '2024-06-02', '2024-06-03', '2024-06-04'],
          temperature_2m_max: [31, 30.5, 29.8, null],
          temperature_2m_min: [23, 22.8, 22.1, null],
          relative_humidity_2m_max: [90, null, 92, null],
          relative_humidity_2m_min: [60, null, 65, null],
          precipitation_sum: [0, null, 12.4, null],
          wind_speed_10m_max: [14, 15, 16, null],
          shortwave_radiation_sum: [20, 19, null, null],
          et0_fao_evapotranspiration: [5.1, 4.9, null, null],
        },
      };
      const client = createOpenMeteoClient({
        baseUrl: 'http://127.0.0.1:1',
        archiveUrl: 'http://127.0.0.1:1',
        fetch: async () => new Response(JSON.stringify(answer)),
      });
      const days = await client.history(20, 73.75, '2024-06-01', '2024-06-04');
      assert.deepEqual(days, [
        {
          date: '2024-06-01',
          tMaxC: 31,
          tMinC: 23,
          humidityMaxPct: 90,
          humidityMinPct: 60,
          windKmh: 14,
          rainMm: 0,
          solarRadiationMJm2: 20,
          et0Mm: 5.1,
        },
        { date: '2024-06-03', tMaxC: 29.8, tMinC: 22.1, humidityMaxPct: 92, humidityMinPct: 65, windKmh: 16, rainMm: 12.4 },
      ]);
    });

    it('reports a 400 from the archive as a non-retryable upstream error', async () => {
      await assert.rejects(
        openMeteo().history(NASHIK.lat, NASHIK.lon, '2024-06-10', '2024-06-01'),
        (e: WeatherProviderError) => e instanceof WeatherProviderError && e.status === 400 && !e.retryable,
      );
    });

    it('caches a range per cell: concurrent and later calls make no second upstream request', async () => {
      om.setDelay(50);
      const weather = service([openWeather(), openMeteo()]);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => weather.history(NASHIK.lat + (i % 3) * 0.001, NASHIK.lon, '2024-03-01', '2024-06-28')),
      );
      assert.equal(om.archiveRequestCount(), 1);
      assert.equal(ow.requestCount(), 0, 'OpenWeather has no history: never asked');
      assert.ok(answers.every((a) => a.source === 'open-meteo' && a.days.length === 120));
      assert.equal(om.requests[0]!.searchParams.get('latitude'), '20', 'asked for the cell centre');
      assert.match(answers[0]!.fetchedAt, /^\d{4}-\d{2}-\d{2}T/);
      const again = await weather.history(NASHIK.lat, NASHIK.lon, '2024-03-01', '2024-06-28');
      assert.equal(om.archiveRequestCount(), 1, 'then from the cache');
      assert.deepEqual(again, answers[0]);
      await weather.history(NASHIK.lat, NASHIK.lon, '2024-03-01', '2024-06-27');
      assert.equal(om.archiveRequestCount(), 2, 'another range is another entry');
    });

    it('retries a failing provider once, then falls through to the next with history', async () => {
      om.setFailure(503);
      const weather = service([openWeather(), openMeteo(), createSyntheticProvider()]);
      const answer = await weather.history(PUNE.lat, PUNE.lon, '2025-01-01', '2025-01-31');
      assert.equal(answer.source, 'synthetic');
      assert.equal(answer.days.length, 31);
      assert.equal(om.archiveRequestCount(), 2);
      assert.equal(ow.requestCount(), 0);
      assert.equal(weather.breakers()['open-meteo'], 'closed', 'the forecast breaker is not the archive one');
    });

    it('answers upstream_unavailable when no provider with history answers', async () => {
      await assert.rejects(
        service([openWeather()]).history(20, 74, '2024-06-01', '2024-06-02'),
        (e: AppError) => e instanceof AppError && e.code === 'upstream_unavailable' && e.status === 503,
      );
      om.setFailure(500);
      await assert.rejects(
        service([openWeather(), openMeteo()]).history(20, 74, '2024-06-01', '2024-06-02'),
        (e: AppError) => e instanceof AppError && e.code === 'upstream_unavailable',
      );
    });

    it('the synthetic twin gives every day of a 120-day range, deterministically, the same days as its forecast', async () => {
      const twin = createSyntheticProvider({ now: () => new Date('2025-06-30T06:00:00Z') });
      const days = await twin.history(PUNE.lat, PUNE.lon, '2025-01-01', '2025-04-30');
      assert.deepEqual(dates(days), consecutive('2025-01-01', 120));
      assert.deepEqual(await createSyntheticProvider().history(PUNE.lat + 0.001, PUNE.lon, '2025-01-01', '2025-04-30'), days);
      assert.ok(days.every((d) => d.tMinC < d.tMaxC && d.rainMm >= 0 && d.windKmh > 0));
      const march10 = await createSyntheticProvider({ now: () => new Date('2025-03-10T04:00:00Z') }).forecast(PUNE.lat, PUNE.lon);
      assert.deepEqual(
        days.find((d) => d.date === '2025-03-10'),
        march10.daily[0],
      );
      assert.deepEqual(
        dates(await twin.history(PUNE.lat, PUNE.lon, '2025-06-28', '2025-07-03')),
        ['2025-06-28', '2025-06-29', '2025-06-30'],
        'nothing after today',
      );
      const offline = createWeatherService({ providers: createWeatherProviders(loadConfig({})), cache: newCache() });
      const answer = await offline.history(PUNE.lat, PUNE.lon, '2025-01-01', '2025-04-30');
      assert.equal(answer.source, 'synthetic');
      assert.deepEqual(answer.days, days);
    });

    it('refuses a range over 400 days, backwards, not dates, or ending after today, without asking upstream', async () => {
      const weather = service([openMeteo()], { now: () => Date.parse('2025-06-30T06:00:00Z') });
      assert.equal(MAX_HISTORY_DAYS, 400);
      await rejectsInvalid(weather.history(NASHIK.lat, NASHIK.lon, '2024-01-01', '2025-02-04'), /401 days.*at most 400 days/);
      await rejectsInvalid(weather.history(NASHIK.lat, NASHIK.lon, '2024-06-10', '2024-06-01'), /before/);
      await rejectsInvalid(weather.history(NASHIK.lat, NASHIK.lon, '2024-02-30', '2024-03-01'), /from must be a date/);
      await rejectsInvalid(weather.history(NASHIK.lat, NASHIK.lon, '2024-06-01', '01/07/2024'), /to must be a date/);
      await rejectsInvalid(weather.history(NASHIK.lat, NASHIK.lon, '2025-06-01', '2025-07-01'), /after today \(2025-06-30/);
      assert.equal(om.requestCount(), 0);
      om.setArchiveLastDay('2026-01-01');
      const longest = await weather.history(NASHIK.lat, NASHIK.lon, '2024-01-01', '2025-02-03');
      assert.equal(longest.days.length, 400, 'exactly 400 days is allowed');
    });

    it('takes the archive host from OPEN_METEO_ARCHIVE_URL', async () => {
      const config = loadConfig({
        WEATHER_PROVIDER: 'open-meteo',
        OPEN_METEO_BASE_URL: 'http://127.0.0.1:1',
        OPEN_METEO_ARCHIVE_URL: `${om.baseUrl}/`,
      });
      assert.equal(config.weather.openMeteoArchiveUrl, om.baseUrl);
      assert.equal(loadConfig({}).weather.openMeteoArchiveUrl, 'https://archive-api.open-meteo.com');
      assert.throws(() => loadConfig({ OPEN_METEO_ARCHIVE_URL: 'archive-api.open-meteo.com' }), ConfigError);
      const answer = await createWeatherService({ providers: createWeatherProviders(config), cache: newCache() }).history(
        NASHIK.lat,
        NASHIK.lon,
        '2024-06-01',
        '2024-06-03',
      );
      assert.equal(answer.source, 'open-meteo');
      assert.equal(om.archiveRequestCount(), 1);
    });
  });

  describe('configuration', () => {
    it('defaults to OpenWeather with a key, else the synthetic twin, and never echoes the key', () => {
      assert.equal(loadConfig({}).weather.provider, 'synthetic');
      const withKey = loadConfig({ OPENWEATHER_API_KEY: TEST_OPENWEATHER_API_KEY });
      assert.equal(withKey.weather.provider, 'openweather');
      assert.equal(withKey.weather.openWeatherBaseUrl, 'https://api.openweathermap.org');
      assert.equal(withKey.weather.openMeteoBaseUrl, 'https://api.open-meteo.com');
      assert.deepEqual(
        createWeatherProviders(withKey).map((p) => p.name),
        ['openweather', 'open-meteo'],
      );
      assert.deepEqual(
        createWeatherProviders(loadConfig({})).map((p) => p.name),
        ['synthetic'],
      );
      assert.deepEqual(
        createWeatherProviders(loadConfig({ WEATHER_PROVIDER: 'open-meteo' })).map((p) => p.name),
        ['open-meteo'],
      );
      assert.throws(() => loadConfig({ WEATHER_PROVIDER: 'openweather' }), ConfigError);
      assert.throws(() => loadConfig({ WEATHER_PROVIDER: 'darksky' }), ConfigError);
      assert.throws(
        () => loadConfig({ OPENWEATHER_API_KEY: 'not a key!' }),
        (e: ConfigError) => e instanceof ConfigError && !e.message.includes('not a key'),
      );
    });

    it('serves the synthetic twin offline through the service', async () => {
      const weather = createWeatherService({ providers: createWeatherProviders(loadConfig({}), { now: fixedNow }), cache: newCache() });
      const answer = await weather.forecast(NASHIK.lat, NASHIK.lon);
      assert.equal(answer.source, 'synthetic');
      assert.equal(answer.stale, false);
    });
  });
});
