import { Counter, Histogram, type Registry } from 'prom-client';
import { AppError } from '../../errors.js';
import type { Cache } from '../../infra/cache/cache.js';
import { CircuitBreaker, sleep, type BreakerOptions } from '../../infra/outbound/index.js';
import { WeatherProviderError, type DailyWeather, type Forecast, type WeatherProvider, type WeatherSource } from './forecast.js';
import { LocalForecasts } from './local-forecasts.js';

/**
 * The weather service in front of the providers: a ~1 km grid cache with single-flight, a timeout,
 * one retry with jitter and a circuit breaker per provider, fall-through to the next provider, and
 * the last good answer (marked stale) when none answers. History goes through the same machinery,
 * with breakers of its own (Open-Meteo's archive is another host than its forecast). The
 * providers' HTTP clients neither retry nor keep breakers themselves: this service does, per provider.
 */
export interface WeatherAnswer extends Forecast {
  /** True when every provider failed and this is the last good answer for the cell. */
  stale: boolean;
}

export interface WeatherHistory {
  source: WeatherSource;
  /** When Kheti fetched (or synthesised) it, ISO 8601 UTC. */
  fetchedAt: string;
  /**
   * Oldest first, local calendar days within the range. Days the source has no values for yet
   * (reanalysis lags real time by a few days) are absent, never filled in.
   */
  days: DailyWeather[];
}

/** The longest history range, in days, both ends included: a sugarcane season. */
export const MAX_HISTORY_DAYS = 400;

export interface WeatherService {
  /** The forecast for the ~1 km cell (0.01°) around the point; `source` says which provider answered. */
  forecast(lat: number, lon: number): Promise<WeatherAnswer>;
  /**
   * The same answer as `forecast`, as JSON ready to send. A warm cell is answered from this
   * process's copy of the shared cache entry (see local-forecasts.ts) without parsing or
   * serialising anything.
   */
  forecastJson(lat: number, lon: number): Promise<string>;
  /**
   * Daily weather for the cell from `from` to `to` (`YYYY-MM-DD`, both included, dates in India),
   * from the first provider in chain order that has history. At most MAX_HISTORY_DAYS days, ending
   * no later than today; otherwise AppError `validation_failed`.
   */
  history(lat: number, lon: number, from: string, to: string): Promise<WeatherHistory>;
  /** For health pages and tests: the breaker state of each provider. */
  breakers(): Record<string, 'closed' | 'open' | 'half-open'>;
}

export interface WeatherServiceOptions {
  /** Tried in order; the first that answers wins. */
  providers: WeatherProvider[];
  cache: Cache;
  /** Registers the weather metrics on this registry (e.g. `createMetrics().registry`). */
  metrics?: { registry: Registry };
  /** Clock for the breakers and for which day is today (history), ms since the epoch. */
  now?: () => number;
  /** Per upstream call; default 3000. */
  timeoutMs?: number;
  /** Fresh answers; default 10 minutes (OpenWeather updates every 10 minutes). */
  ttlMs?: number;
  /** The last good answer per cell, served stale when every provider fails; default 24 h. */
  lastGoodTtlMs?: number;
  /** History per cell and date range; default 6 h (the archive gains at most a day a day). */
  historyTtlMs?: number;
  /** The retry waits a random time in [min, max] ms; default [100, 400]. */
  retryDelayMs?: [number, number];
  breaker?: BreakerOptions;
  /** Bound of this process's copies of fresh forecasts, in bytes; default 32 MiB, 0 turns them off. */
  localBytes?: number;
  /** Cache key namespace; default `weather`. */
  keyPrefix?: string;
  logger?: { warn(obj: object, msg: string): void };
}

/** The grid cell: coordinates rounded to 0.01° (about 1.1 km of latitude). */
export function gridCell(lat: number, lon: number): { lat: number; lon: number; id: string } {
  const cellLat = Math.round(lat * 100) / 100;
  const cellLon = Math.round(lon * 100) / 100;
  return { lat: cellLat, lon: cellLon, id: `${cellLat.toFixed(2)},${cellLon.toFixed(2)}` };
}

class AllProvidersFailed extends Error {
  constructor(readonly failures: string[]) {
    super(`No weather provider answered: ${failures.join('; ') || 'none configured'}`);
  }
}

function counter(registry: Registry, name: string, help: string, labelNames: string[]) {
  return (registry.getSingleMetric(name) as Counter<string> | undefined) ?? new Counter({ name, help, labelNames, registers: [registry] });
}

function weatherMetrics(registry: Registry) {
  const durationName = 'kheti_weather_upstream_duration_seconds';
  return {
    upstreamCalls: counter(
      registry,
      'kheti_weather_upstream_requests_total',
      'Upstream weather calls by provider (`<provider>:history` for history) and outcome (success, timeout, unavailable, upstream_status, invalid_response, circuit_open)',
      ['provider', 'outcome'],
    ),
    upstreamDuration:
      (registry.getSingleMetric(durationName) as Histogram<string> | undefined) ??
      new Histogram({
        name: durationName,
        help: 'Upstream weather call latency by provider',
        labelNames: ['provider'],
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
        registers: [registry],
      }),
    answers: counter(
      registry,
      'kheti_weather_forecasts_total',
      'Weather answers by provider and result (hit, miss, stale, unavailable); hit / (hit + miss) is the cache hit ratio',
      ['provider', 'result'],
    ),
    historyAnswers: counter(
      registry,
      'kheti_weather_history_total',
      'Weather history answers by provider and result (hit, miss, unavailable)',
      ['provider', 'result'],
    ),
  };
}

/**
 * One upstream operation of one provider: `label` names its breaker and its metrics (the provider
 * name for forecasts, `<provider>:history` for history).
 */
interface Upstream<T> {
  label: string;
  provider: WeatherSource;
  call(signal: AbortSignal): Promise<T>;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const IST_OFFSET_MS = 330 * 60_000;

/** A calendar date as UTC midnight in ms, or undefined when it is not one (`2024-02-30`). */
function parseDate(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === text ? ms : undefined;
}

function checkPoint(lat: number, lon: number) {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw new AppError('bad_request', 'Latitude must be within ±90° and longitude within ±180°');
  }
}

/** Refuses a range that is not dates, runs backwards, is longer than MAX_HISTORY_DAYS or ends after today in India. */
function checkRange(from: string, to: string, nowMs: number) {
  const invalid = (path: string, message: string): never => {
    throw new AppError('validation_failed', `${path} ${message}`, { errors: [{ path, message }] });
  };
  const start = parseDate(from);
  const end = parseDate(to);
  if (start === undefined) invalid('from', `must be a date YYYY-MM-DD (got ${JSON.stringify(from)})`);
  if (end === undefined) invalid('to', `must be a date YYYY-MM-DD (got ${JSON.stringify(to)})`);
  if (end! < start!) invalid('to', `(${to}) is before from (${from})`);
  const days = (end! - start!) / DAY_MS + 1;
  if (days > MAX_HISTORY_DAYS)
    invalid('to', `makes a range of ${days} days; history covers at most ${MAX_HISTORY_DAYS} days (${from} to ${to})`);
  const today = new Date(nowMs + IST_OFFSET_MS).toISOString().slice(0, 10);
  if (to > today) invalid('to', `(${to}) is after today (${today} in India); history ends today`);
}

function asProviderError(provider: WeatherSource, error: unknown): WeatherProviderError {
  if (error instanceof WeatherProviderError) return error;
  return new WeatherProviderError(
    provider,
    'invalid_response',
    `${provider} failed: ${error instanceof Error ? error.message : String(error)}`,
  );
}

export function createWeatherService(options: WeatherServiceOptions): WeatherService {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 3000;
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const lastGoodTtlMs = options.lastGoodTtlMs ?? 24 * 3_600_000;
  const [retryMin, retryMax] = options.retryDelayMs ?? [100, 400];
  const prefix = options.keyPrefix ?? 'weather';
  const metrics = options.metrics ? weatherMetrics(options.metrics.registry) : undefined;
  const historyTtlMs = options.historyTtlMs ?? 6 * 3_600_000;
  const local = new LocalForecasts(options.localBytes ?? 32 * 1024 * 1024, now);
  const historyLabel = (name: WeatherSource) => `${name}:history`;
  const newBreaker = () => new CircuitBreaker(options.breaker, now);
  const breakers = new Map<string, CircuitBreaker>([
    ...options.providers.map((p) => [p.name, newBreaker()] as const),
    ...options.providers.filter((p) => p.history).map((p) => [historyLabel(p.name), newBreaker()] as const),
  ]);

  /** One call with a hard deadline, even for a provider that ignores its signal. */
  async function callOnce<T>(upstream: Upstream<T>): Promise<T> {
    const { label, provider } = upstream;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new WeatherProviderError(provider, 'timeout', `${provider} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    const started = performance.now();
    try {
      const answer = await Promise.race([upstream.call(controller.signal), deadline]);
      metrics?.upstreamCalls.inc({ provider: label, outcome: 'success' });
      return answer;
    } catch (error) {
      const failure = controller.signal.aborted
        ? new WeatherProviderError(provider, 'timeout', `${provider} did not answer within ${timeoutMs} ms`)
        : asProviderError(provider, error);
      metrics?.upstreamCalls.inc({ provider: label, outcome: failure.reason });
      throw failure;
    } finally {
      clearTimeout(timer);
      metrics?.upstreamDuration.observe({ provider: label }, (performance.now() - started) / 1000);
    }
  }

  /** Tries the upstreams in order: breaker, one retry of a retryable failure, then the next one. */
  async function load<T>(upstreams: Upstream<T>[]): Promise<{ value: T; provider: WeatherSource }> {
    const failures: string[] = [];
    for (const upstream of upstreams) {
      const { label, provider } = upstream;
      const breaker = breakers.get(label)!;
      if (!breaker.allow()) {
        metrics?.upstreamCalls.inc({ provider: label, outcome: 'circuit_open' });
        failures.push(`${label}: circuit open`);
        continue;
      }
      for (let attempt = 0; ; attempt += 1) {
        try {
          const value = await callOnce(upstream);
          breaker.success();
          return { value, provider };
        } catch (error) {
          const failure = error as WeatherProviderError;
          breaker.failure();
          // A timeout has used the whole budget: go on to the next provider rather than wait again.
          if (attempt === 0 && failure.retryable && breaker.state() === 'closed') {
            await sleep(retryMin + Math.random() * Math.max(0, retryMax - retryMin));
            continue;
          }
          failures.push(`${label}: ${failure.message}`);
          options.logger?.warn({ provider, upstream: label, reason: failure.reason, status: failure.status }, 'weather provider failed');
          break;
        }
      }
    }
    throw new AllProvidersFailed(failures);
  }

  const unavailable = (cellId: string, what: string) =>
    new AppError('upstream_unavailable', `No weather source is answering for ${cellId} and nothing is cached${what}; retry shortly.`, {
      headers: { 'retry-after': '30' },
    });

  /** The answer from the shared cache or the providers (fresh), or the last good one (stale). */
  async function forecastAnswer(cell: ReturnType<typeof gridCell>): Promise<{ answer: WeatherAnswer; fresh: boolean }> {
    const key = `${prefix}:forecast:v1:${cell.id}`;
    const lastKey = `${prefix}:last:v1:${cell.id}`;
    let loaded = false;
    try {
      const forecast = await options.cache.getOrLoad<Forecast>(key, ttlMs, async () => {
        loaded = true;
        const { value: fresh } = await load(
          options.providers.map((p) => ({
            label: p.name,
            provider: p.name,
            call: (signal: AbortSignal) => p.forecast(cell.lat, cell.lon, signal),
          })),
        );
        await options.cache.set(lastKey, fresh, lastGoodTtlMs).catch(() => undefined);
        return fresh;
      });
      metrics?.answers.inc({ provider: forecast.source, result: loaded ? 'miss' : 'hit' });
      return { answer: { ...forecast, stale: false }, fresh: true };
    } catch (error) {
      if (!(error instanceof AllProvidersFailed)) throw error;
      const last = await options.cache.get<Forecast>(lastKey).catch(() => undefined);
      if (last) {
        metrics?.answers.inc({ provider: last.source, result: 'stale' });
        return { answer: { ...last, stale: true }, fresh: false };
      }
      metrics?.answers.inc({ provider: 'none', result: 'unavailable' });
      throw unavailable(cell.id, '');
    }
  }

  async function forecastJson(lat: number, lon: number): Promise<string> {
    checkPoint(lat, lon);
    const cell = gridCell(lat, lon);
    const copy = local.get(cell.id);
    if (copy !== undefined) {
      metrics?.answers.inc({ provider: copy.source, result: 'hit' });
      return copy.json;
    }
    const { answer, fresh } = await forecastAnswer(cell);
    const json = JSON.stringify(answer);
    // The shared entry was written after the fetch with the full TTL, so it outlives this bound.
    if (fresh) local.set(cell.id, { json, source: answer.source }, Date.parse(answer.fetchedAt) + ttlMs);
    return json;
  }

  return {
    async forecast(lat, lon) {
      return JSON.parse(await forecastJson(lat, lon)) as WeatherAnswer;
    },
    forecastJson,
    async history(lat, lon, from, to) {
      checkPoint(lat, lon);
      checkRange(from, to, now());
      const cell = gridCell(lat, lon);
      // Only the providers with history, in chain order: with openweather first, Open-Meteo answers.
      const upstreams = options.providers.flatMap((p): Upstream<DailyWeather[]>[] => {
        const history = p.history?.bind(p);
        return history
          ? [{ label: historyLabel(p.name), provider: p.name, call: (signal) => history(cell.lat, cell.lon, from, to, signal) }]
          : [];
      });
      let loaded = false;
      try {
        const answer = await options.cache.getOrLoad<WeatherHistory>(
          `${prefix}:history:v1:${cell.id}:${from}:${to}`,
          historyTtlMs,
          async () => {
            loaded = true;
            const fetchedAt = new Date(now()).toISOString();
            const { value: days, provider } = await load(upstreams);
            return { source: provider, fetchedAt, days };
          },
        );
        metrics?.historyAnswers.inc({ provider: answer.source, result: loaded ? 'miss' : 'hit' });
        return answer;
      } catch (error) {
        if (!(error instanceof AllProvidersFailed)) throw error;
        metrics?.historyAnswers.inc({ provider: 'none', result: 'unavailable' });
        throw unavailable(cell.id, ` (history ${from} to ${to})`);
      }
    },
    breakers() {
      return Object.fromEntries([...breakers].map(([name, breaker]) => [name, breaker.state()]));
    },
  };
}
