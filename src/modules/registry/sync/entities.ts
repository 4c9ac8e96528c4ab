import type { Crypto } from '../../../infra/crypto.js';
import type { Tx } from '../../../infra/db/index.js';
import { cropCyclesByIds, presentCropCycle } from '../crop-cycles/repository.js';
import { presentFarmer } from '../farmers/present.js';
import { farmersByIds } from '../farmers/repository.js';
import { farmsByIds, presentFarm } from '../farms/repository.js';
import { fieldsByIds, presentField } from '../fields/repository.js';
import { presentSoilTest, soilTestsByIds } from '../soil-tests/repository.js';

/**
 * How each registry entity appears in a sync batch: exactly as its own GET endpoint shows it,
 * so a client stores one shape. A new registry entity adds its loader here.
 */
export type SyncLoader = (tx: Tx, ids: string[], crypto: Crypto) => Promise<Map<string, unknown>>;

const loader =
  <R extends { id: string }>(load: (tx: Tx, ids: string[]) => Promise<R[]>, present: (row: R) => unknown): SyncLoader =>
  async (tx, ids) =>
    new Map((await load(tx, ids)).map((row) => [row.id, present(row)]));

export const syncLoaders: Record<string, SyncLoader> = {
  farmers: async (tx, ids, crypto) => {
    const rows = await farmersByIds(tx, ids);
    return new Map(await Promise.all(rows.map(async (row) => [row.id, await presentFarmer(crypto, row)] as const)));
  },
  farms: loader(farmsByIds, presentFarm),
  fields: loader(fieldsByIds, presentField),
  crop_cycles: loader(cropCyclesByIds, presentCropCycle),
  soil_tests: loader(soilTestsByIds, presentSoilTest),
};
