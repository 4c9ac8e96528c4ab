/** The tenants module's face: tenants and their members over HTTP, and the schema of a tenant role. */
export { tenantRoutes } from './routes.js';
export { TenantRole } from './schemas.js';
