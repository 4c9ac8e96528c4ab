import {
  countTenantAdmins,
  deleteMember,
  findMember,
  forgetKeptRights,
  lockMemberRole,
  recordAudit,
  updateMemberRole,
  type MemberRow,
  type TenantRole,
} from '../../auth/index.js';
import { AppError } from '../../errors.js';
import type { Db } from '../../infra/db/index.js';

interface Actor {
  actorUserId: string;
  requestId: string;
}

export async function changeRole(db: Db, tenantId: string, userId: string, role: TenantRole, actor: Actor): Promise<MemberRow> {
  // Before and after: a request of this process that read the old role meanwhile keeps nothing.
  forgetKeptRights();
  const member = await db.tenant(tenantId, async (tx) => {
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
  forgetKeptRights();
  return member;
}

export async function remove(db: Db, tenantId: string, userId: string, actor: Actor): Promise<void> {
  forgetKeptRights();
  await db.tenant(tenantId, async (tx) => {
    const current = await lockMemberRole(tx, userId);
    if (!current) throw new AppError('not_found', 'No such member');
    if (current === 'tenant_admin' && (await countTenantAdmins(tx, tenantId)) === 1) {
      throw new AppError('conflict', 'A tenant keeps at least one tenant_admin');
    }
    await deleteMember(tx, userId);
    await recordAudit(tx, tenantId, { action: 'membership.removed', ...actor, subject: `user:${userId}`, details: { role: current } });
  });
  forgetKeptRights();
}
