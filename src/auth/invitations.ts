import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../errors.js';
import type { Db, Tx } from '../infra/db/index.js';
import { recordAudit } from './audit.js';
import { findMembershipOfUser, findUserContact, findUserIdByPhoneIndex, insertMembership, insertUser } from './identity-repository.js';
import type { TenantRole } from './roles.js';

/**
 * Invitations: the only way into a tenant for someone who is not in it yet. A tenant_admin names a
 * person by email or phone; the person joins when they accept, with the invitation's token:
 * - an email invitation is accepted by the signed-in account with that email (there is no mail
 *   sender, so the token is shown once to the inviting admin, who passes it on);
 * - a phone invitation's token is texted to the phone and shown to nobody; whoever presents it has
 *   the phone, so it may be accepted without signing in, which makes the account of a farmer who
 *   has none (a phone proven this way is as good as one proven by a sign-in code).
 * Nothing about the person is read or returned before they accept, and no account is made for an
 * email. The token is stored as its SHA-256, lives INVITATION_TTL_DAYS, and is good for one use.
 */
export const INVITATION_TTL_DAYS = 7;

export interface InvitationRow {
  id: string;
  tenant_id: string;
  email: string | null;
  phone_hint: string | null;
  name: string | null;
  role: TenantRole;
  invited_by: string | null;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_by: string | null;
  revoked_at: Date | null;
}

const COLUMNS = 'id, tenant_id, email, phone_hint, name, role, invited_by, created_at, expires_at, accepted_at, accepted_by, revoked_at';

const hashInvitationToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Whom an invitation is for: an email (lower case), or a phone as the identity kit seals and indexes it. */
export type Invitee = { email: string } | { phoneIndex: string; phoneSealed: string; phoneHint: string };

/**
 * A new invitation and its token, in a platform transaction: it replaces the person's open
 * invitation to this tenant (returned as `replaced`, for the audit trail).
 */
export async function insertInvitation(
  tx: Tx,
  input: { tenantId: string; invitee: Invitee; name: string | null; role: TenantRole; invitedBy: string },
): Promise<{ row: InvitationRow; token: string; replaced: string | null }> {
  const email = 'email' in input.invitee ? input.invitee.email : null;
  const phone = 'phoneIndex' in input.invitee ? input.invitee : null;
  const { rows: replacedRows } = await tx.query<{ id: string }>(
    `UPDATE invitations SET revoked_at = now()
      WHERE tenant_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND (email = $2 OR phone_index = $3) RETURNING id`,
    [input.tenantId, email, phone?.phoneIndex ?? null],
  );
  const token = randomBytes(18).toString('base64url');
  const { rows } = await tx.query<InvitationRow>(
    `INSERT INTO invitations (id, tenant_id, email, phone_index, phone_sealed, phone_hint, name, role, token_hash, invited_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now() + make_interval(days => $11)) RETURNING ${COLUMNS}`,
    [
      uuidv7(),
      input.tenantId,
      email,
      phone?.phoneIndex ?? null,
      phone?.phoneSealed ?? null,
      phone?.phoneHint ?? null,
      input.name,
      input.role,
      hashInvitationToken(token),
      input.invitedBy,
      INVITATION_TTL_DAYS,
    ],
  );
  return { row: rows[0]!, token, replaced: replacedRows[0]?.id ?? null };
}

/** A page of the tenant's invitations, newest first, before the id `before`; in the tenant's transaction. */
export async function listInvitations(tx: Tx, before: string | null, limit: number): Promise<InvitationRow[]> {
  const { rows } = await tx.query<InvitationRow>(
    `SELECT ${COLUMNS} FROM invitations WHERE ($1::uuid IS NULL OR id < $1) ORDER BY id DESC LIMIT $2`,
    [before, limit],
  );
  return rows;
}

/** One of the tenant's invitations; in the tenant's transaction. */
export async function findInvitation(tx: Tx, id: string): Promise<InvitationRow | undefined> {
  return (await tx.query<InvitationRow>(`SELECT ${COLUMNS} FROM invitations WHERE id = $1`, [id])).rows[0];
}

/** Revokes the invitation if it is still open; the row as it is now, if the tenant has it. In the tenant's transaction. */
export async function revokeInvitation(tx: Tx, id: string): Promise<InvitationRow | undefined> {
  const { rows } = await tx.query<InvitationRow>(
    `UPDATE invitations SET revoked_at = coalesce(revoked_at, CASE WHEN accepted_at IS NULL THEN now() END)
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id],
  );
  return rows[0];
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export const invitationStatus = (row: InvitationRow, now = new Date()): InvitationStatus =>
  row.accepted_at ? 'accepted' : row.revoked_at ? 'revoked' : row.expires_at.getTime() <= now.getTime() ? 'expired' : 'pending';

export interface Accepted {
  userId: string;
  tenant: { id: string; slug: string; name: string };
  role: TenantRole;
}

interface OpenInvitation extends InvitationRow {
  phone_index: string | null;
  phone_sealed: string | null;
}

/**
 * Accepts the invitation whose token this is, for the signed-in person (`userId`), or without a
 * sign-in for a phone invitation. Everything happens in one platform transaction under a lock on
 * the invitation, so a token is used once however often it is presented at the same moment.
 */
export async function acceptInvitation(db: Db, token: string, caller: { userId: string | null; requestId: string }): Promise<Accepted> {
  return db.platform(async (tx) => {
    const { rows } = await tx.query<OpenInvitation>(
      `SELECT ${COLUMNS}, phone_index, phone_sealed FROM invitations WHERE token_hash = $1 FOR UPDATE`,
      [hashInvitationToken(token)],
    );
    const invitation = rows[0];
    if (!invitation || invitationStatus(invitation) !== 'pending') {
      throw new AppError('not_found', 'No open invitation has this token: it is wrong, was used or revoked, or has expired');
    }
    const userId = caller.userId ? await checkInvitee(tx, invitation, caller.userId) : await phoneInvitee(tx, invitation, caller.requestId);

    await tx.query('UPDATE invitations SET accepted_at = now(), accepted_by = $2 WHERE id = $1', [invitation.id, userId]);
    const joined = await insertMembership(tx, invitation.tenant_id, userId, invitation.role);
    const audit = { actorUserId: userId, requestId: caller.requestId };
    await recordAudit(tx, invitation.tenant_id, {
      action: 'invitation.accepted',
      ...audit,
      subject: `invitation:${invitation.id}`,
      details: { role: invitation.role, invitedBy: invitation.invited_by },
    });
    if (joined) {
      await recordAudit(tx, invitation.tenant_id, {
        action: 'membership.added',
        ...audit,
        subject: `user:${userId}`,
        details: { role: invitation.role, invitation: invitation.id },
      });
    }
    // A member already (by an earlier invitation) keeps the role they have.
    const membership = (await findMembershipOfUser(tx, invitation.tenant_id, userId))!;
    return { userId, tenant: { id: membership.tenant_id, slug: membership.slug, name: membership.name }, role: membership.role };
  });
}

/** The signed-in person must be the one invited: the account's email, or its phone. */
async function checkInvitee(tx: Tx, invitation: OpenInvitation, userId: string): Promise<string> {
  const user = await findUserContact(tx, userId);
  if (!user || user.disabled_at) throw new AppError('forbidden', 'The account is not active');
  const invited = invitation.email ? user.email === invitation.email : user.phone_index === invitation.phone_index;
  if (!invited) {
    const by = invitation.email ? 'email address' : 'phone number';
    throw new AppError('forbidden', `This invitation is for another ${by}: accept it signed in as the person invited`);
  }
  return userId;
}

const INVITEE_LOCK_CLASS = 7_205;

/**
 * Without a sign-in only a phone invitation is accepted (the token came by SMS to that phone): by
 * the phone's account, made now, with the name the admin gave, when there is none.
 */
async function phoneInvitee(tx: Tx, invitation: OpenInvitation, requestId: string): Promise<string> {
  if (!invitation.phone_index || !invitation.phone_sealed) {
    throw new AppError('unauthorized', 'Sign in (or register) with the email address invited, then accept the invitation');
  }
  // Two invitations of one new phone accepted at once must make one account, not collide.
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [INVITEE_LOCK_CLASS, invitation.phone_index]);
  const existing = await findUserIdByPhoneIndex(tx, invitation.phone_index);
  if (existing) {
    if ((await findUserContact(tx, existing))?.disabled_at) throw new AppError('forbidden', 'The account of this phone is not active');
    return existing;
  }
  const userId = uuidv7();
  await insertUser(tx, {
    id: userId,
    email: null,
    name: invitation.name ?? invitation.phone_hint!,
    phoneIndex: invitation.phone_index,
    phoneSealed: invitation.phone_sealed,
    phoneHint: invitation.phone_hint,
  });
  await recordAudit(tx, invitation.tenant_id, {
    action: 'auth.user_created',
    actorUserId: userId,
    subject: `user:${userId}`,
    details: { via: 'invitation' },
    requestId,
  });
  return userId;
}
