import { randomInt, timingSafeEqual } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../errors.js';
import type { Crypto } from '../infra/crypto.js';
import type { Db, Tx } from '../infra/db/index.js';
import type { SmsSender } from '../integrations/sms/index.js';
import { asciiDigits, maskPhone, normalizePhone } from '../lib/phone.js';
import { findActiveUserIdByPhoneIndex, isActiveUserWithPhone } from './identity-repository.js';

/**
 * Phone one-time-password sign-in: a farmer asks for a code, receives six digits by SMS, and
 * trades them for tokens. Rules:
 * - the code comes from a CSPRNG and is stored only as an HMAC keyed by the server's key and
 *   bound to its challenge, so a copy of the table alone cannot be searched for the 10^6 codes;
 * - a code lives 5 minutes and allows 5 tries: the 5th wrong try ends it, the right code included;
 * - a new request replaces the phone's live challenge; at most 3 requests per phone per 15
 *   minutes, counted in the database so the limit holds across processes;
 * - no account enumeration: every valid request is answered the same way and leaves the same
 *   row. The code is sent only when an active user has the phone (farmers are registered by
 *   field staff; there is no sign-up by OTP), and sending happens after the answer is decided,
 *   so neither the status, the body nor the response time depends on whether one was sent.
 */
export const OTP_TTL_SECONDS = 5 * 60;
export const OTP_MAX_ATTEMPTS = 5;
export const OTP_REQUEST_LIMIT = 3;
export const OTP_REQUEST_WINDOW_SECONDS = 15 * 60;
/** Rows older than this serve no rule any more (see pruneOtpChallenges). */
export const OTP_RETENTION_SECONDS = 24 * 60 * 60;

export interface OtpDeps {
  db: Db;
  crypto: Pick<Crypto, 'blindIndex'>;
  sms: SmsSender;
  logger: { warn(obj: object, msg: string): void };
}

export type OtpFailureReason = 'invalid_code' | 'expired' | 'too_many_attempts';

const FAILURE_DETAIL: Record<OtpFailureReason, string> = {
  invalid_code: 'The code is not right.',
  expired: 'There is no valid code for this phone: it expired or was already used. Request a new code.',
  too_many_attempts: 'Too many wrong codes were entered. Request a new code.',
};

/** A failed verification: 400 problem+json with `reason` and `attemptsRemaining` as extensions. */
export class OtpVerificationError extends AppError {
  override name = 'OtpVerificationError';
  constructor(
    readonly reason: OtpFailureReason,
    readonly attemptsRemaining: number,
  ) {
    const detail = reason === 'invalid_code' ? `${FAILURE_DETAIL[reason]} Tries left: ${attemptsRemaining}.` : FAILURE_DETAIL[reason];
    super('bad_request', detail, { extensions: { reason, attemptsRemaining } });
  }
}

const PHONE_RULE = 'must be an Indian mobile number: 10 digits starting with 6-9, optionally preceded by +91 or 0';

function requirePhone(input: string): string {
  const e164 = normalizePhone(input);
  if (!e164) throw new AppError('validation_failed', `body.phone ${PHONE_RULE}`, { errors: [{ path: 'body.phone', message: PHONE_RULE }] });
  return e164;
}

const phoneIndexOf = (deps: OtpDeps, e164: string) => deps.crypto.blindIndex('phone', e164);
const codeHash = (deps: OtpDeps, challengeId: string, code: string) => deps.crypto.blindIndex('otp-code', `${challengeId}:${code}`);
const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const secondsLater = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);

// Serialises the requests of one phone across processes: the count and the replacement below
// must see each other's rows. The two-key form keeps clear of single-key advisory locks.
const OTP_LOCK_CLASS = 7_203;
const lockPhone = (tx: Tx, phoneIndex: string) => tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [OTP_LOCK_CLASS, phoneIndex]);

/** Starts a challenge for the phone and texts its code to the phone's user, if there is one. */
export async function requestOtp(deps: OtpDeps, phone: string, now = new Date()): Promise<{ expiresInSeconds: number }> {
  const e164 = requirePhone(phone);
  const phoneIndex = phoneIndexOf(deps, e164);
  const id = uuidv7();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const windowStart = secondsLater(now, -OTP_REQUEST_WINDOW_SECONDS);

  const userId = await deps.db.platform(async (tx) => {
    await lockPhone(tx, phoneIndex);
    const recent = await tx.query<{ created_at: Date }>(
      `SELECT created_at FROM otp_challenges WHERE phone_index = $1 AND created_at > $2
       ORDER BY created_at DESC LIMIT $3`,
      [phoneIndex, windowStart, OTP_REQUEST_LIMIT],
    );
    if (recent.rows.length >= OTP_REQUEST_LIMIT) {
      // A request becomes possible again when the oldest of the counted ones leaves the window.
      const freedAt = secondsLater(recent.rows[OTP_REQUEST_LIMIT - 1]!.created_at, OTP_REQUEST_WINDOW_SECONDS);
      const retryAfter = Math.max(1, Math.ceil((freedAt.getTime() - now.getTime()) / 1000));
      const minutes = Math.ceil(retryAfter / 60);
      throw new AppError(
        'too_many_requests',
        `At most ${OTP_REQUEST_LIMIT} codes may be requested for a phone in ${OTP_REQUEST_WINDOW_SECONDS / 60} minutes; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
        {
          headers: { 'retry-after': String(retryAfter) },
          extensions: { retryAfterSeconds: retryAfter },
        },
      );
    }
    const owner = (await findActiveUserIdByPhoneIndex(tx, phoneIndex)) ?? null;
    await tx.query(`UPDATE otp_challenges SET status = 'replaced', ended_at = $2 WHERE phone_index = $1 AND status = 'live'`, [
      phoneIndex,
      now,
    ]);
    // This phone's ended challenges that no longer count towards its limit.
    await tx.query(`DELETE FROM otp_challenges WHERE phone_index = $1 AND status <> 'live' AND created_at <= $2`, [
      phoneIndex,
      windowStart,
    ]);
    await tx.query(
      `INSERT INTO otp_challenges (id, phone_index, user_id, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, phoneIndex, owner, codeHash(deps, id, code), now, secondsLater(now, OTP_TTL_SECONDS)],
    );
    return owner;
  });

  if (userId) {
    // Not awaited: the answer must not reveal, by its timing or by a provider failure, that this
    // phone has a user. A lost SMS is logged; the farmer asks again.
    const text = `${code} is your Kheti sign-in code. It expires in ${OTP_TTL_SECONDS / 60} minutes. Do not share it with anyone.`;
    const lost = (error: unknown) => deps.logger.warn({ err: error, to: maskPhone(e164) }, 'the sign-in code could not be sent');
    try {
      deps.sms.send(e164, text).catch(lost);
    } catch (error) {
      lost(error);
    }
  }
  return { expiresInSeconds: OTP_TTL_SECONDS };
}

interface ChallengeRow {
  id: string;
  user_id: string | null;
  code_hash: string;
  attempts: number;
  status: 'live' | 'replaced' | 'used' | 'exhausted';
  expires_at: Date;
}

type Outcome = { ok: true; userId: string } | { ok: false; reason: OtpFailureReason; attemptsRemaining: number };

/** Checks the code against the phone's live challenge; the user it was sent to, or OtpVerificationError. */
export async function verifyOtp(deps: OtpDeps, phone: string, code: string, now = new Date()): Promise<{ userId: string }> {
  const e164 = requirePhone(phone);
  const digits = asciiDigits(String(code)).replace(/[\s-]/g, '');
  if (!/^\d{6}$/.test(digits)) {
    // A typing slip, not a guess: it costs no try.
    throw new AppError('validation_failed', 'body.code must be the 6 digits from the SMS', {
      errors: [{ path: 'body.code', message: 'must be the 6 digits from the SMS' }],
    });
  }
  const phoneIndex = phoneIndexOf(deps, e164);

  // The failed try is committed before the error is thrown, so that it counts.
  const outcome = await deps.db.platform(async (tx): Promise<Outcome> => {
    const { rows } = await tx.query<ChallengeRow>(
      `SELECT id, user_id, code_hash, attempts, status, expires_at FROM otp_challenges
       WHERE phone_index = $1 ORDER BY created_at DESC, id DESC LIMIT 1 FOR UPDATE`,
      [phoneIndex],
    );
    const challenge = rows[0];
    if (challenge?.status === 'exhausted') return { ok: false, reason: 'too_many_attempts', attemptsRemaining: 0 };
    if (challenge?.status !== 'live' || challenge.expires_at.getTime() <= now.getTime()) {
      return { ok: false, reason: 'expired', attemptsRemaining: 0 };
    }

    const attempts = challenge.attempts + 1;
    if (sameHash(codeHash(deps, challenge.id, digits), challenge.code_hash) && challenge.user_id) {
      // The user may have been disabled, or given another phone, since the code was sent.
      if (await isActiveUserWithPhone(tx, challenge.user_id, phoneIndex)) {
        await tx.query(`UPDATE otp_challenges SET status = 'used', ended_at = $2, attempts = $3 WHERE id = $1`, [
          challenge.id,
          now,
          attempts,
        ]);
        return { ok: true, userId: challenge.user_id };
      }
    }
    const exhausted = attempts >= OTP_MAX_ATTEMPTS;
    await tx.query(
      `UPDATE otp_challenges SET attempts = $2, status = CASE WHEN $3 THEN 'exhausted' ELSE status END,
         ended_at = CASE WHEN $3 THEN $4::timestamptz END
       WHERE id = $1`,
      [challenge.id, attempts, exhausted, now],
    );
    return exhausted
      ? { ok: false, reason: 'too_many_attempts', attemptsRemaining: 0 }
      : { ok: false, reason: 'invalid_code', attemptsRemaining: OTP_MAX_ATTEMPTS - attempts };
  });

  if (!outcome.ok) throw new OtpVerificationError(outcome.reason, outcome.attemptsRemaining);
  return { userId: outcome.userId };
}

/** Deletes challenges past any use; for a periodic job. Returns how many went. */
export async function pruneOtpChallenges(db: Db, now = new Date()): Promise<number> {
  const { rowCount } = await db.platform((tx) =>
    tx.query('DELETE FROM otp_challenges WHERE created_at < $1', [secondsLater(now, -OTP_RETENTION_SECONDS)]),
  );
  return rowCount;
}
