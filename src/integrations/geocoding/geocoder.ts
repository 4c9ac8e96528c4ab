import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import { createOpenWeatherClient, type GeocodedPlace, type OpenWeatherClient } from '../openweather/client.js';
import { createGazetteer, greatCircleKm, normalizeName, parseQuery, type Gazetteer } from './gazetteer.js';
import type { GeocodeAnswer, GeocodeResult, GeocodeSource } from './types.js';

/**
 * Place names ↔ coordinates. With an OpenWeather key, OpenWeather's geocoder answers (India is
 * assumed when the query names no country) and the offline gazetteer stands in when OpenWeather
 * fails, times out or finds nothing; without a key the gazetteer answers alone and nothing leaves
 * the machine. Every answer says which source gave it.
 */
export interface Geocoder {
  /** Who answers first: `openweather` with a key, else `gazetteer`. */
  readonly primary: GeocodeSource;
  forward(query: string, options?: { limit?: number }): Promise<GeocodeAnswer>;
  reverse(lat: number, lon: number, options?: { limit?: number }): Promise<GeocodeAnswer>;
}

export type OpenWeatherGeocoding = Pick<OpenWeatherClient, 'geocode' | 'reverseGeocode'>;

export interface GeocoderOptions {
  gazetteer?: Gazetteer;
  /** Per OpenWeather call of the client built here; default 3000 ms. */
  timeoutMs?: number;
  /** Used to build the OpenWeather client when none is given (tests). */
  fetch?: typeof fetch;
  logger?: { warn(obj: object, msg: string): void };
}

/** OpenWeather answers at most 5 places. */
const MAX_LIMIT = 5;
const clampLimit = (limit: number | undefined) => Math.min(MAX_LIMIT, Math.max(1, Math.trunc(limit ?? MAX_LIMIT)));

function fromOpenWeather(place: GeocodedPlace): GeocodeResult {
  return {
    name: place.name,
    ...(place.state ? { state: place.state } : {}),
    country: place.country,
    lat: place.lat,
    lon: place.lon,
    ...(place.localNames && Object.keys(place.localNames).length ? { localNames: place.localNames } : {}),
  };
}

export function createGeocoder(
  config: Pick<Config, 'weather'>,
  openWeather?: OpenWeatherGeocoding,
  options: GeocoderOptions = {},
): Geocoder {
  const gazetteer = options.gazetteer ?? createGazetteer();
  const key = config.weather.openWeatherApiKey;
  // A client of its own: unlike the weather service's, it carries its time limit and breaker
  // (the gazetteer stands in, so a failing OpenWeather is not asked again for a while), no retry.
  const client: OpenWeatherGeocoding | undefined = key
    ? (openWeather ??
      createOpenWeatherClient({
        apiKey: key,
        baseUrl: config.weather.openWeatherBaseUrl,
        timeoutMs: options.timeoutMs ?? 3000,
        retries: 0,
        breaker: {},
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }))
    : undefined;

  /** One OpenWeather call; any failure (its client's time limit included) leaves the answer to the gazetteer. */
  async function ask<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      options.logger?.warn(
        { err: error instanceof Error ? error.message : String(error) },
        `OpenWeather ${what} failed; the gazetteer answers`,
      );
      return undefined;
    }
  }

  /** Does an OpenWeather place lie in every state the query names ("Nashik, Maharashtra")? */
  const inStates = (qualifiers: string[]) => (place: GeocodedPlace) =>
    qualifiers.every((q) => {
      const named = gazetteer.statesNamed(q).map(normalizeName);
      return place.state !== undefined && named.includes(normalizeName(place.state));
    });

  return {
    primary: client ? 'openweather' : 'gazetteer',

    async forward(query, { limit } = {}) {
      if (!query.trim()) throw new AppError('bad_request', 'The query is empty');
      const max = clampLimit(limit);
      if (client) {
        const parsed = parseQuery(query, gazetteer.isStateCode);
        const foreign = parsed.country !== null && parsed.country !== 'IN';
        // OpenWeather reads "city,state,country" with US state codes only: ask for the place in
        // India and keep the answers in the states the query names.
        const places = foreign
          ? await ask('geocoding', () =>
              client.geocode(
                query
                  .split(',')
                  .map((p) => p.trim())
                  .filter(Boolean)
                  .join(','),
                { limit: max },
              ),
            )
          : await ask('geocoding', () => client.geocode(`${parsed.place},IN`, { limit: parsed.qualifiers.length ? MAX_LIMIT : max }));
        const kept = foreign ? places : places?.filter(inStates(parsed.qualifiers));
        if (kept?.length) return { source: 'openweather', results: kept.slice(0, max).map(fromOpenWeather) };
      }
      return { source: 'gazetteer', results: gazetteer.search(query, { limit: max }) };
    },

    async reverse(lat, lon, { limit } = {}) {
      if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
        throw new AppError('bad_request', 'Latitude must be within ±90° and longitude within ±180°');
      }
      const max = clampLimit(limit);
      if (client) {
        const places = await ask('reverse geocoding', () => client.reverseGeocode(lat, lon, { limit: max }));
        if (places?.length) {
          return {
            source: 'openweather',
            results: places
              .slice(0, max)
              .map((p) => ({ ...fromOpenWeather(p), distanceKm: Math.round(greatCircleKm(lat, lon, p.lat, p.lon) * 10) / 10 })),
          };
        }
      }
      return { source: 'gazetteer', results: gazetteer.reverse(lat, lon, { limit: max }) };
    },
  };
}
