/** The advisories module's face: per-field irrigation advice, degree days, spray windows and weather risks, in English or Hindi. */
export { advisoryRoutes } from './routes.js';
export { irrigationRoutes } from './irrigation-routes.js';

// The weather risks of a forecast and their sentences, and dates as people read them (weather-risk alerts).
export { forecastRisks } from './compute.js';
export { ADVISORY_LANGUAGES, type AdvisoryLanguage } from './language.js';
export { readableDate } from './readable-time.js';
export { riskText } from './texts.js';
