/**
 * The roles a caller can have. Their own file so that the permission table and the principal
 * both build on them without importing each other.
 */
export type Role = 'platform_admin' | 'tenant_admin' | 'agronomist' | 'farmer' | 'viewer' | 'user';

export const TENANT_ROLES = ['tenant_admin', 'agronomist', 'farmer', 'viewer'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];
