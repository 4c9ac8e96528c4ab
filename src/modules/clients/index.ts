/** The clients module's face: a tenant's OAuth clients over HTTP (their table is auth's, src/auth/oauth-clients.ts). */
export { clientRoutes } from './routes.js';
