import type { Crypto } from '../../infra/crypto.js';
import type { Tx } from '../../infra/db/index.js';
import { presentFarmer } from '../farmers/present.js';
import type { FarmerRow } from '../farmers/repository.js';

/**
 * How each registry entity appears in a sync batch: exactly as its own GET endpoint shows it,
 * so a client stores one shape. A module adds its entity here with a loader of its current rows.
 */
export type SyncLoader = (tx: Tx, ids: string[], crypto: Crypto) => Promise<Map<string, unknown>>;

const byId = async <R extends { id: string }>(tx: Tx, table: string, ids: string[], present: (row: R) => unknown | Promise<unknown>) => {
  const { rows } = await tx.query<R>(`SELECT * FROM ${table} WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(await Promise.all(rows.map(async (row) => [row.id, await present(row)] as const)));
};

/** Until a module registers its own presenter, its rows travel with their columns in camelCase. */
const camel = (row: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(row)
      .filter(([name]) => name !== 'tenant_id')
      .map(([name, value]) => [name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), value instanceof Date ? value.toISOString() : value]),
  );

export const syncLoaders: Record<string, SyncLoader> = {
  farmers: (tx, ids, crypto) => byId<FarmerRow>(tx, 'farmers', ids, (row) => presentFarmer(crypto, row)),
  farms: (tx, ids) => byId(tx, 'farms', ids, camel),
  fields: (tx, ids) => byId(tx, 'fields', ids, camel),
  crop_cycles: (tx, ids) => byId(tx, 'crop_cycles', ids, camel),
  soil_tests: (tx, ids) => byId(tx, 'soil_tests', ids, camel),
};
