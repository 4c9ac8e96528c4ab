import type { Crypto } from '../../../infra/crypto.js';
import { presentPersonalData, type Revealable } from './personal-data.js';
import type { GENDERS, LAND_OWNERSHIPS } from './profile.js';
import type { FarmerRow } from './repository.js';
import type { FarmerCategory } from './schemas.js';

/** A farmer as the API shows it: personal data masked unless revealed. */
export async function presentFarmer(crypto: Crypto, row: FarmerRow, reveal: Revealable[] = []) {
  return {
    id: row.id,
    name: row.name,
    village: row.village,
    district: row.district,
    state: row.state,
    landHoldingHa: row.land_holding_ha === null ? null : Number(row.land_holding_ha),
    category: row.category as FarmerCategory | null,
    socialCategory: row.social_category,
    ifsc: row.ifsc,
    userId: row.user_id,
    language: row.language,
    dateOfBirth: row.birth_date,
    gender: row.gender as (typeof GENDERS)[number] | null,
    landOwnership: row.land_ownership as (typeof LAND_OWNERSHIPS)[number] | null,
    declarations: row.declarations ?? {},
    ...(await presentPersonalData(crypto, row, reveal)),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
