import type { Tx } from '../../../infra/db/index.js';
import { DECLARATIONS, type DeclarationName } from './profile.js';
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
}

function profileOf(row: FarmerRow): FarmerEligibilityProfile {
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
  };
}

export async function farmerEligibilityProfile(tx: Tx, id: string): Promise<FarmerEligibilityProfile | undefined> {
  const row = await findFarmer(tx, id);
  return row && profileOf(row);
}

/** Every farmer visible to the caller, by name then id (after a [name, id] key), a page of `pageSize` rows at a time. */
export async function* farmerEligibilityProfiles(
  tx: Tx,
  from?: [string, string],
  pageSize = 1000,
): AsyncGenerator<FarmerEligibilityProfile> {
  let after = from;
  for (;;) {
    const rows = await listFarmers(tx, { after, limit: pageSize });
    for (const row of rows) yield profileOf(row);
    if (rows.length < pageSize) return;
    const last = rows.at(-1)!;
    after = [last.name, last.id];
  }
}
