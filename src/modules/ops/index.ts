/** The ops module's face: liveness, readiness and metrics endpoints. */
export { opsRoutes } from './routes.js';
