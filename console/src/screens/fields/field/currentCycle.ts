import { localDay } from './dates';
import type { CropCycle } from './types';

/**
 * The crop standing on the field today: sown on or before today and not past its expected harvest,
 * the latest sown when several stand (the rule the advisories use too, src/modules/advisories).
 */
export function currentCycle(cycles: CropCycle[]): CropCycle | undefined {
  const today = localDay();
  return cycles
    .filter((c) => c.sowingDate <= today && (c.expectedHarvestDate === null || c.expectedHarvestDate >= today))
    .sort((a, b) => b.sowingDate.localeCompare(a.sowingDate))[0];
}
