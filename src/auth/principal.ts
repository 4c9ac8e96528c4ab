import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/** Who is calling: resolved once per request by the app's authenticator. */
export interface Principal {
  userId: string;
  /** The tenant the access token is for; null for a platform token. */
  tenantId: string | null;
  role: 'platform_admin' | 'tenant_admin' | 'agronomist' | 'farmer' | 'viewer' | 'client';
  scopes: string[];
}

/**
 * Turns a request into a principal, or null for an anonymous request. The identity module plugs
 * the real one in (bearer tokens); until then no request is authenticated, and routes that need
 * a tenant answer 401.
 */
export type Authenticator = (request: FastifyRequest) => Promise<Principal | null>;

export const anonymousOnly: Authenticator = async () => null;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthorized', 'Send an access token: Authorization: Bearer <token>', {
    headers: { 'www-authenticate': 'Bearer' },
  });
  return request.principal;
}

export function requireTenant(request: FastifyRequest): Principal & { tenantId: string } {
  const principal = requirePrincipal(request);
  if (!principal.tenantId) throw new AppError('forbidden', 'This request needs an access token issued for a tenant');
  return principal as Principal & { tenantId: string };
}
