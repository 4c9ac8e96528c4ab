/**
 * The audit module's face: the audit trail over HTTP. Recording events is auth's
 * (recordAudit and recordUserAudit in src/auth/index.ts).
 */
export { auditRoutes } from './routes.js';
