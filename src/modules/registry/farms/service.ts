import type { Tx } from '../../../infra/db/index.js';
import { moveCropCyclesToFarmer } from '../crop-cycles/repository.js';
import { fieldIdsOfFarm, moveFieldsOfFarm } from '../fields/repository.js';
import { moveSoilTestsToFarmer } from '../soil-tests/repository.js';

/**
 * Fields, crop cycles and soil tests carry their farmer (for the farmer policy and filters), so a
 * farm that changes hands takes them along, in the caller's transaction: the fields first, then
 * the crop cycles and soil tests of the farm's fields.
 */
export async function moveFarmContents(tx: Tx, farmId: string, farmerId: string): Promise<void> {
  await moveFieldsOfFarm(tx, farmId, farmerId);
  const fieldIds = await fieldIdsOfFarm(tx, farmId);
  await moveCropCyclesToFarmer(tx, fieldIds, farmerId);
  await moveSoilTestsToFarmer(tx, fieldIds, farmerId);
}
