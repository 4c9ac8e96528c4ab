/** The advisories module's face: per-field irrigation advice, degree days, spray windows and weather risks, in English or Hindi. */
export { advisoryRoutes } from './routes.js';
export { irrigationRoutes } from './irrigation-routes.js';
