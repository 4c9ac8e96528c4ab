import type { Config } from '../config.js';
import type { Cache } from '../infra/cache/index.js';
import type { Registry } from 'prom-client';
import type { Outbound } from '../infra/outbound/index.js';
import { createDocumentStore, type DocumentStore } from './documents/index.js';
import { createMarketPriceSource, type MarketPriceSource } from './datagovin/index.js';
import { createFirebaseVerifier, type FirebaseVerifier } from './firebase/id-token.js';
import { createGeocoder, type Geocoder } from './geocoding/index.js';
import { createImagerySource, type ImagerySource, type LonLatBox, type SyntheticCatalogField } from './imagery/index.js';
import { createSmsSender, type SmsSender } from './sms/index.js';
import { createWeatherProviders, createWeatherService, type WeatherService } from './weather/index.js';
import { createWebhookTransport } from './webhooks/index.js';

/**
 * Every port to the outside world a process uses, each built once from the configuration, here
 * and nowhere else: the app's routes and the job consumers of the process are handed these same
 * instances (so one breaker, one token cache, one twin's catalog per upstream and process).
 */
export interface Outside {
  /** Forecasts and history through the provider chain, cached per ~1 km cell. */
  weather: WeatherService;
  /** Place names ↔ coordinates: OpenWeather with a key, the offline gazetteer without or as its stand-in. */
  geocoder: Geocoder;
  /** Sentinel-2 scenes and pixels: STAC + COG, Earth Engine, or the offline twin. */
  imagery: ImagerySource;
  /** Agmarknet mandi prices: data.gov.in with a key, else the bundled sample. */
  marketPrices: MarketPriceSource;
  /** One-time passwords to farmers' phones. */
  sms: SmsSender;
  /** Verifies Firebase ID tokens; undefined when FIREBASE_PROJECT_ID is not set. */
  firebase: FirebaseVerifier | undefined;
  /** Receivers of signed webhooks, reached only at public addresses (unless configured otherwise). */
  webhooks: Outbound;
  /** Uploaded documents: files under DATA_DIR, or objects in an S3-compatible bucket (DOCUMENT_STORE). */
  documents: DocumentStore;
}

export interface OutsideLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface OutsideDeps {
  config: Config;
  /** The process's shared cache (weather answers). */
  cache: Cache;
  /** Where the weather metrics register. */
  metrics: { registry: Registry };
  logger: OutsideLogger;
  /** The fields near a place that the offline imagery twin draws, read at its searches (IMAGERY_PROVIDER=synthetic). */
  syntheticImageryFields?: (box: LonLatBox) => Promise<SyntheticCatalogField[]>;
}

/** Test doubles used instead of what the configuration names, and a transport for every client built here. */
export type OutsideOverrides = Partial<Outside> & { fetch?: typeof fetch };

export function buildOutside(deps: OutsideDeps, overrides: OutsideOverrides = {}): Outside {
  const { config, cache, metrics, logger } = deps;
  const transport = overrides.fetch ? { fetch: overrides.fetch } : {};
  return {
    weather:
      overrides.weather ??
      createWeatherService({
        providers: createWeatherProviders(config, transport),
        cache,
        ttlMs: config.weather.cacheTtlMs,
        metrics,
        logger,
      }),
    geocoder: overrides.geocoder ?? createGeocoder(config, undefined, { logger, ...transport }),
    imagery:
      overrides.imagery ??
      createImagerySource(config, {
        ...transport,
        ...(deps.syntheticImageryFields ? { syntheticFields: deps.syntheticImageryFields } : {}),
        onSyntheticError: (error, sceneId) => logger.warn({ err: error, sceneId }, 'the offline imagery twin could not make a scene'),
      }),
    marketPrices:
      overrides.marketPrices ??
      createMarketPriceSource(config.marketPrices, {
        ...transport,
        onRetry: ({ offset, attempt, error }) =>
          logger.warn({ offset, attempt, err: error.message }, 'data.gov.in page failed; trying again'),
      }),
    sms: overrides.sms ?? createSmsSender(config, logger, transport),
    webhooks: overrides.webhooks ?? createWebhookTransport(config, transport),
    documents: overrides.documents ?? createDocumentStore(config),
    firebase:
      'firebase' in overrides
        ? overrides.firebase
        : config.auth.firebase
          ? createFirebaseVerifier({ ...config.auth.firebase, ...transport })
          : undefined,
  };
}
