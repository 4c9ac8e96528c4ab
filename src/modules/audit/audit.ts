/**
 * Recording audit events moved down to auth (src/auth/audit.ts), next to the identity tables it
 * reads; this re-export keeps the old import path working until every importer uses auth's face.
 */
export { recordAudit, recordUserAudit, type AuditEvent } from '../../auth/index.js';
