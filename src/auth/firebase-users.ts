import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { FirebaseIdentity } from '../integrations/firebase/id-token.js';
import { recordUserAudit } from './audit.js';
import { findUnlinkedUserId, findUserIdByFirebaseUid, insertFirebaseUser, linkFirebaseUid } from './identity-repository.js';

/**
 * The Kheti user behind a Firebase identity: the one already linked to that Firebase uid, else
 * the one with the same verified email or phone number (Firebase verifies phone numbers by
 * sending a code), else a new user. An unverified email never links to an existing account:
 * anyone can claim an address at sign-up.
 */
export async function linkFirebaseUser(app: FastifyInstance, identity: FirebaseIdentity): Promise<string> {
  const { crypto } = app.identity;
  const email = identity.emailVerified && identity.email ? identity.email.toLowerCase() : undefined;
  const phoneIndex = identity.phoneNumber ? crypto.blindIndex('phone', identity.phoneNumber) : undefined;
  const phoneSealed = identity.phoneNumber ? await crypto.seal(identity.phoneNumber, 'user.phone') : undefined;

  const { userId, created } = await app.resources.db.platform(async (tx) => {
    const linked = await findUserIdByFirebaseUid(tx, identity.uid);
    if (linked) return { userId: linked, created: false };
    const match = await findUnlinkedUserId(tx, email ?? null, phoneIndex ?? null);
    if (match) {
      await linkFirebaseUid(tx, match, identity.uid, email ?? null);
      return { userId: match, created: false };
    }
    const id = uuidv7();
    await insertFirebaseUser(tx, {
      id,
      email: email ?? null,
      emailVerified: Boolean(email),
      name: email ?? 'Kheti user',
      phoneIndex: phoneIndex ?? null,
      phoneSealed: phoneSealed ?? null,
      firebaseUid: identity.uid,
    });
    return { userId: id, created: true };
  });
  if (created) await recordUserAudit(app.resources.db, userId, { action: 'auth.user_created', details: { via: 'firebase' } });
  return userId;
}
