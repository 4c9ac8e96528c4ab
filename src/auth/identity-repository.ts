import type { Tx } from '../infra/db/index.js';
import { isUuid } from '../lib/uuid.js';
import type { Role, TenantRole } from './roles.js';

/**
 * The identity tables, and the only SQL on them: users (platform rows: one account per person,
 * whatever their tenants), memberships (a user's role in a tenant) and tenants. Each function runs
 * in the caller's transaction: a platform one (db.platform) unless its doc says "in the tenant's
 * transaction" (db.tenant), where row-level security narrows the statement to that tenant.
 */

// ---- users ------------------------------------------------------------------------------------

export interface UserRow {
  id: string;
  email: string | null;
  name: string;
  is_platform_admin: boolean;
  created_at: Date;
}

/** Creates the user, or updates the password, name and admin flag of the user with that email. */
export async function upsertUserByEmail(
  tx: Tx,
  user: { id: string; email: string; name: string; passwordHash: string; isPlatformAdmin: boolean },
): Promise<UserRow & { created: boolean }> {
  const { rows } = await tx.query<UserRow & { created: boolean }>(
    `INSERT INTO users (id, email, name, password_hash, is_platform_admin) VALUES ($1, lower($2), $3, $4, $5)
     ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, name = EXCLUDED.name,
       is_platform_admin = users.is_platform_admin OR EXCLUDED.is_platform_admin, updated_at = now(), version = users.version + 1
     RETURNING id, email, name, is_platform_admin, created_at, (xmax = 0) AS created`,
    [user.id, user.email, user.name, user.passwordHash, user.isPlatformAdmin],
  );
  return rows[0]!;
}

/** A self-registered account; false when the email already has one (which stays as it is). */
export async function insertUserWithPassword(
  tx: Tx,
  user: { id: string; email: string; name: string; passwordHash: string },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    'INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4) ON CONFLICT (email) DO NOTHING',
    [user.id, user.email, user.name, user.passwordHash],
  );
  return rowCount > 0;
}

/** An account made for someone else (a member added by email or phone, the demo farmer): no password. */
export async function insertUser(
  tx: Tx,
  user: { id: string; email: string | null; name: string; phoneIndex: string | null; phoneSealed: string | null; phoneHint: string | null },
): Promise<void> {
  await tx.query('INSERT INTO users (id, email, name, phone_index, phone_sealed, phone_hint) VALUES ($1, $2, $3, $4, $5, $6)', [
    user.id,
    user.email,
    user.name,
    user.phoneIndex,
    user.phoneSealed,
    user.phoneHint,
  ]);
}

/** An account that begins with a Firebase sign-in. */
export async function insertFirebaseUser(
  tx: Tx,
  user: {
    id: string;
    email: string | null;
    emailVerified: boolean;
    name: string;
    phoneIndex: string | null;
    phoneSealed: string | null;
    firebaseUid: string;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO users (id, email, email_verified, name, phone_index, phone_sealed, firebase_uid) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [user.id, user.email, user.emailVerified, user.name, user.phoneIndex, user.phoneSealed, user.firebaseUid],
  );
}

/** Links an existing account to a Firebase uid; the email counts as verified when it is the one Firebase verified. */
export async function linkFirebaseUid(tx: Tx, userId: string, firebaseUid: string, verifiedEmail: string | null): Promise<void> {
  await tx.query(
    `UPDATE users SET firebase_uid = $2, email_verified = email_verified OR coalesce(email = $3, false), updated_at = now(), version = version + 1 WHERE id = $1`,
    [userId, firebaseUid, verifiedEmail],
  );
}

export async function findUserIdByFirebaseUid(tx: Tx, firebaseUid: string): Promise<string | undefined> {
  return (await tx.query<{ id: string }>('SELECT id FROM users WHERE firebase_uid = $1', [firebaseUid])).rows[0]?.id;
}

/** An account not yet linked to Firebase with this email or phone; the email match wins. */
export async function findUnlinkedUserId(tx: Tx, email: string | null, phoneIndex: string | null): Promise<string | undefined> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM users WHERE firebase_uid IS NULL AND ((email = $1 AND $1 IS NOT NULL) OR (phone_index = $2 AND $2 IS NOT NULL))
      ORDER BY (email = $1) DESC NULLS LAST LIMIT 1`,
    [email, phoneIndex],
  );
  return rows[0]?.id;
}

export async function findUserIdByEmail(tx: Tx, email: string): Promise<string | undefined> {
  return (await tx.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email])).rows[0]?.id;
}

export async function findUserIdByPhoneIndex(tx: Tx, phoneIndex: string | null): Promise<string | undefined> {
  return (await tx.query<{ id: string }>('SELECT id FROM users WHERE phone_index = $1', [phoneIndex])).rows[0]?.id;
}

/** The active (not disabled) account with this phone, to which a sign-in code may go. */
export async function findActiveUserIdByPhoneIndex(tx: Tx, phoneIndex: string): Promise<string | undefined> {
  return (await tx.query<{ id: string }>('SELECT id FROM users WHERE phone_index = $1 AND disabled_at IS NULL', [phoneIndex])).rows[0]?.id;
}

/** Whether the account is active and still has this phone. */
export async function isActiveUserWithPhone(tx: Tx, userId: string, phoneIndex: string): Promise<boolean> {
  const { rowCount } = await tx.query('SELECT 1 FROM users WHERE id = $1 AND phone_index = $2 AND disabled_at IS NULL', [
    userId,
    phoneIndex,
  ]);
  return rowCount > 0;
}

/** The active account with this (lower-case) email and its password hash, for the password grant. */
export async function findActivePasswordUser(tx: Tx, email: string): Promise<{ id: string; password_hash: string | null } | undefined> {
  const { rows } = await tx.query<{ id: string; password_hash: string | null }>(
    'SELECT id, password_hash FROM users WHERE email = $1 AND disabled_at IS NULL',
    [email],
  );
  return rows[0];
}

export interface UserStandingRow {
  is_platform_admin: boolean;
  disabled_at: Date | null;
  /** The tenant of the user's last sign-in, if any. */
  last_tenant_id: string | null;
}

/** Whether the account is a platform administrator and whether it is disabled, for a sign-in. */
export async function findUserStanding(tx: Tx, userId: string): Promise<UserStandingRow | undefined> {
  const { rows } = await tx.query<UserStandingRow>('SELECT is_platform_admin, disabled_at, last_tenant_id FROM users WHERE id = $1', [
    userId,
  ]);
  return rows[0];
}

/** An active account and its role in the tenant (null when not a member), for each bearer request. */
export async function findActiveUserRole(
  tx: Tx,
  userId: string,
  tenantId: string | null,
): Promise<{ is_platform_admin: boolean; role: Role | null } | undefined> {
  const { rows } = await tx.query<{ is_platform_admin: boolean; role: Role | null }>(
    `SELECT u.is_platform_admin, m.role FROM users u
       LEFT JOIN memberships m ON m.user_id = u.id AND m.tenant_id = $2
      WHERE u.id = $1 AND u.disabled_at IS NULL`,
    [userId, tenantId],
  );
  return rows[0];
}

export interface UserProfileRow {
  id: string;
  name: string;
  email: string | null;
  phone_hint: string | null;
  is_platform_admin: boolean;
}

export async function findUserProfile(tx: Tx, userId: string): Promise<UserProfileRow | undefined> {
  const { rows } = await tx.query<UserProfileRow>('SELECT id, name, email, phone_hint, is_platform_admin FROM users WHERE id = $1', [
    userId,
  ]);
  return rows[0];
}

/** How the account is reached and whether it is active, to check that an invitation is for it. */
export async function findUserContact(
  tx: Tx,
  userId: string,
): Promise<{ email: string | null; phone_index: string | null; disabled_at: Date | null } | undefined> {
  const { rows } = await tx.query<{ email: string | null; phone_index: string | null; disabled_at: Date | null }>(
    'SELECT email, phone_index, disabled_at FROM users WHERE id = $1',
    [userId],
  );
  return rows[0];
}

/** Remembers the tenant the user signed in to, where a phone sign-in naming none goes next time. */
export async function rememberLastTenant(tx: Tx, userId: string, tenantId: string): Promise<void> {
  await tx.query('UPDATE users SET last_tenant_id = $2 WHERE id = $1 AND last_tenant_id IS DISTINCT FROM $2', [userId, tenantId]);
}

export async function deleteUsersByPhoneIndex(tx: Tx, phoneIndex: string): Promise<void> {
  await tx.query('DELETE FROM users WHERE phone_index = $1', [phoneIndex]);
}

// ---- memberships ------------------------------------------------------------------------------

export interface MembershipOfUserRow {
  tenant_id: string;
  slug: string;
  name: string;
  role: TenantRole;
  /** When the user joined the tenant. */
  created_at: Date;
}

const SELECT_MEMBERSHIPS_OF_USER =
  'SELECT m.tenant_id, t.slug, t.name, m.role, m.created_at FROM memberships m JOIN tenants t ON t.id = m.tenant_id';

/** Every tenant the user belongs to, with their role there, by slug. */
export async function listMembershipsOfUser(tx: Tx, userId: string): Promise<MembershipOfUserRow[]> {
  return (await tx.query<MembershipOfUserRow>(`${SELECT_MEMBERSHIPS_OF_USER} WHERE m.user_id = $1 ORDER BY t.slug`, [userId])).rows;
}

/** The user's membership of one tenant, with the tenant's slug and name. */
export async function findMembershipOfUser(tx: Tx, tenantId: string, userId: string): Promise<MembershipOfUserRow | undefined> {
  return (
    await tx.query<MembershipOfUserRow>(`${SELECT_MEMBERSHIPS_OF_USER} WHERE m.tenant_id = $1 AND m.user_id = $2`, [tenantId, userId])
  ).rows[0];
}

/** Whether the person with this email or phone (blind index) is a member of the tenant; in a platform transaction. */
export async function isMemberByContact(tx: Tx, tenantId: string, contact: { email: string | null; phoneIndex: string | null }) {
  const { rowCount } = await tx.query(
    `SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.tenant_id = $1 AND ((u.email = $2 AND $2 IS NOT NULL) OR (u.phone_index = $3 AND $3 IS NOT NULL))`,
    [tenantId, contact.email, contact.phoneIndex],
  );
  return rowCount > 0;
}

export async function tenantIdsOfUser(tx: Tx, userId: string): Promise<string[]> {
  const { rows } = await tx.query<{ tenant_id: string }>('SELECT tenant_id FROM memberships WHERE user_id = $1', [userId]);
  return rows.map((row) => row.tenant_id);
}

/** Makes the user a member with this role, or gives an existing member this role. */
export async function upsertMembership(tx: Tx, tenantId: string, userId: string, role: TenantRole): Promise<void> {
  await tx.query(
    `INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, user_id) DO UPDATE SET role = EXCLUDED.role, updated_at = now(), version = memberships.version + 1`,
    [tenantId, userId, role],
  );
}

/** Makes the user a member; false when they already are one (their role stays). */
export async function insertMembership(tx: Tx, tenantId: string, userId: string, role: TenantRole): Promise<boolean> {
  const { rowCount } = await tx.query('INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    tenantId,
    userId,
    role,
  ]);
  return rowCount > 0;
}

export interface MemberRow {
  user_id: string;
  name: string;
  email: string | null;
  phone_masked: string | null;
  role: TenantRole;
  created_at: Date;
}

/** Users are platform rows; a tenant reads its members' names through this one join. */
const SELECT_MEMBERS = `SELECT m.user_id, u.name, u.email, u.phone_hint AS phone_masked, m.role, m.created_at
  FROM memberships m JOIN users u ON u.id = m.user_id`;

/** A page of the tenant's members by user id, in the tenant's transaction. */
export async function listMembers(tx: Tx, afterUserId: string, limit: number): Promise<MemberRow[]> {
  return (await tx.query<MemberRow>(`${SELECT_MEMBERS} WHERE m.user_id > $1 ORDER BY m.user_id LIMIT $2`, [afterUserId, limit])).rows;
}

export async function findMember(tx: Tx, tenantId: string, userId: string): Promise<MemberRow | undefined> {
  return (await tx.query<MemberRow>(`${SELECT_MEMBERS} WHERE m.tenant_id = $1 AND m.user_id = $2`, [tenantId, userId])).rows[0];
}

/** The member's role, locked until the transaction ends; in the tenant's transaction. */
export async function lockMemberRole(tx: Tx, userId: string): Promise<TenantRole | undefined> {
  return (await tx.query<{ role: TenantRole }>('SELECT role FROM memberships WHERE user_id = $1 FOR UPDATE', [userId])).rows[0]?.role;
}

export async function countTenantAdmins(tx: Tx, tenantId: string): Promise<number> {
  return (
    await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM memberships WHERE tenant_id = $1 AND role = 'tenant_admin'`, [tenantId])
  ).rows[0]!.n;
}

/** In the tenant's transaction. */
export async function updateMemberRole(tx: Tx, userId: string, role: TenantRole): Promise<void> {
  await tx.query('UPDATE memberships SET role = $2, updated_at = now(), version = version + 1 WHERE user_id = $1', [userId, role]);
}

/** In the tenant's transaction. */
export async function deleteMember(tx: Tx, userId: string): Promise<void> {
  await tx.query('DELETE FROM memberships WHERE user_id = $1', [userId]);
}

/** The tenant's first farmer member (by joining date), in the tenant's transaction. */
export async function findFirstFarmerMemberId(tx: Tx): Promise<string | undefined> {
  return (await tx.query<{ user_id: string }>("SELECT user_id FROM memberships WHERE role = 'farmer' ORDER BY created_at, user_id LIMIT 1"))
    .rows[0]?.user_id;
}

// ---- tenants ----------------------------------------------------------------------------------

export interface TenantRow {
  id: string;
  slug: string;
  name: string;
  settings: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export async function insertTenant(tx: Tx, tenant: { id: string; slug: string; name: string }): Promise<TenantRow> {
  const { rows } = await tx.query<TenantRow>('INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $3) RETURNING *', [
    tenant.id,
    tenant.slug,
    tenant.name,
  ]);
  return rows[0]!;
}

export async function countTenants(tx: Tx): Promise<number> {
  const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM tenants');
  return rows[0]!.n;
}

export async function isTenantSlugTaken(tx: Tx, slug: string): Promise<boolean> {
  const { rowCount } = await tx.query('SELECT 1 FROM tenants WHERE slug = $1', [slug]);
  return rowCount > 0;
}

export async function findTenant(tx: Tx, tenantId: string): Promise<TenantRow | undefined> {
  return (await tx.query<TenantRow>('SELECT * FROM tenants WHERE id = $1', [tenantId])).rows[0];
}

/** The id of the tenant with this id or slug. */
export async function findTenantId(tx: Tx, idOrSlug: string): Promise<string | undefined> {
  const column = isUuid(idOrSlug) ? 'id' : 'slug';
  return (await tx.query<{ id: string }>(`SELECT id FROM tenants WHERE ${column} = $1`, [idOrSlug])).rows[0]?.id;
}

/** A page of all tenants by slug (for a platform administrator). */
export async function listTenants(tx: Tx, afterSlug: string, limit: number): Promise<TenantRow[]> {
  return (await tx.query<TenantRow>('SELECT * FROM tenants WHERE slug > $1 ORDER BY slug LIMIT $2', [afterSlug, limit])).rows;
}

/** A page of the user's tenants by slug. */
export async function listTenantsOfUser(tx: Tx, userId: string, afterSlug: string, limit: number): Promise<TenantRow[]> {
  const { rows } = await tx.query<TenantRow>(
    `SELECT t.* FROM tenants t JOIN memberships m ON m.tenant_id = t.id
      WHERE m.user_id = $1 AND t.slug > $2 ORDER BY t.slug LIMIT $3`,
    [userId, afterSlug, limit],
  );
  return rows;
}

/** The tenant's settings, in the tenant's transaction (its own row is the only one it sees). */
export async function tenantSettings(tx: Tx): Promise<Record<string, unknown> | null> {
  const { rows } = await tx.query<{ settings: Record<string, unknown> | null }>('SELECT settings FROM tenants');
  return rows[0]?.settings ?? null;
}

/** The tenant's settings and version (its ETag), in the tenant's transaction; `lock` for a change. */
export async function tenantSettingsRow(
  tx: Tx,
  options: { lock?: boolean } = {},
): Promise<{ settings: Record<string, unknown>; version: number } | undefined> {
  const { rows } = await tx.query<{ settings: Record<string, unknown>; version: number }>(
    `SELECT settings, version FROM tenants${options.lock ? ' FOR UPDATE' : ''}`,
  );
  return rows[0];
}

/** Replaces the tenant's settings and moves its version on (its ETag); returns the new version. */
export async function updateTenantSettings(tx: Tx, settings: Record<string, unknown>): Promise<number> {
  const { rows } = await tx.query<{ version: number }>(
    'UPDATE tenants SET settings = $1::jsonb, version = version + 1, updated_at = now() RETURNING version',
    [JSON.stringify(settings)],
  );
  return rows[0]!.version;
}

/** Deletes the tenant (the demo seed takes back a half-made demo organisation with it). */
export async function deleteTenant(tx: Tx, tenantId: string): Promise<void> {
  await tx.query('DELETE FROM tenants WHERE id = $1', [tenantId]);
}
