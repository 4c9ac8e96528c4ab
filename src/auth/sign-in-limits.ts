import { createHash } from 'node:crypto';
import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/**
 * How often anyone may try to sign in. Counted in the app's rate-limit store (src/http/rate-limit.ts):
 * in Redis, shared by every API process, or in-process in embedded mode; a Redis outage lets
 * attempts through, as every limit does. Every attempt counts, successful or not, and it is counted
 * before the password is checked, so that a burst of concurrent guesses cannot outrun the count.
 *
 * - Per address: every grant of POST /oauth/token and every POST /v1/auth/otp/verify share one
 *   budget, so guessing across many accounts (or switching grants) from one place is bounded.
 *   IPv6 addresses count by /64, the block one subscriber is usually given.
 * - Per account and address: password guesses at one account from one place. Keyed by the address
 *   too, so that a stranger hammering someone's account locks only themselves out, not its owner.
 * - Per account, from everywhere: a ceiling on guesses at one account, for guessing spread over
 *   many addresses. Reaching it takes more than ten addresses guessing at full speed at once (an
 *   address's guesses beyond its own limit are not counted here), and it lasts only as long as
 *   they keep it up.
 */
export const SIGN_IN_ATTEMPTS_PER_ADDRESS = 30;
export const PER_ACCOUNT_SIGN_IN_LIMIT = 10;
export const PER_ACCOUNT_SIGN_IN_CEILING = 100;
const WINDOW_MS = 60_000;

export interface SignInLimits {
  /** Counts an attempt from the caller's address; 429 past its budget. */
  countAddress(request: FastifyRequest): Promise<void>;
  /** Counts a password attempt at the account (the username as typed, any case); 429 past either account limit. */
  countAccount(request: FastifyRequest, username: string): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    signInLimits: SignInLimits;
  }
}

/** The caller's address as the limits count it (one IPv6 /64 is one address). */
const addressOf = (request: FastifyRequest) => normalizeIP(request.ip, 64);

const accountKey = (username: string) => createHash('sha256').update(username.trim().toLowerCase()).digest('base64url');

// The account being tried, set just before it is counted: the store's key is computed from the request.
const accountOf = new WeakMap<FastifyRequest, string>();

/** The limits of one app, their counters in the app's rate-limit store; built once, after that store. */
export function createSignInLimits(app: FastifyInstance): SignInLimits {
  const counter = (max: number, what: string, key: (request: FastifyRequest) => string) => {
    const count = app.createRateLimit({ max, timeWindow: WINDOW_MS, keyGenerator: key });
    return async (request: FastifyRequest) => {
      const state = await count(request);
      if (state.isAllowed || !state.isExceeded) return;
      const seconds = String(Math.max(1, state.ttlInSeconds));
      throw new AppError('too_many_requests', `Too many sign-in attempts ${what}; retry in ${seconds} s.`, {
        headers: { 'retry-after': seconds, 'ratelimit-limit': String(max), 'ratelimit-remaining': '0', 'ratelimit-reset': seconds },
      });
    };
  };
  const perAddress = counter(SIGN_IN_ATTEMPTS_PER_ADDRESS, 'from this address', (request) => `sign-in:address:${addressOf(request)}`);
  const perAccountAndAddress = counter(
    PER_ACCOUNT_SIGN_IN_LIMIT,
    'at this account from this address',
    (request) => `sign-in:account:${accountOf.get(request)}:${addressOf(request)}`,
  );
  const perAccount = counter(PER_ACCOUNT_SIGN_IN_CEILING, 'at this account', (request) => `sign-in:account:${accountOf.get(request)}`);
  return {
    countAddress: perAddress,
    async countAccount(request, username) {
      accountOf.set(request, accountKey(username));
      await perAccountAndAddress(request);
      await perAccount(request);
    },
  };
}
