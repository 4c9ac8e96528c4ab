import Type, { type Static, type TSchema } from 'typebox';

/**
 * Open-Meteo's forecast API (`GET /v1/forecast`, open-meteo.com/en/docs) as Kheti requests it:
 * column-oriented `hourly`/`daily` objects of equal-length arrays keyed by the requested variable
 * names, with `time` in local time (no offset) when `timezone` is given, and `utc_offset_seconds`.
 * Default units: °C, %, km/h, mm, MJ/m² (daily radiation sum), mm (ET0). A value may be null
 * where the model has no data. Errors answer 400 `{"error": true, "reason": "…"}`.
 */
export const CURRENT_VARIABLES = ['temperature_2m', 'relative_humidity_2m', 'wind_speed_10m', 'precipitation', 'cloud_cover'] as const;
export const HOURLY_VARIABLES = ['temperature_2m', 'relative_humidity_2m', 'wind_speed_10m', 'precipitation', 'cloud_cover'] as const;
export const DAILY_VARIABLES = [
  'temperature_2m_max',
  'temperature_2m_min',
  'relative_humidity_2m_max',
  'relative_humidity_2m_min',
  'precipitation_sum',
  'wind_speed_10m_max',
  'shortwave_radiation_sum',
  'et0_fao_evapotranspiration',
] as const;

const Values = Type.Array(Type.Union([Type.Number(), Type.Null()]));
const columns = <const K extends readonly string[]>(keys: K) =>
  Type.Object({
    time: Type.Array(Type.String()),
    ...(Object.fromEntries(keys.map((k) => [k, Values])) as { [P in K[number]]: typeof Values }),
  });
const units = (keys: readonly string[]) =>
  Type.Optional(
    Type.Object(Object.fromEntries(['time', ...keys].map((k) => [k, Type.Optional(Type.String())])) as Record<string, TSchema>),
  );

/** What every Open-Meteo answer carries about the place and its time zone. */
const PLACE = {
  latitude: Type.Number(),
  longitude: Type.Number(),
  generationtime_ms: Type.Optional(Type.Number()),
  utc_offset_seconds: Type.Number(),
  timezone: Type.String(),
  timezone_abbreviation: Type.Optional(Type.String()),
  elevation: Type.Optional(Type.Number()),
};

export const OpenMeteoForecastSchema = Type.Object({
  ...PLACE,
  current_units: units(['interval', ...CURRENT_VARIABLES]),
  current: Type.Object({
    time: Type.String(),
    interval: Type.Optional(Type.Number()),
    temperature_2m: Type.Union([Type.Number(), Type.Null()]),
    relative_humidity_2m: Type.Union([Type.Number(), Type.Null()]),
    wind_speed_10m: Type.Union([Type.Number(), Type.Null()]),
    precipitation: Type.Union([Type.Number(), Type.Null()]),
    cloud_cover: Type.Union([Type.Number(), Type.Null()]),
  }),
  hourly_units: units(HOURLY_VARIABLES),
  hourly: columns(HOURLY_VARIABLES),
  daily_units: units(DAILY_VARIABLES),
  daily: columns(DAILY_VARIABLES),
});

export type OpenMeteoForecast = Static<typeof OpenMeteoForecastSchema>;

/**
 * Open-Meteo's Historical Weather API, as its documentation says it (open-meteo.com/en/docs/historical-weather-api,
 * and the OpenAPI document openapi_historical_weather_api.yml in github.com/open-meteo/open-meteo):
 * `GET https://archive-api.open-meteo.com/v1/archive?latitude&longitude&start_date&end_date&daily=…&timezone=…`.
 * - `start_date` and `end_date` are required ISO 8601 dates (`2022-01-01`), both included.
 * - `daily` is a comma-separated list; the documented daily variables include temperature_2m_max,
 *   temperature_2m_min, precipitation_sum, wind_speed_10m_max, shortwave_radiation_sum and
 *   et0_fao_evapotranspiration, and the page's additional daily variables relative_humidity_2m_max
 *   and relative_humidity_2m_min (the server's ERA5 daily variables list them too).
 * - "Parameter timezone is mandatory" for daily variables; with a timezone the days are local
 *   calendar days starting at 00:00 local time, and `utc_offset_seconds` is the applied offset.
 * - The answer has the forecast's shape without `current`/`hourly`: `daily` holds a `time` array of
 *   dates and one array per requested variable; `daily_units` names the units, by default °C,
 *   km/h, mm, MJ/m² and % (temperature_unit=celsius, wind_speed_unit=kmh are the defaults).
 * - Reanalysis lags real time: the docs speak of data "with a delay of 2 days" (ECMWF IFS, the
 *   default best match from 2017) and of 5 days (ERA5, ERA5-Land); for the last days they point to
 *   the forecast API's `past_days`. Days not yet available come back with a date and null values.
 * - Bad parameters answer 400 `{"error": true, "reason": "…"}`, like the forecast API.
 */
export const ARCHIVE_DAILY_VARIABLES = DAILY_VARIABLES;

export const OpenMeteoArchiveSchema = Type.Object({
  ...PLACE,
  daily_units: units(ARCHIVE_DAILY_VARIABLES),
  daily: columns(ARCHIVE_DAILY_VARIABLES),
});

export type OpenMeteoArchive = Static<typeof OpenMeteoArchiveSchema>;

export const OpenMeteoErrorSchema = Type.Object({ error: Type.Literal(true), reason: Type.String() });
