import type { Tx } from '../../infra/db/index.js';
import { listLowestMsps, type MspSeason } from './msp-repository.js';

/**
 * Which Minimum Support Price applies to a market price of a given day: the one of the commodity's
 * MSP crop for the marketing year that contains the day, by the conventions of reference/README.md:
 *
 * - kharif marketing season (KMS) "Y-(Y+1)": crops sown in kharif Y, marketed from 1 October Y to
 *   30 September Y+1;
 * - rabi marketing season (RMS) "Y-(Y+1)": crops sown in rabi (Y-1)-Y, marketed from 1 April Y to
 *   31 March Y+1;
 * - raw jute "Y-(Y+1)": the jute year, 1 July Y to 30 June Y+1 (the Jute Corporation of India buys at
 *   the MSP of "crop year 2025-26 (July 2025-June 2026)": The Telegraph, 14 May 2025; "the rates for
 *   the crop year are applicable from July 1": Deccan Herald, 11 Oct 2023);
 * - copra: the calendar year.
 *
 * A crop with several MSPs a year (paddy common and grade A, cotton medium and long staple, copra
 * milling and ball, jowar hybrid and maldandi) is compared with the lowest, its base variety:
 * Agmarknet's variety names do not say which MSP variety a lot is, and a price below the lowest MSP
 * is below every MSP of the crop. No MSP for that year in the data → none (never the year before).
 */

export interface AppliedMsp {
  crop: string;
  variety: string | null;
  season: MspSeason;
  marketingYear: string;
  mspInrPerQuintal: number;
}

/** Month (1-12) on which each season's marketing year begins. */
const SEASON_START_MONTH: Record<MspSeason, number> = { kharif: 10, rabi: 4, jute_season: 7, calendar_year: 1 };

/** The marketing year of `season` that contains `date` (YYYY-MM-DD): `2025-26`, or `2025` for copra. */
export function marketingYearOf(season: MspSeason, date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (season === 'calendar_year') return String(year);
  const first = month >= SEASON_START_MONTH[season] ? year : year - 1;
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}

/** The lowest MSP of each crop and marketing year, for the given crops. */
export type MspTable = Map<string, AppliedMsp>;

const tableKey = (crop: string, marketingYear: string) => `${crop}\u0000${marketingYear}`;

export async function loadMspTable(tx: Tx, crops: string[]): Promise<MspTable> {
  const table: MspTable = new Map();
  if (crops.length === 0) return table;
  for (const row of await listLowestMsps(tx, crops)) {
    table.set(tableKey(row.crop, row.marketing_year), {
      crop: row.crop,
      variety: row.variety,
      season: row.season,
      marketingYear: row.marketing_year,
      mspInrPerQuintal: row.msp_inr_per_quintal,
    });
  }
  return table;
}

/** The MSP that applies to a price of `crop` on `date`, or null. */
export function mspOn(table: MspTable, crop: string, date: string): AppliedMsp | null {
  for (const season of Object.keys(SEASON_START_MONTH) as MspSeason[]) {
    const found = table.get(tableKey(crop, marketingYearOf(season, date)));
    if (found && found.season === season) return found;
  }
  return null;
}
