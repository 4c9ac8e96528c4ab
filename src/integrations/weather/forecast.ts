import { createOutbound, OutboundError, type BreakerOptions, type Outbound, type OutboundResponse } from '../../infra/outbound/index.js';

/**
 * The provider-neutral forecast every weather source is mapped to. Kheti's units throughout:
 * temperature °C, wind km/h, rain mm, humidity and cloud cover %, radiation MJ/m², ET0 mm/day.
 * Times are ISO 8601 in the place's local time with its UTC offset (e.g. `2024-07-02T06:00+05:30`);
 * daily dates are local calendar dates (`YYYY-MM-DD`).
 */
export type WeatherSource = 'openweather' | 'open-meteo' | 'synthetic';

export interface CurrentWeather {
  time: string;
  tempC: number;
  humidityPct: number;
  windKmh: number;
  /** Rain in the last hour (mm). */
  rainMm: number;
  cloudPct: number;
}

export interface HourlyWeather {
  time: string;
  tempC: number;
  humidityPct: number;
  windKmh: number;
  /** Rain in that hour (mm). */
  rainMm: number;
  cloudPct: number;
  /** Probability of precipitation, when the source gives it. */
  rainProbabilityPct?: number;
}

export interface DailyWeather {
  date: string;
  tMaxC: number;
  tMinC: number;
  humidityMaxPct?: number;
  humidityMinPct?: number;
  /** Mean wind (OpenWeather) or the day's maximum (Open-Meteo), km/h at 10 m. */
  windKmh: number;
  rainMm: number;
  /** Daily shortwave radiation, when the source gives it. */
  solarRadiationMJm2?: number;
  /** FAO-56 reference evapotranspiration, only when the source computes it. */
  et0Mm?: number;
}

export interface WeatherAlert {
  sender: string;
  event: string;
  start: string;
  end: string;
  description: string;
  tags: string[];
}

export interface Forecast {
  source: WeatherSource;
  /** When Kheti fetched (or synthesised) it, ISO 8601 UTC. */
  fetchedAt: string;
  lat: number;
  lon: number;
  current: CurrentWeather;
  /** The next 48 hours from the current hour (fewer only when the source gives fewer). */
  hourly: HourlyWeather[];
  /** Today and the following days, 7 in all. */
  daily: DailyWeather[];
  /**
   * The days before today, oldest first, as the source modelled or observed them (up to 7), for
   * water balances that look back. Open-Meteo (`past_days`) and the synthetic twin give them;
   * OpenWeather's One Call has no past days, so with it this is absent.
   */
  recentDays?: DailyWeather[];
  alerts?: WeatherAlert[];
}

export interface WeatherProvider {
  readonly name: WeatherSource;
  forecast(lat: number, lon: number, signal?: AbortSignal): Promise<Forecast>;
  /**
   * Daily weather from `from` to `to` (`YYYY-MM-DD`, both included, local calendar days), oldest
   * first, in the same shape and units as the forecast's days. A day the source has no values for
   * (a reanalysis not yet caught up with the last few days) is left out, never filled in, so the
   * answer may be shorter than the range. Optional: a source without affordable history has none.
   */
  history?(lat: number, lon: number, from: string, to: string, signal?: AbortSignal): Promise<DailyWeather[]>;
}

export type WeatherErrorReason = 'timeout' | 'unavailable' | 'upstream_status' | 'invalid_response' | 'circuit_open';

/** An upstream weather call that did not give a usable answer. Messages never carry the API key. */
export class WeatherProviderError extends Error {
  override name = 'WeatherProviderError';
  constructor(
    readonly provider: WeatherSource,
    readonly reason: WeatherErrorReason,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }

  /** Worth one more try at the same provider: a network failure or a 5xx. */
  get retryable(): boolean {
    return this.reason === 'unavailable' || (this.reason === 'upstream_status' && (this.status ?? 0) >= 500);
  }
}

export const HOURLY_HOURS = 48;
export const DAILY_DAYS = 7;
export const RECENT_DAYS = 7;

export const kelvinToCelsius = (k: number) => round(k - 273.15, 2);
export const msToKmh = (ms: number) => round(ms * 3.6, 2);
export const round = (value: number, digits = 2) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

const pad = (n: number) => String(n).padStart(2, '0');

/** Formats a UTC offset in seconds as `+05:30`. */
export function offsetText(offsetSeconds: number): string {
  const sign = offsetSeconds < 0 ? '-' : '+';
  const abs = Math.abs(Math.round(offsetSeconds / 60));
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** A Unix time (s) as local ISO 8601 with offset, to the minute. */
export function localIso(unixSeconds: number, offsetSeconds: number): string {
  const d = new Date((unixSeconds + offsetSeconds) * 1000);
  return `${localDate(unixSeconds, offsetSeconds)}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${offsetText(offsetSeconds)}`;
}

/** The local calendar date (`YYYY-MM-DD`) of a Unix time (s). */
export function localDate(unixSeconds: number, offsetSeconds: number): string {
  const d = new Date((unixSeconds + offsetSeconds) * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * How a weather client reaches its host: the outbound helper with a time limit only. The weather
 * service in front of the providers (chain.ts) retries once and keeps a breaker per provider, so
 * the clients do neither; given options override that for other uses (the geocoder's client).
 */
export function weatherOutbound(
  provider: WeatherSource,
  options: { fetch?: typeof fetch; timeoutMs?: number; retries?: number; breaker?: BreakerOptions | false },
): Outbound {
  return createOutbound({
    upstream: provider,
    // A safety net: the weather service's own deadline (3 s) is what callers meet.
    timeoutMs: options.timeoutMs ?? 10_000,
    retries: options.retries ?? 0,
    breaker: options.breaker ?? false,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** Fetches JSON with the caller's signal, turning every failure into a WeatherProviderError. */
export async function fetchJson(provider: WeatherSource, outbound: Outbound, url: URL, signal: AbortSignal | undefined): Promise<unknown> {
  const label = `${url.origin}${url.pathname}`;
  let response: OutboundResponse;
  try {
    response = await outbound.request(url, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}), redirect: 'error' });
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    if (error.kind === 'timeout' || error.kind === 'cancelled')
      throw new WeatherProviderError(provider, 'timeout', `${provider} did not answer in time (${label})`);
    if (error.kind === 'circuit_open')
      throw new WeatherProviderError(provider, 'circuit_open', `${provider} failed too often lately; not asked for a while`);
    throw new WeatherProviderError(provider, 'unavailable', `${provider} is unreachable (${error.details.code ?? 'network error'})`);
  }
  if (response.status < 200 || response.status >= 300) {
    throw new WeatherProviderError(provider, 'upstream_status', `${provider} answered ${response.status} for ${label}`, response.status);
  }
  try {
    return JSON.parse(response.text()) as unknown;
  } catch {
    throw new WeatherProviderError(provider, 'invalid_response', `${provider} answered something that is not JSON for ${label}`);
  }
}
