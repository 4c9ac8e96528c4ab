/** The jobs module's face: a caller's background work and its progress over HTTP. */
export { jobRoutes } from './routes.js';
