export {
  createGazetteer,
  editDistance,
  greatCircleKm,
  normalizeName,
  parseQuery,
  type Gazetteer,
  type GazetteerOptions,
  type ParsedQuery,
} from './gazetteer.js';
export { createGeocoder, type Geocoder, type GeocoderOptions, type OpenWeatherGeocoding } from './geocoder.js';
export type { GazetteerData, GeocodeAnswer, GeocodeResult, GeocodeSource } from './types.js';
