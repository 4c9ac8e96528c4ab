/** The roles a tenant's member may have (tenants/schemas.ts TenantRole). */
export const TENANT_ROLES = ['tenant_admin', 'agronomist', 'farmer', 'viewer'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

export interface Member {
  userId: string;
  name: string;
  email: string | null;
  /** Masked by Kheti: member lists never show a phone in full. */
  phone: string | null;
  role: TenantRole;
  since: string;
}

export interface Invitation {
  id: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  role: TenantRole;
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
  createdAt: string;
  expiresAt: string;
}

/** POST /v1/tenants/{id}/members answers 202 with the invitation; an email one carries its token this once. */
export interface InvitationCreated extends Invitation {
  delivery: 'token' | 'sms';
  token?: string;
}
