export { createOpenMeteoClient, mapOpenMeteo, type OpenMeteoClient, type OpenMeteoOptions } from './client.js';
export {
  CURRENT_VARIABLES,
  DAILY_VARIABLES,
  HOURLY_VARIABLES,
  OpenMeteoErrorSchema,
  OpenMeteoForecastSchema,
  type OpenMeteoForecast,
} from './schema.js';
