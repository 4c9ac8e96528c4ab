import type { FastifyRequest } from 'fastify';
import { requireTenant } from './principal.js';
import type { TxOptions } from '../infra/db/index.js';

/**
 * The tenant scope of a request: how it reads and writes its tenant's data — in the caller's
 * tenant, seeing their own writes, and for a caller with role `farmer` only their own records
 * (SQL policies narrow every statement to the farmer linked to their user).
 */
export function tenantScope(request: FastifyRequest, readOnly = false): { tenantId: string; options: TxOptions } {
  const principal = requireTenant(request);
  return {
    tenantId: principal.tenantId,
    options: {
      readOnly,
      consistencyKey: principal.clientId ?? principal.userId,
      ...(principal.role === 'farmer' ? { farmerUserId: principal.userId } : {}),
    },
  };
}
