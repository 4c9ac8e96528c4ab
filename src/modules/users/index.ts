/** The users module's face: /v1/me. Accounts themselves are auth's (src/auth/identity-repository.ts). */
export { userRoutes } from './routes.js';
