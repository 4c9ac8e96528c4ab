import Type from 'typebox';
import { TENANT_ROLES, invitationStatus, type InvitationRow, type MemberRow, type TenantRow } from '../../auth/index.js';

const SLUG_PATTERN = '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?';
const UUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** A tenant's slug: what people remember and type where the API takes a tenant id. */
export const isTenantSlug = (text: string): boolean => new RegExp(`^${SLUG_PATTERN}$`).test(text);

/** A tenant named in a path: its id or its slug (read as the id before anything else looks at it). */
export const TenantRef = Type.String({
  pattern: `^(${UUID_PATTERN}|${SLUG_PATTERN})$`,
  description: "the tenant's id, or its slug",
});

export const TenantInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    slug: Type.String({ pattern: `^${SLUG_PATTERN}$`, description: 'lowercase letters, digits and dashes' }),
  },
  { additionalProperties: false },
);

export const Tenant = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const toTenant = (row: TenantRow) => ({ id: row.id, slug: row.slug, name: row.name, createdAt: row.created_at.toISOString() });

export const TenantRole = Type.Union(
  [Type.Literal('tenant_admin'), Type.Literal('agronomist'), Type.Literal('farmer'), Type.Literal('viewer')],
  { description: `one of ${TENANT_ROLES.join(', ')}` },
);

export const MemberInput = Type.Object(
  {
    email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
    phone: Type.Optional(Type.String({ minLength: 10, maxLength: 20, description: 'an Indian mobile number or E.164' })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    role: TenantRole,
  },
  { additionalProperties: false },
);

export const Member = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  /** Masked: personal data is shown in full nowhere in member lists. */
  phone: Type.Union([Type.String(), Type.Null()]),
  role: TenantRole,
  since: Type.String({ format: 'date-time' }),
});

export const toMember = (row: MemberRow) => ({
  userId: row.user_id,
  name: row.name,
  email: row.email,
  phone: row.phone_masked,
  role: row.role,
  since: row.created_at.toISOString(),
});

export const Invitation = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  /** Masked. */
  phone: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()], { description: 'the name given when inviting' }),
  role: TenantRole,
  status: Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('revoked'), Type.Literal('expired')]),
  invitedBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  acceptedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  acceptedBy: Type.Union([Type.String(), Type.Null()]),
});

export const InvitationCreated = Type.Object({
  ...Invitation.properties,
  delivery: Type.Union([Type.Literal('token'), Type.Literal('sms')], {
    description: '`sms`: the token was texted to the phone; `token`: pass the token on to the person (there is no mail sender)',
  }),
  token: Type.Optional(
    Type.String({ description: 'email invitations only, shown this once: the invited person accepts with POST /v1/invitations/accept' }),
  ),
});

const iso = (date: Date | null) => date?.toISOString() ?? null;

export const toInvitation = (row: InvitationRow) => ({
  id: row.id,
  tenantId: row.tenant_id,
  email: row.email,
  phone: row.phone_hint,
  name: row.name,
  role: row.role,
  status: invitationStatus(row),
  invitedBy: row.invited_by,
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
  acceptedAt: iso(row.accepted_at),
  acceptedBy: row.accepted_by,
});
