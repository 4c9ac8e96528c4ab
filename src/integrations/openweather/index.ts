export { createOpenWeatherClient, mapOneCall, type GeocodedPlace, type OpenWeatherClient, type OpenWeatherOptions } from './client.js';
export { GeoPlaceSchema, GeoResponseSchema, OneCallResponseSchema, type GeoPlace, type OneCallResponse } from './schema.js';
