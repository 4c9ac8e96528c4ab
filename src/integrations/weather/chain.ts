import { Counter, Histogram, type Registry } from 'prom-client';
import { AppError } from '../../errors.js';
import type { Cache } from '../../infra/cache/cache.js';
import { WeatherProviderError, type Forecast, type WeatherProvider, type WeatherSource } from './forecast.js';

/**
 * The weather service in front of the providers: a ~1 km grid cache with single-flight, a timeout,
 * one retry with jitter and a circuit breaker per provider, fall-through to the next provider, and
 * the last good answer (marked stale) when none answers.
 */
export interface WeatherAnswer extends Forecast {
  /** True when every provider failed and this is the last good answer for the cell. */
  stale: boolean;
}

export interface WeatherService {
  /** The forecast for the ~1 km cell (0.01°) around the point; `source` says which provider answered. */
  forecast(lat: number, lon: number): Promise<WeatherAnswer>;
  /** For health pages and tests: the breaker state of each provider. */
  breakers(): Record<string, 'closed' | 'open' | 'half-open'>;
}

export interface BreakerOptions {
  /** Consecutive failed calls that open the breaker; default 5. */
  failureThreshold?: number;
  /** How long it stays open before one trial call; default 30 s. */
  openMs?: number;
}

export interface WeatherServiceOptions {
  /** Tried in order; the first that answers wins. */
  providers: WeatherProvider[];
  cache: Cache;
  /** Registers the weather metrics on this registry (e.g. `createMetrics().registry`). */
  metrics?: { registry: Registry };
  /** Clock for the breakers and retry jitter, ms since the epoch. */
  now?: () => number;
  /** Per upstream call; default 3000. */
  timeoutMs?: number;
  /** Fresh answers; default 10 minutes (OpenWeather updates every 10 minutes). */
  ttlMs?: number;
  /** The last good answer per cell, served stale when every provider fails; default 24 h. */
  lastGoodTtlMs?: number;
  /** The retry waits a random time in [min, max] ms; default [100, 400]. */
  retryDelayMs?: [number, number];
  breaker?: BreakerOptions;
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

type BreakerState = 'closed' | 'open' | 'half-open';

class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private trialInFlight = false;

  constructor(
    private readonly threshold: number,
    private readonly openMs: number,
    private readonly now: () => number,
  ) {}

  state(): BreakerState {
    if (this.openUntil === 0) return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half-open';
  }

  /** Closed: yes. Open: no. Half-open: one trial call at a time. */
  allow(): boolean {
    const state = this.state();
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success() {
    this.failures = 0;
    this.openUntil = 0;
    this.trialInFlight = false;
  }

  failure() {
    this.failures += 1;
    if (this.trialInFlight || this.failures >= this.threshold) {
      this.openUntil = this.now() + this.openMs;
      this.trialInFlight = false;
    }
  }
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
    upstreamCalls: counter(registry, 'kheti_weather_upstream_requests_total', 'Upstream weather calls by provider and outcome (success, timeout, unavailable, upstream_status, invalid_response, circuit_open)', ['provider', 'outcome']),
    upstreamDuration:
      (registry.getSingleMetric(durationName) as Histogram<string> | undefined) ??
      new Histogram({
        name: durationName,
        help: 'Upstream weather call latency by provider',
        labelNames: ['provider'],
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
        registers: [registry],
      }),
    answers: counter(registry, 'kheti_weather_forecasts_total', 'Weather answers by provider and result (hit, miss, stale, unavailable); hit / (hit + miss) is the cache hit ratio', ['provider', 'result']),
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function asProviderError(provider: WeatherSource, error: unknown): WeatherProviderError {
  if (error instanceof WeatherProviderError) return error;
  return new WeatherProviderError(provider, 'invalid_response', `${provider} failed: ${error instanceof Error ? error.message : String(error)}`);
}

export function createWeatherService(options: WeatherServiceOptions): WeatherService {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 3000;
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const lastGoodTtlMs = options.lastGoodTtlMs ?? 24 * 3_600_000;
  const [retryMin, retryMax] = options.retryDelayMs ?? [100, 400];
  const prefix = options.keyPrefix ?? 'weather';
  const metrics = options.metrics ? weatherMetrics(options.metrics.registry) : undefined;
  const breakers = new Map<string, CircuitBreaker>(
    options.providers.map((p) => [p.name, new CircuitBreaker(options.breaker?.failureThreshold ?? 5, options.breaker?.openMs ?? 30_000, now)]),
  );

  /** One call with a hard deadline, even for a provider that ignores its signal. */
  async function callOnce(provider: WeatherProvider, lat: number, lon: number): Promise<Forecast> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new WeatherProviderError(provider.name, 'timeout', `${provider.name} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    const started = performance.now();
    try {
      const forecast = await Promise.race([provider.forecast(lat, lon, controller.signal), deadline]);
      metrics?.upstreamCalls.inc({ provider: provider.name, outcome: 'success' });
      return forecast;
    } catch (error) {
      const failure = controller.signal.aborted
        ? new WeatherProviderError(provider.name, 'timeout', `${provider.name} did not answer within ${timeoutMs} ms`)
        : asProviderError(provider.name, error);
      metrics?.upstreamCalls.inc({ provider: provider.name, outcome: failure.reason });
      throw failure;
    } finally {
      clearTimeout(timer);
      metrics?.upstreamDuration.observe({ provider: provider.name }, (performance.now() - started) / 1000);
    }
  }

  async function load(lat: number, lon: number): Promise<Forecast> {
    const failures: string[] = [];
    for (const provider of options.providers) {
      const breaker = breakers.get(provider.name)!;
      if (!breaker.allow()) {
        metrics?.upstreamCalls.inc({ provider: provider.name, outcome: 'circuit_open' });
        failures.push(`${provider.name}: circuit open`);
        continue;
      }
      for (let attempt = 0; ; attempt += 1) {
        try {
          const forecast = await callOnce(provider, lat, lon);
          breaker.success();
          return forecast;
        } catch (error) {
          const failure = error as WeatherProviderError;
          breaker.failure();
          // A timeout has used the whole budget: go on to the next provider rather than wait again.
          if (attempt === 0 && failure.retryable && breaker.state() === 'closed') {
            await sleep(retryMin + Math.random() * Math.max(0, retryMax - retryMin));
            continue;
          }
          failures.push(`${provider.name}: ${failure.message}`);
          options.logger?.warn({ provider: provider.name, reason: failure.reason, status: failure.status }, 'weather provider failed');
          break;
        }
      }
    }
    throw new AllProvidersFailed(failures);
  }

  return {
    async forecast(lat, lon) {
      if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
        throw new AppError('bad_request', 'Latitude must be within ±90° and longitude within ±180°');
      }
      const cell = gridCell(lat, lon);
      const key = `${prefix}:forecast:v1:${cell.id}`;
      const lastKey = `${prefix}:last:v1:${cell.id}`;
      let loaded = false;
      try {
        const forecast = await options.cache.getOrLoad<Forecast>(key, ttlMs, async () => {
          loaded = true;
          const fresh = await load(cell.lat, cell.lon);
          await options.cache.set(lastKey, fresh, lastGoodTtlMs).catch(() => undefined);
          return fresh;
        });
        metrics?.answers.inc({ provider: forecast.source, result: loaded ? 'miss' : 'hit' });
        return { ...forecast, stale: false };
      } catch (error) {
        if (!(error instanceof AllProvidersFailed)) throw error;
        const last = await options.cache.get<Forecast>(lastKey).catch(() => undefined);
        if (last) {
          metrics?.answers.inc({ provider: last.source, result: 'stale' });
          return { ...last, stale: true };
        }
        metrics?.answers.inc({ provider: 'none', result: 'unavailable' });
        throw new AppError('upstream_unavailable', `No weather source is answering for ${cell.id} and nothing is cached; retry shortly.`, {
          headers: { 'retry-after': '30' },
        });
      }
    },
    breakers() {
      return Object.fromEntries([...breakers].map(([name, breaker]) => [name, breaker.state()]));
    },
  };
}
