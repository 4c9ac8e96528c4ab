import type { FastifyInstance } from 'fastify';
import {
  INVITATION_TTL_DAYS,
  findTenant,
  insertInvitation,
  isMemberByContact,
  recordAudit,
  revokeInvitation,
  type InvitationRow,
  type Invitee,
  type TenantRole,
} from '../../auth/index.js';
import { AppError } from '../../errors.js';
import { maskPhone, normalizePhone } from '../../lib/phone.js';

interface Actor {
  actorUserId: string;
  requestId: string;
}

export interface Invited {
  row: InvitationRow;
  /** Email invitations only: the token, for the admin to pass on (shown this once). */
  token?: string;
}

const PHONE_RULE = 'is not an Indian mobile number';

/**
 * Invites a person by email or phone (rules in src/auth/invitations.ts). The answer is the same
 * whether or not the person has an account anywhere, and says nothing about them that the admin
 * did not type. A phone invitation is texted; if the text cannot be sent, the invitation is
 * revoked and the request fails, so that no invitation waits for a message that never left.
 */
export async function invite(
  app: FastifyInstance,
  tenantId: string,
  input: { email?: string; phone?: string; name?: string; role: TenantRole },
  actor: Actor,
): Promise<Invited> {
  const { crypto } = app.identity;
  const phone = input.phone === undefined ? undefined : normalizePhone(input.phone);
  if (phone === null) {
    throw new AppError('validation_failed', `body.phone ${PHONE_RULE}`, { errors: [{ path: 'body.phone', message: PHONE_RULE }] });
  }
  const email = input.email?.trim().toLowerCase();
  const invitee: Invitee = phone
    ? { phoneIndex: crypto.blindIndex('phone', phone), phoneSealed: await crypto.seal(phone, 'user.phone'), phoneHint: maskPhone(phone) }
    : { email: email! };

  const { row, token, tenantName } = await app.resources.db.platform(async (tx) => {
    const contact = { email: email ?? null, phoneIndex: 'phoneIndex' in invitee ? invitee.phoneIndex : null };
    if (await isMemberByContact(tx, tenantId, contact)) {
      throw new AppError('conflict', 'That person is already a member; change their role instead');
    }
    const tenant = await findTenant(tx, tenantId);
    if (!tenant) throw new AppError('not_found', 'No such tenant');
    const created = await insertInvitation(tx, {
      tenantId,
      invitee,
      name: input.name ?? null,
      role: input.role,
      invitedBy: actor.actorUserId,
    });
    if (created.replaced) {
      await recordAudit(tx, tenantId, {
        action: 'invitation.revoked',
        ...actor,
        subject: `invitation:${created.replaced}`,
        details: { replacedBy: created.row.id },
      });
    }
    await recordAudit(tx, tenantId, {
      action: 'invitation.created',
      ...actor,
      subject: `invitation:${created.row.id}`,
      details: { role: input.role, to: email ?? maskPhone(phone!) },
    });
    return { ...created, tenantName: tenant.name };
  });

  if (!phone) return { row, token };
  const text =
    `${tenantName} invites you to join them on Kheti as ${input.role}. Your invitation code is ${token} ` +
    `(valid ${INVITATION_TTL_DAYS} days); enter it in the Kheti app to accept. If you do not know them, ignore this message.`;
  try {
    await app.outside.sms.send(phone, text);
  } catch (error) {
    app.log.warn({ err: error, to: maskPhone(phone) }, 'the invitation could not be texted');
    await app.resources.db.tenant(tenantId, (tx) => revokeInvitation(tx, row.id));
    throw new AppError('upstream_unavailable', 'The invitation could not be texted, so it was withdrawn; try again later', {
      headers: { 'retry-after': '60' },
    });
  }
  return { row };
}

/** Revokes an open invitation of the tenant; 404 for none, 409 for one already accepted. */
export async function revoke(app: FastifyInstance, tenantId: string, invitationId: string, actor: Actor): Promise<InvitationRow> {
  return app.resources.db.tenant(tenantId, async (tx) => {
    const row = await revokeInvitation(tx, invitationId);
    if (!row) throw new AppError('not_found', 'No such invitation');
    if (row.accepted_at) throw new AppError('conflict', 'The invitation was accepted already; remove the member instead');
    await recordAudit(tx, tenantId, { action: 'invitation.revoked', ...actor, subject: `invitation:${row.id}` });
    return row;
  });
}
