import type { Tx } from '../../infra/db/index.js';
import type { AdvisoryCycle } from './compute.js';

/**
 * The crop standing on a field on a day: the latest sowing on or before it whose expected harvest
 * (when recorded) is not yet past. With none, the latest sowing still to come, so a field sown next
 * week gets weather advice with its crop named; null when the field has neither.
 */
export async function currentCropCycle(tx: Tx, fieldId: string, today: string): Promise<AdvisoryCycle | null> {
  const { rows } = await tx.query<{
    id: string;
    crop: string;
    name_en: string | null;
    name_hi: string | null;
    sowing_date: string;
    expected_harvest_date: string | null;
  }>(
    `SELECT c.id, c.crop, k.name_en, k.name_hi, c.sowing_date::text AS sowing_date,
            c.expected_harvest_date::text AS expected_harvest_date
       FROM crop_cycles c LEFT JOIN crops k ON k.code = c.crop
      WHERE c.field_id = $1
        AND (c.expected_harvest_date IS NULL OR c.expected_harvest_date >= $2::date)
        -- Without a harvest date, a cycle older than the longest crop (sugarcane, 480 days) is over.
        AND c.sowing_date > $2::date - 550
      ORDER BY (c.sowing_date <= $2::date) DESC,
               CASE WHEN c.sowing_date <= $2::date THEN c.sowing_date END DESC,
               c.sowing_date ASC
      LIMIT 1`,
    [fieldId, today],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    crop: row.crop,
    cropNameEn: row.name_en ?? row.crop,
    cropNameHi: row.name_hi ?? row.crop,
    sowingDate: row.sowing_date,
    expectedHarvestDate: row.expected_harvest_date,
  };
}
