import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLoopback } from './loopback.js';

/**
 * A stand-in for Open-Meteo's forecast API on 127.0.0.1 (open-meteo.com/en/docs):
 * `GET /v1/forecast?latitude&longitude&current=…&hourly=…&daily=…&timezone=…&forecast_days=N&past_days=P`
 * answers column-oriented `current`, `hourly` (24 × (P + N) hours from 00:00 local, P days ago) and
 * `daily` (P + N days)
 * objects for exactly the requested variables, times in local time without offset,
 * `utc_offset_seconds`, and `*_units`; errors are 400 `{"error":true,"reason":"…"}`.
 * Units are Open-Meteo's defaults: °C, %, km/h, mm, MJ/m².
 *
 * It also plays the Historical Weather API (open-meteo.com/en/docs/historical-weather-api), so one
 * stub serves both base URLs: `GET /v1/archive?latitude&longitude&start_date&end_date&daily=…&timezone=…`
 * answers `daily` for every date from start_date to end_date (both included), values
 * `dailyValue(variable, days from FIXTURE_DAY)`. Like the real archive, which lags real time, days
 * after the last archived day (FIXTURE_DAY − 2 unless set) are listed with null values.
 * Bad dates, a reversed range or an unknown variable answer 400 `{"error":true,"reason":"…"}`
 * (the reversed-range reason is the one Open-Meteo gives; the others are worded here).
 *
 * Knobs: a delay, a forced failure status (everywhere, or the archive alone), the last archived day, a daily forecast
 * value of one day (a frost or a heat wave), and a count of requests.
 */
export interface OpenMeteoStub {
  baseUrl: string;
  requests: URL[];
  requestCount(): number;
  /** Requests to `/v1/archive` only. */
  archiveRequestCount(): number;
  setDelay(ms: number): void;
  setFailure(status: number | null): void;
  /** Fails only `/v1/archive`, the separate host of the real service. */
  setArchiveFailure(status: number | null): void;
  /** The newest day the archive has values for; later days answer null. */
  setArchiveLastDay(date: string): void;
  /** Answers `value` for a daily forecast variable on day `d` (0 = the fixture day) instead of dailyValue; null undoes it. */
  setDailyForecast(variable: string, d: number, value: number | null): void;
  close(): Promise<void>;
}

/** Fixture day and current time (IST): 2024-07-02 11:15. */
export const FIXTURE_DAY = '2024-07-02';
export const FIXTURE_CURRENT_TIME = '2024-07-02T11:15';
/** The documented lag of the archive: "a delay of 2 days". */
export const ARCHIVE_LAST_DAY = '2024-06-30';

const UNITS: Record<string, string> = {
  temperature_2m: '°C',
  relative_humidity_2m: '%',
  wind_speed_10m: 'km/h',
  precipitation: 'mm',
  cloud_cover: '%',
  temperature_2m_max: '°C',
  temperature_2m_min: '°C',
  relative_humidity_2m_max: '%',
  relative_humidity_2m_min: '%',
  precipitation_sum: 'mm',
  wind_speed_10m_max: 'km/h',
  shortwave_radiation_sum: 'MJ/m²',
  et0_fao_evapotranspiration: 'mm',
};

/** The value of an hourly variable at hour `h` (0 = 00:00 on the fixture day). */
export function hourlyValue(variable: string, h: number): number {
  const hour = h % 24;
  const phase = Math.cos(((hour - 15) / 24) * 2 * Math.PI);
  switch (variable) {
    case 'temperature_2m':
      return +(25 + 3 * phase).toFixed(1);
    case 'relative_humidity_2m':
      return Math.round(80 - 10 * phase);
    case 'wind_speed_10m':
      return +(14 + 4 * phase).toFixed(1);
    case 'precipitation':
      return hour >= 14 && hour < 18 ? 2.5 : 0;
    case 'cloud_cover':
      return 85;
    default:
      return 0;
  }
}

/** The value of a daily variable on day `d` (0 = the fixture day). */
export function dailyValue(variable: string, d: number): number {
  switch (variable) {
    case 'temperature_2m_max':
      return 28.3 + d * 0.1;
    case 'temperature_2m_min':
      return 22.9;
    case 'relative_humidity_2m_max':
      return 95;
    case 'relative_humidity_2m_min':
      return 68;
    case 'precipitation_sum':
      return 10;
    case 'wind_speed_10m_max':
      return 21.6;
    case 'shortwave_radiation_sum':
      return 14.2;
    case 'et0_fao_evapotranspiration':
      return 3.1;
    default:
      return 0;
  }
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const pad = (n: number) => String(n).padStart(2, '0');
const dayOffset = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${FIXTURE_DAY}T00:00:00Z`)) / 86_400_000);
const isDate = (text: string | null): text is string => !!text && /^\d{4}-\d{2}-\d{2}$/.test(text) && addDays(text, 0) === text;

/** The `/v1/archive` answer, or an error reason for a 400. */
function archive(q: URLSearchParams, lastDay: string): Record<string, unknown> | string {
  const start = q.get('start_date');
  const end = q.get('end_date');
  if (!isDate(start)) return `Invalid date format for start_date: ${start ?? 'missing'}`;
  if (!isDate(end)) return `Invalid date format for end_date: ${end ?? 'missing'}`;
  if (end < start) return 'End-date must be larger or equals than start-date';
  const daily = (q.get('daily') ?? '').split(',').filter(Boolean);
  for (const v of daily) {
    if (!(v in UNITS)) return `Cannot initialize Era5DailyWeatherVariable from invalid String value ${v}.`;
  }
  if (daily.length && !q.has('timezone')) return 'Timezone is required';
  const timezone = q.get('timezone') ?? 'GMT';
  const offset = timezone === 'Asia/Kolkata' ? 19800 : 0;
  const count = dayOffset(end) - dayOffset(start) + 1;
  const time = Array.from({ length: count }, (_, d) => addDays(start, d));
  return {
    latitude: Math.round(Number(q.get('latitude')) * 1000) / 1000,
    longitude: Math.round(Number(q.get('longitude')) * 1000) / 1000,
    generationtime_ms: 2.5,
    utc_offset_seconds: offset,
    timezone,
    timezone_abbreviation: offset ? 'IST' : 'GMT',
    elevation: 565,
    ...(daily.length
      ? {
          daily_units: { time: 'iso8601', ...Object.fromEntries(daily.map((v) => [v, UNITS[v]])) },
          daily: {
            time,
            ...Object.fromEntries(daily.map((v) => [v, time.map((t) => (t > lastDay ? null : dailyValue(v, dayOffset(t))))])),
          },
        }
      : {}),
  };
}

export async function startOpenMeteoStub(): Promise<OpenMeteoStub> {
  const requests: URL[] = [];
  let delayMs = 0;
  let failure: number | null = null;
  let archiveFailure: number | null = null;
  let archiveLastDay = ARCHIVE_LAST_DAY;
  const dailyForecast = new Map<string, number>();
  const forecastValue = (v: string, d: number) => dailyForecast.get(`${v}:${d}`) ?? dailyValue(v, d);
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
    if (failure !== null) return send(res, failure, { error: true, reason: 'Internal server error' });
    if (archiveFailure !== null && url.pathname === '/v1/archive')
      return send(res, archiveFailure, { error: true, reason: 'Internal server error' });
    if (url.pathname !== '/v1/forecast' && url.pathname !== '/v1/archive') return send(res, 404, { error: true, reason: 'Not Found' });
    const q = url.searchParams;
    const latitude = Number(q.get('latitude'));
    const longitude = Number(q.get('longitude'));
    if (!q.has('latitude') || !(Math.abs(latitude) <= 90) || !q.has('longitude') || !(Math.abs(longitude) <= 180)) {
      return send(res, 400, { error: true, reason: 'Latitude must be in range of -90 to 90°. Given: NaN.' });
    }
    if (url.pathname === '/v1/archive') {
      const answer = archive(q, archiveLastDay);
      return typeof answer === 'string' ? send(res, 400, { error: true, reason: answer }) : send(res, 200, answer);
    }
    const list = (name: string) => (q.get(name) ?? '').split(',').filter(Boolean);
    const current = list('current');
    const hourly = list('hourly');
    const daily = list('daily');
    for (const v of [...current, ...hourly, ...daily]) {
      if (!(v in UNITS))
        return send(res, 400, { error: true, reason: `Cannot initialize WeatherVariable from invalid String value ${v}.` });
    }
    const timezone = q.get('timezone') ?? 'GMT';
    const offset = timezone === 'Asia/Kolkata' ? 19800 : 0;
    const days = Number(q.get('forecast_days') ?? 7);
    // past_days prepends whole days before today to the hourly and daily series.
    const pastDays = Number(q.get('past_days') ?? 0);
    const firstDay = addDays(FIXTURE_DAY, -pastDays);
    const body: Record<string, unknown> = {
      latitude: Math.round(latitude * 1000) / 1000,
      longitude: Math.round(longitude * 1000) / 1000,
      generationtime_ms: 0.123,
      utc_offset_seconds: offset,
      timezone,
      timezone_abbreviation: offset ? 'IST' : 'GMT',
      elevation: 565,
    };
    if (current.length) {
      const h = 11;
      body.current_units = { time: 'iso8601', interval: 'seconds', ...Object.fromEntries(current.map((v) => [v, UNITS[v]])) };
      body.current = { time: FIXTURE_CURRENT_TIME, interval: 900, ...Object.fromEntries(current.map((v) => [v, hourlyValue(v, h)])) };
    }
    if (hourly.length) {
      const hours = (pastDays + days) * 24;
      body.hourly_units = { time: 'iso8601', ...Object.fromEntries(hourly.map((v) => [v, UNITS[v]])) };
      body.hourly = {
        time: Array.from({ length: hours }, (_, h) => `${addDays(firstDay, Math.floor(h / 24))}T${pad(h % 24)}:00`),
        ...Object.fromEntries(hourly.map((v) => [v, Array.from({ length: hours }, (_, h) => hourlyValue(v, h))])),
      };
    }
    if (daily.length) {
      body.daily_units = { time: 'iso8601', ...Object.fromEntries(daily.map((v) => [v, UNITS[v]])) };
      body.daily = {
        time: Array.from({ length: pastDays + days }, (_, d) => addDays(firstDay, d)),
        ...Object.fromEntries(daily.map((v) => [v, Array.from({ length: pastDays + days }, (_, d) => forecastValue(v, d - pastDays))])),
      };
    }
    return send(res, 200, body);
  };

  const loopback = await listenLoopback(handle);

  return {
    baseUrl: loopback.baseUrl,
    requests,
    requestCount: () => requests.length,
    archiveRequestCount: () => requests.filter((r) => r.pathname === '/v1/archive').length,
    setDelay: (ms) => void (delayMs = ms),
    setFailure: (status) => void (failure = status),
    setArchiveFailure: (status) => void (archiveFailure = status),
    setArchiveLastDay: (date) => void (archiveLastDay = date),
    setDailyForecast: (variable, d, value) => {
      if (value === null) dailyForecast.delete(`${variable}:${d}`);
      else dailyForecast.set(`${variable}:${d}`, value);
    },
    async close() {
      for (const entry of delays) {
        clearTimeout(entry.timer);
        entry.resolve();
      }
      await loopback.close();
    },
  };
}
