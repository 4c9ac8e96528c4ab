import type { Tx } from '../../infra/db/index.js';
import { findCrop } from '../crops/index.js';
import { cropCycleOn } from '../registry/index.js';
import type { AdvisoryCycle } from './compute.js';

/**
 * The crop standing on a field on a day (the registry's cropCycleOn: the latest sowing on or before
 * it whose harvest is not yet past, else the next one to come), named from the crop catalogue; a
 * crop the catalogue lacks is named by its code, with why it was chosen. Null when the field has none.
 */
export async function currentCropCycle(tx: Tx, fieldId: string, today: string): Promise<AdvisoryCycle | null> {
  const row = await cropCycleOn(tx, fieldId, today);
  if (!row) return null;
  const crop = await findCrop(tx, row.crop);
  return {
    id: row.id,
    crop: row.crop,
    cropNameEn: crop?.nameEn ?? row.crop,
    cropNameHi: crop?.nameHi ?? row.crop,
    sowingDate: row.sowing_date,
    expectedHarvestDate: row.expected_harvest_date,
    selectedBecause: row.sowing_date <= today ? 'standing' : 'next-sowing',
    standingCycles: row.standing_cycles,
  };
}
