import type { SyntheticCatalogField } from '../../integrations/imagery/index.js';
import type { Resources } from '../../infra/resources.js';
import { cropCyclesOfFields, firstFieldBoundaries } from '../registry/index.js';

/**
 * The offline twin's catalog covers every field in the database over the past year, with the
 * fields' own crop cycles: the twin (integrations/imagery/synthetic-source.ts) asks for them
 * before each search and rewrites its catalog when they changed.
 */

/** Beyond this many fields the twin covers the first ones only (it writes every scene's files). */
export const SYNTHETIC_MAX_FIELDS = 500;

/** The fields the offline twin covers, with their crop cycles. */
export async function fieldsWithCrops(resources: Resources): Promise<SyntheticCatalogField[]> {
  return resources.db.platform(async (tx) => {
    const fields = await firstFieldBoundaries(tx, SYNTHETIC_MAX_FIELDS);
    const cycles = await cropCyclesOfFields(
      tx,
      fields.map((f) => f.id),
    );
    return fields.map((field) => ({
      id: field.id,
      boundary: field.boundary,
      crops: cycles
        .filter((c) => c.field_id === field.id)
        .map((c) => ({
          crop: c.crop,
          sowingDate: c.sowing_date,
          ...(c.expected_harvest_date ? { expectedHarvestDate: c.expected_harvest_date } : {}),
        })),
    }));
  });
}
