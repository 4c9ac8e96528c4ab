import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { Db } from '../infra/db/index.js';

/**
 * `Idempotency-Key` on POST (IETF draft-ietf-httpapi-idempotency-key-header): the first answer
 * is stored per tenant, caller and key for 24 h; a retry of the same request gets that answer
 * again (with `Idempotent-Replayed: true`) instead of doing the work twice. The same key with a
 * different request is refused (422); a retry while the first is still running gets 409.
 *
 * Keys are scoped to a tenant's principal, so anonymous and platform-level POSTs are not covered.
 * Server errors (5xx) are not stored: the client may retry them for real.
 */
export const IDEMPOTENCY_TTL_HOURS = 24;
/** An unfinished record older than this belongs to a request that died; a retry may take it over. */
const ABANDONED_AFTER_SECONDS = 60;
const KEY = /^[\x21-\x7e]{1,255}$/;

interface Claim {
  tenantId: string;
  principal: string;
  key: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyClaim: Claim | null;
  }
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
    const claim = { tenantId, principal: request.principal!.clientId ?? request.principal!.userId, key };
    const replayed = await claimOrReplay(app.resources.db, claim, requestHash(request), reply);
    if (!replayed) request.idempotencyClaim = claim;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotencyClaim;
    if (!claim) return payload;
    request.idempotencyClaim = null;
    await app.resources.db.tenant(claim.tenantId, (tx) =>
      reply.statusCode >= 500
        ? tx.query('DELETE FROM idempotency_keys WHERE tenant_id = $1 AND principal = $2 AND key = $3', [
            claim.tenantId,
            claim.principal,
            claim.key,
          ])
        : tx.query(
            `UPDATE idempotency_keys SET status_code = $4, response_body = $5, response_headers = $6, completed_at = now()
              WHERE tenant_id = $1 AND principal = $2 AND key = $3`,
            [
              claim.tenantId,
              claim.principal,
              claim.key,
              reply.statusCode,
              JSON.stringify(String(payload ?? '')),
              JSON.stringify(storedHeaders(reply)),
            ],
          ),
    );
    return payload;
  });
}

function storedHeaders(reply: FastifyReply): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ['content-type', 'location', 'etag']) {
    const value = reply.getHeader(name);
    if (value !== undefined) kept[name] = String(value);
  }
  return kept;
}

/** Claims the key for this request (returns false), or sends the stored answer (returns true). */
async function claimOrReplay(db: Db, claim: Claim, hash: string, reply: FastifyReply): Promise<boolean> {
  const params = [claim.tenantId, claim.principal, claim.key];
  const existing = await db.tenant(claim.tenantId, async (tx) => {
    // Expired and abandoned claims make way for this request.
    await tx.query(
      `DELETE FROM idempotency_keys WHERE tenant_id = $1 AND principal = $2 AND key = $3
          AND (created_at < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})
               OR (completed_at IS NULL AND created_at < now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS})))`,
      params,
    );
    const inserted = await tx.query(
      `INSERT INTO idempotency_keys (tenant_id, principal, key, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [...params, hash],
    );
    if (inserted.rowCount === 1) return undefined;
    const { rows } = await tx.query<{
      request_hash: string;
      status_code: number | null;
      response_body: string | null;
      response_headers: Record<string, string> | null;
    }>(
      'SELECT request_hash, status_code, response_body, response_headers FROM idempotency_keys WHERE tenant_id = $1 AND principal = $2 AND key = $3',
      params,
    );
    return rows[0];
  });
  if (!existing) return false;
  if (existing.request_hash !== hash) {
    throw new AppError('idempotency_key_reused', 'This Idempotency-Key was used for a different request; use a new key for a new request');
  }
  if (existing.status_code === null) {
    throw new AppError('idempotency_key_in_use', 'The first request with this Idempotency-Key is still running; retry shortly', {
      headers: { 'retry-after': '1' },
    });
  }
  reply.code(existing.status_code).headers({ ...existing.response_headers, 'idempotent-replayed': 'true' });
  await reply.send(existing.response_body ?? '');
  return true;
}
