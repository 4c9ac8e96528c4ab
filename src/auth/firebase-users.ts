import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { FirebaseIdentity, FirebaseVerifier } from '../integrations/firebase/id-token.js';
import { recordUserAudit } from '../modules/audit/audit.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Verifies Firebase ID tokens; undefined when FIREBASE_PROJECT_ID is not set. */
    firebase: FirebaseVerifier | undefined;
  }
}

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
    const linked = await tx.query<{ id: string }>('SELECT id FROM users WHERE firebase_uid = $1', [identity.uid]);
    if (linked.rows[0]) return { userId: linked.rows[0].id, created: false };
    const match = await tx.query<{ id: string }>(
      `SELECT id FROM users WHERE firebase_uid IS NULL AND ((email = $1 AND $1 IS NOT NULL) OR (phone_index = $2 AND $2 IS NOT NULL))
        ORDER BY (email = $1) DESC NULLS LAST LIMIT 1`,
      [email ?? null, phoneIndex ?? null],
    );
    if (match.rows[0]) {
      await tx.query(
        `UPDATE users SET firebase_uid = $2, email_verified = email_verified OR coalesce(email = $3, false), updated_at = now(), version = version + 1 WHERE id = $1`,
        [match.rows[0].id, identity.uid, email ?? null],
      );
      return { userId: match.rows[0].id, created: false };
    }
    const id = uuidv7();
    await tx.query(
      `INSERT INTO users (id, email, email_verified, name, phone_index, phone_sealed, firebase_uid) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, email ?? null, Boolean(email), email ?? 'Kheti user', phoneIndex ?? null, phoneSealed ?? null, identity.uid],
    );
    return { userId: id, created: true };
  });
  if (created) await recordUserAudit(app.resources.db, userId, { action: 'auth.user_created', details: { via: 'firebase' } });
  return userId;
}
