import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import {
  countTenantAdmins,
  deleteMember,
  findMember,
  findUserIdByEmail,
  findUserIdByPhoneIndex,
  insertMembership,
  insertUser,
  lockMemberRole,
  recordAudit,
  updateMemberRole,
  type MemberRow,
  type TenantRole,
} from '../../auth/index.js';
import { AppError } from '../../errors.js';
import type { Db } from '../../infra/db/index.js';
import { maskPhone, normalizePhone } from '../../lib/phone.js';

interface Actor {
  actorUserId: string;
  requestId: string;
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
    if (!phone)
      throw new AppError('validation_failed', 'phone is not a mobile number', {
        errors: [{ path: 'body.phone', message: 'is not an Indian mobile number or E.164 number' }],
      });
  }
  const email = input.email?.trim().toLowerCase();
  const phoneIndex = phone ? crypto.blindIndex('phone', phone) : null;
  const phoneSealed = phone ? await crypto.seal(phone, 'user.phone') : null;

  return app.resources.db.platform(async (tx) => {
    let userId = email ? await findUserIdByEmail(tx, email) : await findUserIdByPhoneIndex(tx, phoneIndex);
    if (!userId) {
      userId = uuidv7();
      await insertUser(tx, {
        id: userId,
        email: email ?? null,
        name: input.name ?? email ?? maskPhone(phone!),
        phoneIndex,
        phoneSealed,
        phoneHint: phone ? maskPhone(phone) : null,
      });
    }
    const added = await insertMembership(tx, tenantId, userId, input.role);
    if (!added) throw new AppError('conflict', 'That person is already a member; change their role instead');
    await recordAudit(tx, tenantId, { action: 'membership.added', ...actor, subject: `user:${userId}`, details: { role: input.role } });
    return (await findMember(tx, tenantId, userId))!;
  });
}

export async function changeRole(db: Db, tenantId: string, userId: string, role: TenantRole, actor: Actor): Promise<MemberRow> {
  return db.tenant(tenantId, async (tx) => {
    const current = await lockMemberRole(tx, userId);
    if (!current) throw new AppError('not_found', 'No such member');
    if (current === 'tenant_admin' && role !== 'tenant_admin' && (await countTenantAdmins(tx, tenantId)) === 1) {
      throw new AppError('conflict', 'A tenant keeps at least one tenant_admin; make someone else admin first');
    }
    await updateMemberRole(tx, userId, role);
    await recordAudit(tx, tenantId, {
      action: 'membership.role_changed',
      ...actor,
      subject: `user:${userId}`,
      details: { from: current, to: role },
    });
    return (await findMember(tx, tenantId, userId))!;
  });
}

export async function remove(db: Db, tenantId: string, userId: string, actor: Actor): Promise<void> {
  await db.tenant(tenantId, async (tx) => {
    const current = await lockMemberRole(tx, userId);
    if (!current) throw new AppError('not_found', 'No such member');
    if (current === 'tenant_admin' && (await countTenantAdmins(tx, tenantId)) === 1) {
      throw new AppError('conflict', 'A tenant keeps at least one tenant_admin');
    }
    await deleteMember(tx, userId);
    await recordAudit(tx, tenantId, { action: 'membership.removed', ...actor, subject: `user:${userId}`, details: { role: current } });
  });
}
