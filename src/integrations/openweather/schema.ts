import Type, { type Static } from 'typebox';

/**
 * OpenWeather's One Call API 3.0 and Geocoding API responses, as documented
 * (openweathermap.org/api/one-call-3, /api/geocoding-api). Fields that appear only when the
 * phenomenon happened (rain, snow, wind_gust, alerts, …) are optional; unknown fields are allowed.
 */
const Condition = Type.Object({ id: Type.Number(), main: Type.String(), description: Type.String(), icon: Type.String() });
const OneHour = Type.Object({ '1h': Type.Optional(Type.Number()) });

export const OneCallCurrentSchema = Type.Object({
  dt: Type.Number(),
  sunrise: Type.Optional(Type.Number()),
  sunset: Type.Optional(Type.Number()),
  temp: Type.Number(),
  feels_like: Type.Optional(Type.Number()),
  pressure: Type.Optional(Type.Number()),
  humidity: Type.Number(),
  dew_point: Type.Optional(Type.Number()),
  uvi: Type.Optional(Type.Number()),
  clouds: Type.Number(),
  visibility: Type.Optional(Type.Number()),
  wind_speed: Type.Number(),
  wind_gust: Type.Optional(Type.Number()),
  wind_deg: Type.Optional(Type.Number()),
  rain: Type.Optional(OneHour),
  snow: Type.Optional(OneHour),
  weather: Type.Optional(Type.Array(Condition)),
});

export const OneCallHourlySchema = Type.Object({
  dt: Type.Number(),
  temp: Type.Number(),
  feels_like: Type.Optional(Type.Number()),
  pressure: Type.Optional(Type.Number()),
  humidity: Type.Number(),
  dew_point: Type.Optional(Type.Number()),
  uvi: Type.Optional(Type.Number()),
  clouds: Type.Number(),
  visibility: Type.Optional(Type.Number()),
  wind_speed: Type.Number(),
  wind_gust: Type.Optional(Type.Number()),
  wind_deg: Type.Optional(Type.Number()),
  pop: Type.Optional(Type.Number()),
  rain: Type.Optional(OneHour),
  snow: Type.Optional(OneHour),
  weather: Type.Optional(Type.Array(Condition)),
});

export const OneCallDailySchema = Type.Object({
  dt: Type.Number(),
  sunrise: Type.Optional(Type.Number()),
  sunset: Type.Optional(Type.Number()),
  moonrise: Type.Optional(Type.Number()),
  moonset: Type.Optional(Type.Number()),
  moon_phase: Type.Optional(Type.Number()),
  summary: Type.Optional(Type.String()),
  temp: Type.Object({
    day: Type.Optional(Type.Number()),
    min: Type.Number(),
    max: Type.Number(),
    night: Type.Optional(Type.Number()),
    eve: Type.Optional(Type.Number()),
    morn: Type.Optional(Type.Number()),
  }),
  feels_like: Type.Optional(Type.Record(Type.String(), Type.Number())),
  pressure: Type.Optional(Type.Number()),
  humidity: Type.Number(),
  dew_point: Type.Optional(Type.Number()),
  wind_speed: Type.Number(),
  wind_gust: Type.Optional(Type.Number()),
  wind_deg: Type.Optional(Type.Number()),
  clouds: Type.Optional(Type.Number()),
  uvi: Type.Optional(Type.Number()),
  pop: Type.Optional(Type.Number()),
  /** mm, a plain number (unlike current/hourly). */
  rain: Type.Optional(Type.Number()),
  snow: Type.Optional(Type.Number()),
  weather: Type.Optional(Type.Array(Condition)),
});

export const OneCallAlertSchema = Type.Object({
  sender_name: Type.String(),
  event: Type.String(),
  start: Type.Number(),
  end: Type.Number(),
  description: Type.String(),
  tags: Type.Optional(Type.Array(Type.String())),
});

export const OneCallResponseSchema = Type.Object({
  lat: Type.Number(),
  lon: Type.Number(),
  timezone: Type.String(),
  timezone_offset: Type.Number(),
  current: OneCallCurrentSchema,
  minutely: Type.Optional(Type.Array(Type.Object({ dt: Type.Number(), precipitation: Type.Number() }))),
  hourly: Type.Array(OneCallHourlySchema),
  daily: Type.Array(OneCallDailySchema),
  alerts: Type.Optional(Type.Array(OneCallAlertSchema)),
});

export type OneCallResponse = Static<typeof OneCallResponseSchema>;

/** One entry of `/geo/1.0/direct` and `/geo/1.0/reverse` (both answer a JSON array of these). */
export const GeoPlaceSchema = Type.Object({
  name: Type.String(),
  local_names: Type.Optional(Type.Record(Type.String(), Type.String())),
  lat: Type.Number(),
  lon: Type.Number(),
  country: Type.String(),
  state: Type.Optional(Type.String()),
});

export const GeoResponseSchema = Type.Array(GeoPlaceSchema);
export type GeoPlace = Static<typeof GeoPlaceSchema>;
