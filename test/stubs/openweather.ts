import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLoopback } from './loopback.js';

/**
 * A stand-in for OpenWeather on 127.0.0.1 speaking its documented wire format
 * (openweathermap.org/api/one-call-3 and /api/geocoding-api):
 * - `GET /data/3.0/onecall?lat&lon&appid[&exclude][&units]`: current, hourly (48), daily (8),
 *   alerts, in the requested units (default `standard`: Kelvin and m/s);
 * - `GET /geo/1.0/direct?q&limit&appid` and `GET /geo/1.0/reverse?lat&lon&limit&appid`: JSON arrays;
 * - a wrong `appid` answers 401 `{"cod":401,"message":"Invalid API key. …"}`.
 * Knobs: a delay, a forced failure status, and a count of requests.
 */
export const TEST_OPENWEATHER_API_KEY = '0123456789abcdef0123456789abcdef';

/** The fixture's first hour: 2024-07-02T06:00Z (11:30 IST), the monsoon over Nashik. */
export const FIXTURE_DT = 1719900000;
/** Current conditions in standard units: 299.55 K = 26.4 °C, 6.2 m/s = 22.32 km/h. */
export const FIXTURE_CURRENT = { tempK: 299.55, windMs: 6.2, humidity: 78, clouds: 90, rain1h: 1.2 };

export interface StubPlace {
  name: string;
  local_names?: Record<string, string>;
  lat: number;
  lon: number;
  country: string;
  state?: string;
}

export const STUB_PLACES: StubPlace[] = [
  {
    name: 'Nashik',
    local_names: { en: 'Nashik', hi: 'नाशिक', mr: 'नाशिक' },
    lat: 19.9975,
    lon: 73.7898,
    country: 'IN',
    state: 'Maharashtra',
  },
  {
    name: 'Ludhiana',
    local_names: { en: 'Ludhiana', pa: 'ਲੁਧਿਆਣਾ', hi: 'लुधियाना' },
    lat: 30.9008,
    lon: 75.8573,
    country: 'IN',
    state: 'Punjab',
  },
];

export interface OpenWeatherStub {
  baseUrl: string;
  apiKey: string;
  /** Every request that reached the stub, in order (path and query). */
  requests: URL[];
  requestCount(): number;
  setDelay(ms: number): void;
  /** Answers every request with this status (e.g. 500) until set back to null. */
  setFailure(status: number | null): void;
  /** Adds an `alerts` array to One Call answers. */
  setAlerts(on: boolean): void;
  close(): Promise<void>;
}

const condition = { id: 500, main: 'Rain', description: 'light rain', icon: '10d' };
const convertTemp = (kelvin: number, units: string) =>
  units === 'metric' ? +(kelvin - 273.15).toFixed(2) : units === 'imperial' ? +((kelvin - 273.15) * 1.8 + 32).toFixed(2) : kelvin;
const convertWind = (ms: number, units: string) => (units === 'imperial' ? +(ms * 2.23694).toFixed(2) : ms);

/** The One Call body the stub answers, built in Kelvin and m/s and converted to `units`. */
export function oneCallBody(lat: number, lon: number, units = 'standard', alerts = false): Record<string, unknown> {
  const t = (k: number) => convertTemp(k, units);
  const w = (ms: number) => convertWind(ms, units);
  const hourly = Array.from({ length: 48 }, (_, i) => {
    const tempK = FIXTURE_CURRENT.tempK + 3 * Math.sin((i / 24) * 2 * Math.PI);
    return {
      dt: FIXTURE_DT + i * 3600,
      temp: t(+tempK.toFixed(2)),
      feels_like: t(+(tempK + 0.5).toFixed(2)),
      pressure: 1004,
      humidity: 78,
      dew_point: t(295.35),
      uvi: 3.1,
      clouds: 90,
      visibility: 8000,
      wind_speed: w(FIXTURE_CURRENT.windMs),
      wind_deg: 250,
      wind_gust: w(9.8),
      pop: i % 3 === 0 ? 0.82 : 0.3,
      ...(i % 3 === 0 ? { rain: { '1h': 1.2 } } : {}),
      weather: [condition],
    };
  });
  const daily = Array.from({ length: 8 }, (_, i) => ({
    dt: FIXTURE_DT + 1800 + i * 86400,
    sunrise: 1719880200 + i * 86400,
    sunset: 1719928380 + i * 86400,
    moonrise: 1719868500 + i * 86400,
    moonset: 1719917400 + i * 86400,
    moon_phase: 0.88,
    summary: 'Expect a day of rain',
    temp: { day: t(299.95), min: t(296.05), max: t(301.45), night: t(296.55), eve: t(298.25), morn: t(296.35) },
    feels_like: { day: t(300.65), night: t(297.05), eve: t(298.95), morn: t(296.95) },
    pressure: 1004,
    humidity: 80,
    dew_point: t(296.05),
    wind_speed: w(7.4),
    wind_deg: 252,
    wind_gust: w(12.1),
    weather: [{ id: 501, main: 'Rain', description: 'moderate rain', icon: '10d' }],
    clouds: 96,
    pop: 1,
    ...(i === 0 ? { rain: 18.6 } : {}),
    uvi: 6.2,
  }));
  return {
    lat,
    lon,
    timezone: 'Asia/Kolkata',
    timezone_offset: 19800,
    current: {
      dt: FIXTURE_DT,
      sunrise: 1719880200,
      sunset: 1719928380,
      temp: t(FIXTURE_CURRENT.tempK),
      feels_like: t(300.05),
      pressure: 1004,
      humidity: FIXTURE_CURRENT.humidity,
      dew_point: t(295.35),
      uvi: 3.1,
      clouds: FIXTURE_CURRENT.clouds,
      visibility: 8000,
      wind_speed: w(FIXTURE_CURRENT.windMs),
      wind_deg: 250,
      wind_gust: w(9.8),
      rain: { '1h': FIXTURE_CURRENT.rain1h },
      weather: [condition],
    },
    minutely: [{ dt: FIXTURE_DT + 60, precipitation: 0.8 }],
    hourly,
    daily,
    ...(alerts
      ? {
          alerts: [
            {
              sender_name: 'India Meteorological Department',
              event: 'Heavy Rain',
              start: FIXTURE_DT,
              end: FIXTURE_DT + 86400,
              description: 'Heavy rainfall at isolated places over Madhya Maharashtra.',
              tags: ['Rain'],
            },
          ],
        }
      : {}),
  };
}

export async function startOpenWeatherStub(options: { apiKey?: string } = {}): Promise<OpenWeatherStub> {
  const apiKey = options.apiKey ?? TEST_OPENWEATHER_API_KEY;
  const requests: URL[] = [];
  let delayMs = 0;
  let failure: number | null = null;
  let alerts = false;
  const delays = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    if (delayMs > 0) {
      await new Promise<void>((resolve) => {
        const entry = {
          timer: setTimeout(() => entry.resolve(), delayMs),
          resolve: () => {
            delays.delete(entry);
            resolve();
          },
        };
        delays.add(entry);
      });
    }
    if (res.destroyed) return;
    if (failure !== null) return send(res, failure, { cod: failure, message: 'Internal error' });
    const q = url.searchParams;
    if (q.get('appid') !== apiKey) {
      return send(res, 401, { cod: 401, message: 'Invalid API key. Please see https://openweathermap.org/faq#error401 for more info.' });
    }
    const lat = Number(q.get('lat'));
    const lon = Number(q.get('lon'));
    const limit = Math.min(5, Number(q.get('limit') ?? 5) || 5);
    switch (url.pathname) {
      case '/data/3.0/onecall': {
        if (!q.has('lat') || !q.has('lon') || !(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
          return send(res, 400, { cod: '400', message: 'wrong latitude' });
        }
        const body = oneCallBody(lat, lon, q.get('units') ?? 'standard', alerts);
        for (const part of (q.get('exclude') ?? '').split(',').filter(Boolean)) delete body[part];
        return send(res, 200, body);
      }
      case '/geo/1.0/direct': {
        const name = (q.get('q') ?? '').split(',')[0]!.trim().toLowerCase();
        return send(res, 200, STUB_PLACES.filter((p) => p.name.toLowerCase() === name).slice(0, limit));
      }
      case '/geo/1.0/reverse': {
        const nearest = [...STUB_PLACES].sort((a, b) => Math.hypot(a.lat - lat, a.lon - lon) - Math.hypot(b.lat - lat, b.lon - lon));
        return send(res, 200, nearest.slice(0, limit));
      }
      default:
        return send(res, 404, { cod: '404', message: 'Internal error' });
    }
  };

  const loopback = await listenLoopback(handle);

  return {
    baseUrl: loopback.baseUrl,
    apiKey,
    requests,
    requestCount: () => requests.length,
    setDelay: (ms) => void (delayMs = ms),
    setFailure: (status) => void (failure = status),
    setAlerts: (on) => void (alerts = on),
    async close() {
      for (const entry of delays) {
        clearTimeout(entry.timer);
        entry.resolve();
      }
      await loopback.close();
    },
  };
}
