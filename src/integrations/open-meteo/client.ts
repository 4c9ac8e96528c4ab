import Value from 'typebox/value';
import type { Static, TSchema } from 'typebox';
import {
  DAILY_DAYS,
  fetchJson,
  HOURLY_HOURS,
  RECENT_DAYS,
  offsetText,
  round,
  WeatherProviderError,
  weatherOutbound,
  type DailyWeather,
  type Forecast,
  type WeatherProvider,
} from '../weather/forecast.js';
import {
  ARCHIVE_DAILY_VARIABLES,
  CURRENT_VARIABLES,
  DAILY_VARIABLES,
  HOURLY_VARIABLES,
  OpenMeteoArchiveSchema,
  OpenMeteoForecastSchema,
  type OpenMeteoArchive,
  type OpenMeteoForecast,
} from './schema.js';

export interface OpenMeteoOptions {
  /** https://api.open-meteo.com in production; a loopback stub in tests. */
  baseUrl: string;
  /** The Historical Weather API host; default https://archive-api.open-meteo.com. */
  archiveUrl?: string;
  /** IANA zone the times are given in; default Asia/Kolkata. */
  timezone?: string;
  fetch?: typeof fetch;
  now?: () => Date;
  /** A safety net per call; the weather service's own deadline is shorter (see weatherOutbound). */
  timeoutMs?: number;
}

export interface OpenMeteoClient extends WeatherProvider {
  readonly name: 'open-meteo';
  /** The raw answer of `/v1/forecast`, checked against the schema. */
  rawForecast(lat: number, lon: number, signal?: AbortSignal): Promise<OpenMeteoForecast>;
  /** The raw answer of `/v1/archive` for `from`..`to` (both included), checked against the schema. */
  rawArchive(lat: number, lon: number, from: string, to: string, signal?: AbortSignal): Promise<OpenMeteoArchive>;
  history(lat: number, lon: number, from: string, to: string, signal?: AbortSignal): Promise<DailyWeather[]>;
}

const PROVIDER = 'open-meteo';

const num = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Day `i` of a daily column set, or undefined when it has no temperatures. `complete` also demands
 * rain and wind: a history day without them is left out rather than given 0 mm it may not have had.
 */
function dailyRow(d: OpenMeteoForecast['daily'], i: number, complete: boolean): DailyWeather | undefined {
  const date = d.time[i];
  const tMaxC = num(d.temperature_2m_max[i]);
  const tMinC = num(d.temperature_2m_min[i]);
  const windKmh = num(d.wind_speed_10m_max[i]);
  const rainMm = num(d.precipitation_sum[i]);
  if (date === undefined || tMaxC === undefined || tMinC === undefined) return undefined;
  if (complete && (windKmh === undefined || rainMm === undefined)) return undefined;
  const humidityMaxPct = num(d.relative_humidity_2m_max[i]);
  const humidityMinPct = num(d.relative_humidity_2m_min[i]);
  const solar = num(d.shortwave_radiation_sum[i]);
  const et0 = num(d.et0_fao_evapotranspiration[i]);
  return {
    date,
    tMaxC,
    tMinC,
    ...(humidityMaxPct !== undefined ? { humidityMaxPct } : {}),
    ...(humidityMinPct !== undefined ? { humidityMinPct } : {}),
    windKmh: windKmh ?? 0,
    rainMm: rainMm ?? 0,
    ...(solar !== undefined ? { solarRadiationMJm2: solar } : {}),
    ...(et0 !== undefined ? { et0Mm: et0 } : {}),
  };
}

/** Maps an Open-Meteo answer (already in °C, %, km/h, mm, MJ/m²) to Kheti's Forecast. */
export function mapOpenMeteo(body: OpenMeteoForecast, fetchedAt: Date): Forecast {
  const offset = offsetText(body.utc_offset_seconds);
  // Local times come without an offset ("2024-07-02T10:15"); Kheti's carry it.
  const withOffset = (t: string) => `${t}${offset}`;
  const c = body.current;
  const h = body.hourly;
  const currentHour = `${c.time.slice(0, 13)}:00`;
  let start = h.time.findIndex((t) => t >= currentHour);
  if (start < 0) start = h.time.length;

  const hourly: Forecast['hourly'] = [];
  for (let i = start; i < h.time.length && hourly.length < HOURLY_HOURS; i += 1) {
    const tempC = num(h.temperature_2m[i]);
    const humidityPct = num(h.relative_humidity_2m[i]);
    const windKmh = num(h.wind_speed_10m[i]);
    if (tempC === undefined || humidityPct === undefined || windKmh === undefined) continue;
    hourly.push({
      time: withOffset(h.time[i]!),
      tempC,
      humidityPct,
      windKmh,
      rainMm: num(h.precipitation[i]) ?? 0,
      cloudPct: num(h.cloud_cover[i]) ?? 0,
    });
  }

  const d = body.daily;
  const today = c.time.slice(0, 10);
  const daily: Forecast['daily'] = [];
  const recentDays: Forecast['daily'] = [];
  for (let i = 0; i < d.time.length && daily.length < DAILY_DAYS; i += 1) {
    const day = dailyRow(d, i, false);
    if (!day) continue;
    // With past_days the series starts before today; those days are the recent past.
    (day.date < today ? recentDays : daily).push(day);
  }

  const currentTemp = num(c.temperature_2m) ?? hourly[0]?.tempC;
  if (currentTemp === undefined) throw new WeatherProviderError(PROVIDER, 'invalid_response', 'Open-Meteo gave no current temperature');
  return {
    source: PROVIDER,
    fetchedAt: fetchedAt.toISOString(),
    lat: body.latitude,
    lon: body.longitude,
    current: {
      time: withOffset(c.time),
      tempC: currentTemp,
      humidityPct: num(c.relative_humidity_2m) ?? hourly[0]?.humidityPct ?? 0,
      windKmh: num(c.wind_speed_10m) ?? hourly[0]?.windKmh ?? 0,
      rainMm: round(num(c.precipitation) ?? 0),
      cloudPct: num(c.cloud_cover) ?? hourly[0]?.cloudPct ?? 0,
    },
    hourly,
    daily,
    ...(recentDays.length > 0 ? { recentDays: recentDays.slice(-RECENT_DAYS) } : {}),
  };
}

/**
 * Maps an archive answer to Kheti's days, oldest first, within `from`..`to`. The newest days of a
 * range come back null while the reanalysis catches up (see schema.ts); they, and any other day
 * without temperatures, rain and wind, are skipped.
 */
export function mapOpenMeteoArchive(body: OpenMeteoArchive, from: string, to: string): DailyWeather[] {
  const days: DailyWeather[] = [];
  for (let i = 0; i < body.daily.time.length; i += 1) {
    const day = dailyRow(body.daily, i, true);
    if (day && day.date >= from && day.date <= to) days.push(day);
  }
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function checked<S extends TSchema>(schema: S, body: unknown, what: string): Static<S> {
  if (Value.Check(schema, body)) return body as Static<S>;
  const [first] = Value.Errors(schema, body);
  throw new WeatherProviderError(
    PROVIDER,
    'invalid_response',
    `The Open-Meteo ${what} answer does not match the documented format (${first?.instancePath || '/'}: ${first?.message ?? 'invalid'})`,
  );
}

export function createOpenMeteoClient(options: OpenMeteoOptions): OpenMeteoClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const archiveBase = (options.archiveUrl ?? 'https://archive-api.open-meteo.com').replace(/\/+$/, '');
  const now = options.now ?? (() => new Date());
  const timezone = options.timezone ?? 'Asia/Kolkata';
  const outbound = weatherOutbound(PROVIDER, options);

  const client: OpenMeteoClient = {
    name: PROVIDER,
    async rawForecast(lat, lon, signal) {
      const url = new URL(`${base}/v1/forecast`);
      url.searchParams.set('latitude', String(lat));
      url.searchParams.set('longitude', String(lon));
      url.searchParams.set('current', CURRENT_VARIABLES.join(','));
      url.searchParams.set('hourly', HOURLY_VARIABLES.join(','));
      url.searchParams.set('daily', DAILY_VARIABLES.join(','));
      url.searchParams.set('timezone', timezone);
      url.searchParams.set('forecast_days', String(DAILY_DAYS));
      url.searchParams.set('past_days', String(RECENT_DAYS));
      return checked(OpenMeteoForecastSchema, await fetchJson(PROVIDER, outbound, url, signal), 'forecast');
    },
    async forecast(lat, lon, signal) {
      return mapOpenMeteo(await client.rawForecast(lat, lon, signal), now());
    },
    async rawArchive(lat, lon, from, to, signal) {
      const url = new URL(`${archiveBase}/v1/archive`);
      url.searchParams.set('latitude', String(lat));
      url.searchParams.set('longitude', String(lon));
      url.searchParams.set('start_date', from);
      url.searchParams.set('end_date', to);
      url.searchParams.set('daily', ARCHIVE_DAILY_VARIABLES.join(','));
      url.searchParams.set('timezone', timezone);
      return checked(OpenMeteoArchiveSchema, await fetchJson(PROVIDER, outbound, url, signal), 'archive');
    },
    async history(lat, lon, from, to, signal) {
      return mapOpenMeteoArchive(await client.rawArchive(lat, lon, from, to, signal), from, to);
    },
  };
  return client;
}
