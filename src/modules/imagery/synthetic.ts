import type { LonLatBox, SyntheticCatalogField } from '../../integrations/imagery/index.js';
import type { Resources } from '../../infra/resources.js';
import { cropCyclesOfFields, fieldBoundariesInBox } from '../registry/index.js';

/**
 * The offline twin draws the fields of the database with their own crop cycles: at each search it
 * asks for those near the place searched (integrations/imagery/synthetic-source.ts), so a new or
 * changed field shows in the scenes made after it, and only the windows that draw it are made again.
 */

/** The most fields drawn around one place; a denser place draws these (by id) and leaves the rest as farmland. */
export const SYNTHETIC_MAX_FIELDS_NEAR = 5000;

/** The fields whose bounding box meets the box, with their crop cycles. */
export async function fieldsWithCrops(resources: Resources, box: LonLatBox): Promise<SyntheticCatalogField[]> {
  return resources.db.platform(async (tx) => {
    const fields = await fieldBoundariesInBox(tx, box, SYNTHETIC_MAX_FIELDS_NEAR);
    const cycles = await cropCyclesOfFields(tx, fields);
    // Ids are unique per tenant, so two tenants' fields may share one: the twin names each by both.
    const twinId = (tenantId: string, fieldId: string) => `${tenantId}/${fieldId}`;
    const byField = new Map<string, { crop: string; sowingDate: string; expectedHarvestDate?: string }[]>();
    for (const c of cycles) {
      const planting = {
        crop: c.crop,
        sowingDate: c.sowing_date,
        ...(c.expected_harvest_date ? { expectedHarvestDate: c.expected_harvest_date } : {}),
      };
      const key = twinId(c.tenant_id, c.field_id);
      const list = byField.get(key);
      if (list) list.push(planting);
      else byField.set(key, [planting]);
    }
    return fields.map((field) => {
      const id = twinId(field.tenantId, field.id);
      return { id, boundary: field.boundary, crops: byField.get(id) ?? [] };
    });
  });
}
