import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { TenantRole } from '../../auth/permissions.js';
import { maskPhone, normalizePhone } from '../../lib/phone.js';
import { AppError } from '../../errors.js';
import type { Db, Tx } from '../../infra/db/index.js';
import { recordAudit } from '../audit/audit.js';

export interface MemberRow {
  user_id: string;
  name: string;
  email: string | null;
  phone_masked: string | null;
  role: TenantRole;
  created_at: Date;
}

interface Actor {
  actorUserId: string;
  requestId: string;
}

/** Users are platform rows; a tenant reads its members' names through this one join. */
const SELECT_MEMBERS = `SELECT m.user_id, u.name, u.email, u.phone_hint AS phone_masked, m.role, m.created_at
  FROM memberships m JOIN users u ON u.id = m.user_id`;

export async function list(tx: Tx, afterUserId: string, limit: number): Promise<MemberRow[]> {
  return (await tx.query<MemberRow>(`${SELECT_MEMBERS} WHERE m.user_id > $1 ORDER BY m.user_id LIMIT $2`, [afterUserId, limit])).rows;
}

async function one(tx: Tx, tenantId: string, userId: string): Promise<MemberRow | undefined> {
  return (await tx.query<MemberRow>(`${SELECT_MEMBERS} WHERE m.tenant_id = $1 AND m.user_id = $2`, [tenantId, userId])).rows[0];
}

/**
 * Adds a person by email or phone, creating their account when there is none yet: field staff
 * register farmers who will later sign in with a one-time password sent to that phone.
 */
export async function add(
  app: FastifyInstance,
  tenantId: string,
  input: { email?: string; phone?: string; name?: string; role: TenantRole },
  actor: Actor,
): Promise<MemberRow> {
  const { crypto } = app.identity;
  let phone: string | undefined;
  if (input.phone) {
    phone = normalizePhone(input.phone) ?? undefined;
    if (!phone) throw new AppError('validation_failed', 'phone is not a mobile number', { errors: [{ path: 'body.phone', message: 'is not an Indian mobile number or E.164 number' }] });
  }
  const email = input.email?.trim().toLowerCase();
  const phoneIndex = phone ? crypto.blindIndex('phone', phone) : null;
  const phoneSealed = phone ? await crypto.seal(phone, 'user.phone') : null;

  return app.resources.db.platform(async (tx) => {
    const existing = email
      ? await tx.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email])
      : await tx.query<{ id: string }>('SELECT id FROM users WHERE phone_index = $1', [phoneIndex]);
    let userId = existing.rows[0]?.id;
    if (!userId) {
      userId = uuidv7();
      await tx.query(
        'INSERT INTO users (id, email, name, phone_index, phone_sealed, phone_hint) VALUES ($1, $2, $3, $4, $5, $6)',
        [userId, email ?? null, input.name ?? email ?? maskPhone(phone!), phoneIndex, phoneSealed, phone ? maskPhone(phone) : null],
      );
    }
    const inserted = await tx.query(
      'INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [tenantId, userId, input.role],
    );
    if (inserted.rowCount === 0) throw new AppError('conflict', 'That person is already a member; change their role instead');
    await recordAudit(tx, tenantId, { action: 'membership.added', ...actor, subject: `user:${userId}`, details: { role: input.role } });
    return (await one(tx, tenantId, userId))!;
  });
}

const adminCount = async (tx: Tx, tenantId: string) =>
  (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM memberships WHERE tenant_id = $1 AND role = 'tenant_admin'`, [tenantId])).rows[0]!.n;

export async function changeRole(db: Db, tenantId: string, userId: string, role: TenantRole, actor: Actor): Promise<MemberRow> {
  return db.tenant(tenantId, async (tx) => {
    const current = (await tx.query<{ role: TenantRole }>('SELECT role FROM memberships WHERE user_id = $1 FOR UPDATE', [userId])).rows[0];
    if (!current) throw new AppError('not_found', 'No such member');
    if (current.role === 'tenant_admin' && role !== 'tenant_admin' && (await adminCount(tx, tenantId)) === 1) {
      throw new AppError('conflict', 'A tenant keeps at least one tenant_admin; make someone else admin first');
    }
    await tx.query('UPDATE memberships SET role = $2, updated_at = now(), version = version + 1 WHERE user_id = $1', [userId, role]);
    await recordAudit(tx, tenantId, { action: 'membership.role_changed', ...actor, subject: `user:${userId}`, details: { from: current.role, to: role } });
    return (await one(tx, tenantId, userId))!;
  });
}

export async function remove(db: Db, tenantId: string, userId: string, actor: Actor): Promise<void> {
  await db.tenant(tenantId, async (tx) => {
    const current = (await tx.query<{ role: TenantRole }>('SELECT role FROM memberships WHERE user_id = $1 FOR UPDATE', [userId])).rows[0];
    if (!current) throw new AppError('not_found', 'No such member');
    if (current.role === 'tenant_admin' && (await adminCount(tx, tenantId)) === 1) {
      throw new AppError('conflict', 'A tenant keeps at least one tenant_admin');
    }
    await tx.query('DELETE FROM memberships WHERE user_id = $1', [userId]);
    await recordAudit(tx, tenantId, { action: 'membership.removed', ...actor, subject: `user:${userId}`, details: { role: current.role } });
  });
}
