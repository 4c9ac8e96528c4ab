import type { TSchema, Static } from 'typebox';
import type { BreakerOptions } from '../../infra/outbound/index.js';
import Value from 'typebox/value';
import {
  DAILY_DAYS,
  fetchJson,
  HOURLY_HOURS,
  kelvinToCelsius,
  localDate,
  localIso,
  msToKmh,
  round,
  WeatherProviderError,
  weatherOutbound,
  type Forecast,
  type WeatherProvider,
} from '../weather/forecast.js';
import { GeoResponseSchema, OneCallResponseSchema, type OneCallResponse } from './schema.js';

export interface OpenWeatherOptions {
  apiKey: string;
  /** https://api.openweathermap.org in production; a loopback stub in tests. */
  baseUrl: string;
  fetch?: typeof fetch;
  now?: () => Date;
  /**
   * Per call, retries and breaker of the client's own; by default none of the last two, as the
   * weather service has them (see weatherOutbound). The geocoder asks for all three.
   */
  timeoutMs?: number;
  retries?: number;
  breaker?: BreakerOptions | false;
}

/** A place from OpenWeather's geocoder, in Kheti's words. */
export interface GeocodedPlace {
  name: string;
  /** Names by ISO 639 language code (`hi`, `mr`, …), when OpenWeather has them. */
  localNames?: Record<string, string>;
  lat: number;
  lon: number;
  country: string;
  state?: string;
}

export interface OpenWeatherClient extends WeatherProvider {
  readonly name: 'openweather';
  /** The raw One Call 3.0 answer (default units: Kelvin, m/s), checked against the schema. */
  oneCall(lat: number, lon: number, signal?: AbortSignal): Promise<OneCallResponse>;
  /** `/geo/1.0/direct`: `query` like `Nashik,IN`; at most 5 results. */
  geocode(query: string, options?: { limit?: number; signal?: AbortSignal }): Promise<GeocodedPlace[]>;
  /** `/geo/1.0/reverse`. */
  reverseGeocode(lat: number, lon: number, options?: { limit?: number; signal?: AbortSignal }): Promise<GeocodedPlace[]>;
}

const PROVIDER = 'openweather';

function check<S extends TSchema>(schema: S, value: unknown, what: string): Static<S> {
  if (Value.Check(schema, value)) return value as Static<S>;
  const [first] = Value.Errors(schema, value);
  throw new WeatherProviderError(
    PROVIDER,
    'invalid_response',
    `${what} does not match the documented format (${first?.instancePath || '/'}: ${first?.message ?? 'invalid'})`,
  );
}

/** Maps a One Call 3.0 answer in the default (standard) units to Kheti's Forecast. */
export function mapOneCall(body: OneCallResponse, fetchedAt: Date): Forecast {
  const offset = body.timezone_offset;
  const c = body.current;
  const forecast: Forecast = {
    source: PROVIDER,
    fetchedAt: fetchedAt.toISOString(),
    lat: body.lat,
    lon: body.lon,
    current: {
      time: localIso(c.dt, offset),
      tempC: kelvinToCelsius(c.temp),
      humidityPct: c.humidity,
      windKmh: msToKmh(c.wind_speed),
      rainMm: round((c.rain?.['1h'] ?? 0) + (c.snow?.['1h'] ?? 0)),
      cloudPct: c.clouds,
    },
    hourly: body.hourly.slice(0, HOURLY_HOURS).map((h) => ({
      time: localIso(h.dt, offset),
      tempC: kelvinToCelsius(h.temp),
      humidityPct: h.humidity,
      windKmh: msToKmh(h.wind_speed),
      rainMm: round((h.rain?.['1h'] ?? 0) + (h.snow?.['1h'] ?? 0)),
      cloudPct: h.clouds,
      ...(h.pop !== undefined ? { rainProbabilityPct: round(h.pop * 100, 0) } : {}),
    })),
    daily: body.daily.slice(0, DAILY_DAYS).map((d) => ({
      date: localDate(d.dt, offset),
      tMaxC: kelvinToCelsius(d.temp.max),
      tMinC: kelvinToCelsius(d.temp.min),
      windKmh: msToKmh(d.wind_speed),
      rainMm: round((d.rain ?? 0) + (d.snow ?? 0)),
    })),
  };
  if (body.alerts?.length) {
    forecast.alerts = body.alerts.map((a) => ({
      sender: a.sender_name,
      event: a.event,
      start: localIso(a.start, offset),
      end: localIso(a.end, offset),
      description: a.description,
      tags: a.tags ?? [],
    }));
  }
  return forecast;
}

const toPlace = (p: {
  name: string;
  local_names?: Record<string, string>;
  lat: number;
  lon: number;
  country: string;
  state?: string;
}): GeocodedPlace => ({
  name: p.name,
  ...(p.local_names
    ? { localNames: Object.fromEntries(Object.entries(p.local_names).filter(([k]) => k !== 'ascii' && k !== 'feature_name')) }
    : {}),
  lat: p.lat,
  lon: p.lon,
  country: p.country,
  ...(p.state ? { state: p.state } : {}),
});

export function createOpenWeatherClient(options: OpenWeatherOptions): OpenWeatherClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const now = options.now ?? (() => new Date());
  const outbound = weatherOutbound(PROVIDER, options);
  const url = (path: string, params: Record<string, string | number>) => {
    const u = new URL(`${base}${path}`);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, String(v));
    u.searchParams.set('appid', options.apiKey);
    return u;
  };
  const limitOf = (limit?: number) => Math.min(5, Math.max(1, Math.trunc(limit ?? 5)));

  const client: OpenWeatherClient = {
    name: PROVIDER,
    async oneCall(lat, lon, signal) {
      // No `units`: the documented default (standard: Kelvin, m/s), converted here.
      const body = await fetchJson(PROVIDER, outbound, url('/data/3.0/onecall', { lat, lon, exclude: 'minutely' }), signal);
      return check(OneCallResponseSchema, body, 'The One Call answer');
    },
    async forecast(lat, lon, signal) {
      return mapOneCall(await client.oneCall(lat, lon, signal), now());
    },
    async geocode(query, opts = {}) {
      const body = await fetchJson(PROVIDER, outbound, url('/geo/1.0/direct', { q: query, limit: limitOf(opts.limit) }), opts.signal);
      return check(GeoResponseSchema, body, 'The geocoding answer').map(toPlace);
    },
    async reverseGeocode(lat, lon, opts = {}) {
      const body = await fetchJson(PROVIDER, outbound, url('/geo/1.0/reverse', { lat, lon, limit: limitOf(opts.limit) }), opts.signal);
      return check(GeoResponseSchema, body, 'The reverse geocoding answer').map(toPlace);
    },
  };
  return client;
}
