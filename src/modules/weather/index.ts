/**
 * The weather module's face: forecasts for a place or a field, reference evapotranspiration, and
 * place names ↔ coordinates. The weather service and geocoder are the process's (app.outside).
 */
export { weatherRoutes } from './routes.js';
export { et0Routes } from './et0-routes.js';
export { geocodeRoutes } from './geocode-routes.js';
