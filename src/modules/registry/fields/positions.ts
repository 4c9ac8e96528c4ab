import type { Db, TxOptions } from '../../../infra/db/index.js';
import type { TenantStamps } from '../../../infra/tenant-stamps.js';
import { findFieldPosition } from './repository.js';

export interface FieldPosition {
  lat: number;
  lon: number;
}

interface Kept {
  position: FieldPosition;
  stamp: string;
  until: number;
}

/**
 * Where a field is (its centroid), kept by this process for the reads that need only that: a
 * field's weather, asked for again and again by every screen and app that shows a field. A kept
 * position answers only while its tenant's stamp (infra/tenant-stamps.ts) is the one it was read
 * under, so any write of the tenant, in any process, makes the next read go to the database; and
 * never longer than `keepMs`, the bound for changes made outside a tenant transaction.
 *
 * Rules that keep it from answering what row-level security would not:
 * - entries are found by tenant and field together, and the tenant is the caller's token's;
 * - a caller narrowed to one farmer's records (role `farmer`) always asks the database, whose
 *   policy decides which fields they see; a kept position serves only callers who see them all;
 * - a position is kept only from a read of the primary (a replica may not have replayed the
 *   write that replaced the stamp), and absence is never kept;
 * - the stamp is checked on every read; when it cannot be told, the database answers.
 */
export class FieldPositions {
  private readonly entries = new Map<string, Kept>();

  constructor(
    readonly keepMs = 15_000,
    private readonly maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  async read(db: Db, stamps: TenantStamps, tenantId: string, fieldId: string, options: TxOptions): Promise<FieldPosition | undefined> {
    if (options.farmerUserId) return readPosition(db, tenantId, fieldId, options);
    let stamp: string;
    try {
      stamp = await stamps.current(tenantId);
    } catch {
      return readPosition(db, tenantId, fieldId, options);
    }
    const key = `${tenantId}\n${fieldId}`;
    const kept = this.entries.get(key);
    if (kept && kept.stamp === stamp && this.now() < kept.until) return kept.position;

    const position = await readPosition(db, tenantId, fieldId, { ...options, primaryOnly: true });
    this.entries.delete(key);
    if (position && this.keepMs > 0) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { position, stamp, until: this.now() + this.keepMs });
    }
    return position;
  }

  get size(): number {
    return this.entries.size;
  }
}

function readPosition(db: Db, tenantId: string, fieldId: string, options: TxOptions): Promise<FieldPosition | undefined> {
  return db.tenant(tenantId, (tx) => findFieldPosition(tx, fieldId), { ...options, readOnly: true, oneStatement: true });
}

/** This process's kept field positions. */
export const fieldPositions = new FieldPositions();
