import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { Role } from './roles.js';

/** Who is calling: resolved once per request by the app's authenticator. */
export interface Principal {
  /** The user, or for an OAuth client the user who created it (audit) — see clientId. */
  userId: string;
  /** Set when an OAuth client (client_credentials) is calling. */
  clientId?: string;
  /** The tenant the access token is for; null for a token without a tenant. */
  tenantId: string | null;
  /** The caller's current role, read from the primary (kept at most 15 s by a process, see kept-rights.ts). */
  role: Role;
  scopes: string[];
}

/**
 * Turns a request into a principal, or null for an anonymous request (bearer tokens in the app;
 * tests may name their caller directly when tokens are not what they exercise).
 */
export type Authenticator = (request: FastifyRequest) => Promise<Principal | null>;

export const anonymousOnly: Authenticator = async () => null;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal)
    throw new AppError('unauthorized', 'Send an access token: Authorization: Bearer <token>', {
      headers: { 'www-authenticate': 'Bearer' },
    });
  return request.principal;
}

export function requireTenant(request: FastifyRequest): Principal & { tenantId: string } {
  const principal = requirePrincipal(request);
  if (!principal.tenantId) throw new AppError('forbidden', 'This request needs an access token issued for a tenant');
  return principal as Principal & { tenantId: string };
}
