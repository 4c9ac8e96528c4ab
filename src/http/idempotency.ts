import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { Crypto } from '../infra/crypto.js';
import type { Db, Tx, TxOptions } from '../infra/db/index.js';
import type { SealedColumn } from '../infra/sealed-columns.js';
import { v7 as uuidv7 } from 'uuid';

/**
 * `Idempotency-Key` on POST (IETF draft-ietf-httpapi-idempotency-key-header): the first answer
 * is stored per tenant, caller and key for 24 h; a retry of the same request gets that answer
 * again (with `Idempotent-Replayed: true`) instead of doing the work twice. The same key with a
 * different request is refused (422); a retry while the first is still running gets 409.
 *
 * A route that writes answers through `answerOnce` (and says `idempotency: 'in-transaction'` in
 * its config): the key and the answer are stored in the write's own transaction, so they commit
 * together or not at all. A retry after a crash at any moment finds the first answer, or nothing
 * and writes once; no timer decides. Other routes claim the key before the handler and store the
 * answer after it; if their process dies in between, nobody can tell whether the work was done,
 * so a retry after the claim's minute is told so (409) rather than doing it again.
 *
 * Keys are scoped to a tenant's principal, so anonymous and platform-level POSTs are not covered.
 * Server errors (5xx) are not stored: the client may retry them for real. Stored answers are sealed:
 * some carry what is shown only once (a client's or a webhook's secret) or a farmer's personal data.
 */
export const IDEMPOTENCY_TTL_HOURS = 24;
/** A claim without an answer older than this belongs to a request that died. */
const ABANDONED_AFTER_SECONDS = 60;
const KEY = /^[\x21-\x7e]{1,255}$/;

interface Claim {
  tenantId: string;
  principal: string;
  key: string;
  hash: string;
  /** Whether the route stores its answer in its own transaction (see answerOnce). */
  inTransaction: boolean;
  /** The answer is stored (or was replayed, or refused): nothing is left to store when it is sent. */
  settled: boolean;
}

interface Stored {
  request_hash: string;
  status_code: number | null;
  answer_id: string | null;
  response_sealed: string | null;
  /** Answers stored before they were sealed, replayed until the purge removes them (24 h). */
  response_body: string | null;
  response_headers: Record<string, string> | null;
  abandoned: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyClaim: Claim | null;
  }
  interface FastifyContextConfig {
    /** `in-transaction`: the route answers through answerOnce, which stores the key with its write. */
    idempotency?: 'in-transaction';
  }
}

/** What a route answers: its status, its body (serialized by the route's schema for that status) and headers. */
export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const answerContext = (answerId: string) => `idempotency-answer:${answerId}`;

/** The stored answers, for data-key rotation (src/sealed-columns.ts). */
export const IDEMPOTENCY_SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'idempotency_keys', idColumn: 'answer_id', column: 'response_sealed', context: (row) => answerContext(String(row.answer_id)) },
];

/** A reply's body sealed under a fresh answer id, ready to store. */
async function sealAnswer(crypto: Crypto, payload: unknown): Promise<{ answerId: string; sealed: string }> {
  const answerId = uuidv7();
  return { answerId, sealed: await crypto.seal(String(payload ?? ''), answerContext(answerId)) };
}

/** Forgets answers older than the replay window (an hourly job); returns how many went. */
export async function purgeIdempotencyKeys(db: Db): Promise<number> {
  const { rowCount } = await db.platform((tx) =>
    tx.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`),
  );
  return rowCount;
}

const requestHash = (request: FastifyRequest) =>
  createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');

const keyParams = (claim: Claim) => [claim.tenantId, claim.principal, claim.key];

export function registerIdempotency(app: FastifyInstance) {
  app.decorateRequest('idempotencyClaim', null);
  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined) return;
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new AppError('bad_request', 'Idempotency-Key must be 1-255 visible ASCII characters');
    }
    const tenantId = request.principal?.tenantId;
    if (!tenantId) return;
    const claim: Claim = {
      tenantId,
      principal: request.principal!.clientId ?? request.principal!.userId,
      key,
      hash: requestHash(request),
      inTransaction: request.routeOptions.config.idempotency === 'in-transaction',
      settled: false,
    };
    const { db } = app.resources;
    // An in-transaction route claims the key in its write; here it only looks for an earlier answer.
    const stored = await db.tenant(tenantId, (tx) => (claim.inTransaction ? findStored(tx, claim) : claimOrFind(tx, claim)));
    if (stored) return replay(reply, claim, stored);
    request.idempotencyClaim = claim;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotencyClaim;
    if (!claim || claim.settled) return payload;
    request.idempotencyClaim = null;
    const { db } = app.resources;
    if (claim.inTransaction) {
      // The route answered without writing (a refusal before or inside its rolled-back transaction).
      if (reply.statusCode < 500) {
        const answer = await sealAnswer(app.identity.crypto, payload);
        await db.tenant(claim.tenantId, async (tx) => {
          await tx.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', ['idempotency_keys', lockName(claim)]);
          await insertAnswer(tx, claim, reply, answer, 'ON CONFLICT DO NOTHING');
        });
      }
      return payload;
    }
    if (reply.statusCode >= 500) {
      await db.tenant(claim.tenantId, (tx) =>
        tx.query('DELETE FROM idempotency_keys WHERE tenant_id = $1 AND principal = $2 AND key = $3', keyParams(claim)),
      );
      return payload;
    }
    const answer = await sealAnswer(app.identity.crypto, payload);
    await db.tenant(claim.tenantId, (tx) =>
      tx.query(
        `UPDATE idempotency_keys SET status_code = $4, answer_id = $5, response_sealed = $6, response_headers = $7, completed_at = now()
          WHERE tenant_id = $1 AND principal = $2 AND key = $3`,
        [...keyParams(claim), reply.statusCode, answer.answerId, answer.sealed, JSON.stringify(storedHeaders(reply))],
      ),
    );
    return payload;
  });
}

/**
 * Runs a route's write in one tenant transaction and sends its answer. With an Idempotency-Key
 * the answer is stored in that same transaction, under a transaction lock on the key: a retry
 * while it is open gets 409; one after it finds the answer and replays it; one after a crash
 * before its commit finds nothing, as nothing was written, and writes once.
 */
export async function answerOnce(
  request: FastifyRequest,
  reply: FastifyReply,
  tenantId: string,
  options: TxOptions | undefined,
  work: (tx: Tx) => Promise<Answer>,
): Promise<FastifyReply> {
  const claim = request.idempotencyClaim;
  if (request.routeOptions.config.idempotency !== 'in-transaction') {
    throw new Error(`${request.routeOptions.url} answers through answerOnce, so its config must say idempotency: 'in-transaction'`);
  }
  const outcome = await request.server.resources.db.tenant<Outcome>(
    tenantId,
    async (tx) => {
      if (claim) {
        const locked = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1), hashtext($2)) AS locked', [
          'idempotency_keys',
          lockName(claim),
        ]);
        if (!locked.rows[0]!.locked) return { busy: true };
        // An answer past the replay window that the hourly purge has not reached yet is gone.
        await tx.query(
          `DELETE FROM idempotency_keys WHERE tenant_id = $1 AND principal = $2 AND key = $3
              AND created_at < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`,
          keyParams(claim),
        );
        const earlier = await findStored(tx, claim);
        if (earlier) return { earlier };
      }
      const answer = await work(tx);
      reply
        .code(answer.status)
        .headers(answer.headers ?? {})
        .type('application/json; charset=utf-8');
      const payload = reply.serialize(answer.body) as string;
      if (claim) await insertAnswer(tx, claim, reply, await sealAnswer(request.server.identity.crypto, payload));
      return { payload };
    },
    options,
  );
  if (claim) claim.settled = true;
  if ('busy' in outcome) throw inUse();
  if ('earlier' in outcome) return replay(reply, claim!, outcome.earlier);
  return reply.send(outcome.payload);
}

/** How answerOnce's transaction ended: the key held by a request in flight, an earlier answer, or this one's. */
type Outcome = { busy: true } | { earlier: Stored } | { payload: string };

const lockName = (claim: Claim) => `${claim.tenantId} ${claim.principal} ${claim.key}`;

const inUse = () =>
  new AppError('idempotency_key_in_use', 'The first request with this Idempotency-Key is still running; retry shortly', {
    headers: { 'retry-after': '1' },
  });

function storedHeaders(reply: FastifyReply): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ['content-type', 'location', 'etag']) {
    const value = reply.getHeader(name);
    if (value !== undefined) kept[name] = String(value);
  }
  return kept;
}

async function insertAnswer(tx: Tx, claim: Claim, reply: FastifyReply, answer: { answerId: string; sealed: string }, onConflict = '') {
  await tx.query(
    `INSERT INTO idempotency_keys (tenant_id, principal, key, request_hash, status_code, answer_id, response_sealed, response_headers, completed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now()) ${onConflict}`,
    [...keyParams(claim), claim.hash, reply.statusCode, answer.answerId, answer.sealed, JSON.stringify(storedHeaders(reply))],
  );
}

async function findStored(tx: Tx, claim: Claim): Promise<Stored | undefined> {
  const { rows } = await tx.query<Stored>(
    `SELECT request_hash, status_code, answer_id, response_sealed, response_body, response_headers,
            created_at < now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS}) AS abandoned
       FROM idempotency_keys
      WHERE tenant_id = $1 AND principal = $2 AND key = $3
        AND created_at >= now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`,
    keyParams(claim),
  );
  return rows[0];
}

/** Claims the key for a route that stores its answer after the handler (undefined), or finds what holds it. */
async function claimOrFind(tx: Tx, claim: Claim): Promise<Stored | undefined> {
  // An answer past the replay window makes way for this request.
  await tx.query(
    `DELETE FROM idempotency_keys WHERE tenant_id = $1 AND principal = $2 AND key = $3
        AND created_at < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`,
    keyParams(claim),
  );
  const inserted = await tx.query(
    'INSERT INTO idempotency_keys (tenant_id, principal, key, request_hash) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
    [...keyParams(claim), claim.hash],
  );
  return inserted.rowCount === 1 ? undefined : findStored(tx, claim);
}

/** Sends the stored answer again, or says why it cannot. */
async function replay(reply: FastifyReply, claim: Claim, stored: Stored): Promise<FastifyReply> {
  if (stored.request_hash !== claim.hash) {
    throw new AppError('idempotency_key_reused', 'This Idempotency-Key was used for a different request; use a new key for a new request');
  }
  if (stored.status_code === null) {
    if (!stored.abandoned) throw inUse();
    // Claimed by a request that died before it answered: its work may or may not have been done.
    throw new AppError(
      'idempotency_key_interrupted',
      'The first request with this Idempotency-Key stopped before it answered, and whether it took effect is unknown; check, then use a new key',
    );
  }
  const body =
    stored.response_sealed !== null
      ? await reply.server.identity.crypto.open(stored.response_sealed, answerContext(stored.answer_id!))
      : (stored.response_body ?? '');
  reply.code(stored.status_code).headers({ ...stored.response_headers, 'idempotent-replayed': 'true' });
  return reply.send(body);
}
