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
  Type.Optional(Type.Object(Object.fromEntries(['time', ...keys].map((k) => [k, Type.Optional(Type.String())])) as Record<string, TSchema>));

export const OpenMeteoForecastSchema = Type.Object({
  latitude: Type.Number(),
  longitude: Type.Number(),
  generationtime_ms: Type.Optional(Type.Number()),
  utc_offset_seconds: Type.Number(),
  timezone: Type.String(),
  timezone_abbreviation: Type.Optional(Type.String()),
  elevation: Type.Optional(Type.Number()),
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

export const OpenMeteoErrorSchema = Type.Object({ error: Type.Literal(true), reason: Type.String() });
