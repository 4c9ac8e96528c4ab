import Type from 'typebox';
import { TENANT_ROLES, type MemberRow, type TenantRow } from '../../auth/index.js';

export const TenantInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    slug: Type.String({ pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$', description: 'lowercase letters, digits and dashes' }),
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
