import type { Tx } from '../../../infra/db/index.js';
import { DECLARATIONS, type DeclarationName } from './profile.js';
import { cropsOfFarmers } from '../crop-cycles/repository.js';
import { fieldAreaOfFarmers } from '../fields/repository.js';
import { findFarmer, listFarmers, type FarmerRow } from './repository.js';

/** What scheme rules read of a farmer: the profile, the declarations as plain values. */
export interface FarmerEligibilityProfile {
  id: string;
  name: string;
  state: string | null;
  landHoldingHa: number | null;
  landOwnership: string | null;
  socialCategory: string | null;
  gender: string | null;
  /** YYYY-MM-DD */
  dateOfBirth: string | null;
  declarations: Partial<Record<DeclarationName, boolean>>;
  /** The total area of the farmer's fields; null without fields. */
  fieldAreaHa: number | null;
  /** Crop codes sown in the year up to the day asked; null without any. */
  crops: string[] | null;
}

function profileOf(row: FarmerRow, areas: Map<string, number>, crops: Map<string, string[]>): FarmerEligibilityProfile {
  const declarations: Partial<Record<DeclarationName, boolean>> = {};
  for (const name of DECLARATIONS) {
    const made = row.declarations?.[name];
    if (made) declarations[name] = made.value;
  }
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    landHoldingHa: row.land_holding_ha === null ? null : Number(row.land_holding_ha),
    landOwnership: row.land_ownership,
    socialCategory: row.social_category,
    gender: row.gender,
    dateOfBirth: row.birth_date,
    declarations,
    fieldAreaHa: areas.get(row.id) ?? null,
    crops: crops.get(row.id) ?? null,
  };
}

/** The profiles of these rows, with their fields' area and crops (two queries for the lot). */
async function profilesOf(tx: Tx, rows: FarmerRow[], day: string): Promise<FarmerEligibilityProfile[]> {
  const ids = rows.map((row) => row.id);
  const [areas, crops] = await Promise.all([fieldAreaOfFarmers(tx, ids), cropsOfFarmers(tx, ids, day)]);
  return rows.map((row) => profileOf(row, areas, crops));
}

/** A farmer's profile as on `day` (YYYY-MM-DD), which bounds the crops sown. */
export async function farmerEligibilityProfile(tx: Tx, id: string, day: string): Promise<FarmerEligibilityProfile | undefined> {
  const row = await findFarmer(tx, id);
  return row && (await profilesOf(tx, [row], day))[0];
}

/** Every farmer visible to the caller, by name then id (after a [name, id] key), a page of `pageSize` rows at a time. */
export async function* farmerEligibilityProfiles(
  tx: Tx,
  day: string,
  from?: [string, string],
  pageSize = 1000,
): AsyncGenerator<FarmerEligibilityProfile> {
  let after = from;
  for (;;) {
    const rows = await listFarmers(tx, { after, limit: pageSize });
    yield* await profilesOf(tx, rows, day);
    if (rows.length < pageSize) return;
    const last = rows.at(-1)!;
    after = [last.name, last.id];
  }
}
