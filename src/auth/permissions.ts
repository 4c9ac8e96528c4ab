import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { requirePrincipal } from './principal.js';
import type { Role } from './roles.js';

/**
 * Who may do what: the one permission table. Every route declares the action it performs in
 * `config.permission`; one hook checks it against the caller's role before the handler runs.
 * A route that declares nothing stops the app from starting, so no route is open by accident.
 */
const everyone: Role[] = ['tenant_admin', 'agronomist', 'farmer', 'viewer', 'user'];
const tenantMembers: Role[] = ['tenant_admin', 'agronomist', 'farmer', 'viewer'];
const admins: Role[] = ['tenant_admin'];
const staff: Role[] = ['tenant_admin', 'agronomist'];

/** platform_admin may do everything and is not listed; `user` is a signed-in person with no tenant selected. */
export const PERMISSIONS = {
  'me:read': everyone,
  'auth:sign-out': everyone,
  'tenants:create': everyone,
  'tenants:list': everyone,
  'members:read': admins,
  'members:manage': admins,
  'clients:manage': admins,
  'audit:read': admins,
  'jobs:read': tenantMembers,
  /** The real-time event stream: the tenant's events, for a farmer only those about their own records. */
  'events:read': tenantMembers,
  /** The tenant's settings (boundaries abroad, default language, transport cost): read by members, changed by admins. */
  'settings:read': tenantMembers,
  'settings:manage': admins,
  /** Forecasts for a place and the ET0 calculator: reference information, open to every signed-in caller. */
  'weather:read': everyone,
  /** Minimum Support Prices (and the rest of the market reference data): open to every signed-in caller. */
  'markets:read': everyone,
  /**
   * Starting an ingestion of mandi prices now: shared reference data, fetched for every tenant, so
   * a platform job that no tenant's admin may start (platform_admin only).
   */
  'markets:ingest': [] as Role[],
  /** The tenant's alert rules (price thresholds so far). */
  'alerts:read': tenantMembers,
  /** Creating and deleting the tenant's alert rules. */
  'alerts:manage': staff,
  /** One's own notifications (alerts sent to oneself, or to the farmer one signs in as): reading them and marking them read. */
  'notifications:read': tenantMembers,
  /** Farmers, farms, fields, crop cycles, soil tests; a farmer sees only their own (SQL policies). */
  'registry:read': tenantMembers,
  'registry:write': staff,
  /**
   * Recording irrigation and gauge rain on a field, and deleting a mistaken entry: staff, and a farmer
   * on their own fields (the field must be visible to them, by the same SQL policies).
   */
  'irrigations:write': ['tenant_admin', 'agronomist', 'farmer'] as Role[],
  /** The PMFBY premium tool: reference arithmetic, open to every member of a tenant. */
  'insurance:read': tenantMembers,
  /**
   * Intimating a crop loss on a field: staff, and a farmer on their own fields (the field must be
   * visible to them, by the registry's SQL policies).
   */
  'crop-loss:report': ['tenant_admin', 'agronomist', 'farmer'] as Role[],
  /** Scheme applications and their history; a farmer sees only their own (SQL policies). */
  'schemeApplications:read': tenantMembers,
  /**
   * Starting an application and changing its status: staff, and a farmer for their own (they may
   * only submit and withdraw; the review is the staff's).
   */
  'schemeApplications:write': ['tenant_admin', 'agronomist', 'farmer'] as Role[],
  /** Starting Sentinel-2 analyses of fields (background jobs that call the imagery provider). */
  'imagery:analyse': staff,
  /** The full Aadhaar, bank account or phone number of a farmer; every reveal is audited. */
  'farmers:reveal': admins,
  /**
   * Webhooks and their deliveries: administrators only. A webhook receives every event of the tenant
   * (farmers' records included) outside Kheti, which is the administrator's decision to make.
   */
  'webhooks:manage': admins,
  /** Government schemes: the shared catalogue for every signed-in caller, with the organisation's own for its members. */
  'schemes:read': everyone,
  /** Adding, changing and deleting the organisation's own schemes (the shared catalogue is read-only). */
  'schemes:write': staff,
  /** A scheme's eligibility over every farmer of the organisation (camp planning): staff. */
  'schemes:eligible-farmers': staff,
} satisfies Record<string, Role[]>;

export type Permission = keyof typeof PERMISSIONS | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The action the route performs, checked against the permission table; 'public' for none. */
    permission?: Permission;
  }
}

export const isAllowed = (role: Role, permission: Permission) =>
  permission === 'public' || role === 'platform_admin' || (PERMISSIONS[permission] as Role[]).includes(role);

/** Routes of the documentation plugin, which cannot carry our route config. */
const DOCUMENTATION = /^\/docs(\/|$)/;

export function registerAuthorization(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    if (DOCUMENTATION.test(route.url)) return;
    const permission = (route.config as { permission?: Permission } | undefined)?.permission;
    if (!permission || (permission !== 'public' && !(permission in PERMISSIONS))) {
      throw new Error(`${route.method} ${route.url} declares no known permission (config.permission)`);
    }
  });
  app.addHook('preHandler', async (request) => {
    const permission = request.routeOptions.config.permission;
    if (permission === undefined || permission === 'public') return;
    const principal = requirePrincipal(request);
    if (!isAllowed(principal.role, permission)) {
      const holders = ['platform_admin', ...(PERMISSIONS[permission] as Role[])].join(', ');
      throw new AppError(
        'forbidden',
        `Your role, ${principal.role}, does not allow this: it needs the ${permission} permission, which ${holders} have.`,
      );
    }
  });
}
