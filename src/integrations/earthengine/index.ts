export {
  createEarthEngineClient,
  listImagesFilter,
  S2_SR_HARMONIZED,
  type EarthEngineClient,
  type EarthEngineClientOptions,
  type ListImagesQuery,
} from './client.js';
export { checkComputePixelsLimits, COMPUTE_PIXELS_LIMITS, selectBandsExpression } from './pixels.js';
export { createEarthEngineSource, EARTH_ENGINE_BANDS, sceneOf, type EarthEngineSourceOptions } from './source.js';
export {
  createServiceAccountTokenSource,
  readServiceAccountKey,
  type AccessTokenSource,
  type ServiceAccountKey,
  type ServiceAccountOptions,
} from './service-account.js';
