import type { Config } from '../../config.js';
import { createOpenMeteoClient } from '../open-meteo/client.js';
import { createOpenWeatherClient } from '../openweather/client.js';
import type { WeatherProvider } from './forecast.js';
import { createSyntheticProvider, type SyntheticOptions } from './synthetic.js';

export * from './forecast.js';
export {
  createWeatherService,
  gridCell,
  MAX_HISTORY_DAYS,
  type WeatherAnswer,
  type WeatherHistory,
  type WeatherService,
  type WeatherServiceOptions,
} from './chain.js';
export type { BreakerOptions } from '../../infra/outbound/index.js';
export { createSyntheticProvider, type SyntheticOptions, type SyntheticWeatherProvider } from './synthetic.js';

export interface WeatherProviderOptions {
  fetch?: typeof fetch;
  now?: () => Date;
  elevationM?: SyntheticOptions['elevationM'];
}

/**
 * The provider chain for WEATHER_PROVIDER, first to answer first:
 * - `openweather`: OpenWeather One Call 3.0, then Open-Meteo as the fallback;
 * - `open-meteo`: Open-Meteo alone;
 * - `synthetic`: the offline twin alone (no network at all).
 * The twin is never a fallback for a real source: when real sources fail, the last real answer
 * (marked stale) is worth more than an invented one.
 *
 * History (`WeatherService.history`) comes from the providers that have it: Open-Meteo's archive
 * (OPEN_METEO_ARCHIVE_URL) and the twin. The OpenWeather client has none on purpose: One Call's
 * history is a separately paid call per day, so a 100-day season would cost 100 calls; with
 * `openweather` the chain's Open-Meteo answers history instead.
 */
export function createWeatherProviders(config: Pick<Config, 'weather'>, options: WeatherProviderOptions = {}): WeatherProvider[] {
  const { weather } = config;
  const openMeteo = () =>
    createOpenMeteoClient({
      baseUrl: weather.openMeteoBaseUrl,
      archiveUrl: weather.openMeteoArchiveUrl,
      fetch: options.fetch,
      now: options.now,
    });
  switch (weather.provider) {
    case 'openweather':
      if (!weather.openWeatherApiKey) throw new Error('WEATHER_PROVIDER=openweather needs OPENWEATHER_API_KEY');
      return [
        createOpenWeatherClient({
          apiKey: weather.openWeatherApiKey,
          baseUrl: weather.openWeatherBaseUrl,
          fetch: options.fetch,
          now: options.now,
        }),
        openMeteo(),
      ];
    case 'open-meteo':
      return [openMeteo()];
    case 'synthetic':
      return [createSyntheticProvider({ now: options.now, elevationM: options.elevationM })];
  }
}
