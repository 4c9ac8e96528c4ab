import type { Cache } from './cache/cache.js';
import type { Db } from './db/db.js';
import type { InfraLogger } from './redis.js';

/**
 * A stamp per tenant that every committed write of the tenant replaces, shared by every process:
 * a process may keep a copy of a tenant's data (a field's position) and trust it for as long as
 * the stamp it was read under still stands. One cache command per check instead of a database
 * transaction under row-level security.
 *
 * What restamps: the end of every tenant transaction that is not read-only, whatever it wrote
 * (so cascades and offline sync are covered without naming them), after its COMMIT and before
 * the request that made it answers. A copy read after that is read under the new stamp.
 * What does not: platform transactions (a tenant's deletion, say); whoever keeps copies bounds
 * their age for those, as kept rights are bounded.
 */
export interface TenantStamps {
  /** The tenant's stamp standing now; rejects when it cannot be told (then no copy may be trusted). */
  current(tenantId: string): Promise<string>;
}

const key = (tenantId: string) => `tenant:${tenantId}`;

/** Wraps `db` so that its tenant writes restamp their tenant, and gives the stamps to readers. */
export function stampTenantWrites(db: Db, cache: Cache, logger: InfraLogger): { db: Db; stamps: TenantStamps } {
  const restamp = async (tenantId: string) => {
    try {
      await cache.restamp(key(tenantId));
    } catch (error) {
      // The write has committed; failing its request now would invite a retry of it. Copies
      // elsewhere then live out their own bound.
      logger.warn(
        { err: error, tenantId },
        "a tenant write could not replace the tenant's stamp: other processes keep their copies until these expire",
      );
    }
  };
  return {
    db: {
      ...db,
      async tenant(tenantId, work, options) {
        const result = await db.tenant(tenantId, work, options);
        if (!options?.readOnly) await restamp(tenantId);
        return result;
      },
    },
    stamps: { current: (tenantId) => cache.stamp(key(tenantId)) },
  };
}
