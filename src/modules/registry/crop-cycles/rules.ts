import { AppError } from '../../../errors.js';
import type { Tx } from '../../../infra/db/index.js';
import { addDays, daysBetween, todayInIndia } from '../../../lib/calendar.js';
import { catalogueCode } from '../../../lib/catalogue-code.js';
import { findCrop, listCrops, type Crop } from '../../crops/index.js';
import { otherCropCyclesOfField, type CropCycleRow } from './repository.js';

/**
 * The agronomic rules every crop cycle obeys, on create and on change (docs/api.md, "Crop cycles"):
 * its season is one the crop catalogue lists for its crop (derived when omitted and the catalogue
 * lists one), it is sown at most one season ahead, and it does not overlap another cycle of its
 * field unless the caller says it is an intercrop.
 */

/** About one season: a cycle may be recorded when its sowing is at most this far ahead of today in India. */
export const MAX_DAYS_AHEAD = 180;

type CycleSeason = CropCycleRow['season'];
const CYCLE_SEASONS: readonly CycleSeason[] = ['kharif', 'rabi', 'zaid'];

const refuse = (path: string, message: string, detail: string, extensions?: Record<string, unknown>) =>
  new AppError('validation_failed', detail, { errors: [{ path, message }], ...(extensions ? { extensions } : {}) });

const orList = (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`);

/**
 * The catalogue's crop (case, spaces and hyphens forgiven), or 422 naming accepted codes: first
 * those whose English or Hindi name contains what was sent ("rice" suggests paddy).
 */
export async function catalogueCrop(tx: Tx, crop: string): Promise<Crop> {
  const found = await findCrop(tx, catalogueCode(crop));
  if (found) return found;
  const named = await listCrops(tx, { q: crop.trim() });
  const accepted = [...new Set([...named, ...(await listCrops(tx))].map((c) => c.code))].slice(0, 8);
  throw refuse(
    'body.crop',
    `is not a crop code of the catalogue; accepted codes include ${accepted.join(', ')}`,
    `"${crop}" is not in the crop catalogue (GET /v1/crops); accepted codes include ${accepted.join(', ')}`,
    { acceptedCrops: accepted },
  );
}

/**
 * The season a cycle of `crop` is recorded in. A sent season must be one the catalogue lists for the
 * crop; a perennial crop (sugarcane, copra) may be planted in any. Without one, the catalogue's only
 * season is taken; where it lists several, or the crop is perennial, the caller must say which:
 * the catalogue has no sowing months to choose by.
 */
export function seasonOf(crop: Crop, season: CycleSeason | undefined, blame: 'body.season' | 'body.crop'): CycleSeason {
  const perennial = crop.seasons.includes('perennial');
  const listed = crop.seasons.filter((s): s is CycleSeason => s !== 'perennial');
  if (season === undefined) {
    if (!perennial && listed.length === 1) return listed[0]!;
    const why = perennial
      ? `the crop catalogue records ${crop.code} as perennial`
      : `the crop catalogue lists ${crop.code} for ${orList(listed)}`;
    const choose = perennial ? CYCLE_SEASONS : listed;
    throw refuse(
      'body.season',
      `is required for ${crop.code}: ${why}; send ${orList(choose)}`,
      `season is required for ${crop.code}: ${why}; send which season it is sown in (${orList(choose)})`,
      { acceptedSeasons: choose },
    );
  }
  if (perennial || listed.includes(season)) return season;
  const detail =
    `${crop.code} is a ${orList(listed)} crop in the crop catalogue (GET /v1/crops/${crop.code}), not ${season}; ` +
    `send season ${orList(listed)}`;
  throw refuse(blame, blame === 'body.season' ? `must be ${orList(listed)} for ${crop.code}` : `is not grown in ${season}`, detail, {
    acceptedSeasons: listed,
  });
}

/** A sowing more than about a season ahead is a typo or a plan, not a crop on the field. */
export function checkSowingNotFarAhead(sowingDate: string, today = todayInIndia()): void {
  const latest = addDays(today, MAX_DAYS_AHEAD);
  if (sowingDate <= latest) return;
  throw refuse(
    'body.sowingDate',
    `is more than ${MAX_DAYS_AHEAD} days ahead (the latest accepted is ${latest})`,
    `sowingDate (${sowingDate}) is ${daysBetween(today, sowingDate)} days ahead; a crop cycle may be sown at most ` +
      `${MAX_DAYS_AHEAD} days (one season) after today (${today}), i.e. on or before ${latest}`,
  );
}

export interface CycleSpan {
  crop: string;
  sowingDate: string;
  expectedHarvestDate: string | null;
}

/**
 * The days a cycle holds its field, [from, until) with `until` the first free day: sowing to the
 * expected harvest; without one, sowing plus the catalogue's shortest typical duration (FAO-56,
 * so only a certain overlap is refused); without either, the sowing day alone.
 */
export function spanOf(cycle: CycleSpan, crop: Crop | null | undefined) {
  if (cycle.expectedHarvestDate) return { until: cycle.expectedHarvestDate, untilIs: 'expectedHarvestDate' as const };
  if (crop?.typicalDurationDays)
    return { until: addDays(cycle.sowingDate, crop.typicalDurationDays.min), untilIs: 'catalogueDuration' as const };
  return { until: addDays(cycle.sowingDate, 1), untilIs: 'sowingDay' as const };
}

/**
 * Refuses a cycle that overlaps another of its field, unless `intercrop` says both crops stand in the
 * field together. A transaction-scoped lock on the field makes two concurrent writes take turns, so
 * neither misses the other.
 */
export async function checkNoOverlap(
  tx: Tx,
  fieldId: string,
  selfId: string,
  cycle: CycleSpan,
  intercrop: boolean | undefined,
): Promise<void> {
  if (intercrop) return;
  // Two tenants' fields may share an id (ids are unique per tenant); they then merely take turns.
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`crop-cycles:${fieldId}`]);
  const others = await otherCropCyclesOfField(tx, fieldId, selfId);
  if (others.length === 0) return;
  const crops = new Map((await listCrops(tx)).map((c) => [c.code, c]));
  const mine = spanOf(cycle, crops.get(cycle.crop));
  const clashes = others.flatMap((other) => {
    const theirs = spanOf(
      { crop: other.crop, sowingDate: other.sowing_date, expectedHarvestDate: other.expected_harvest_date },
      crops.get(other.crop),
    );
    const overlaps = cycle.sowingDate < theirs.until && other.sowing_date < mine.until;
    return overlaps ? [{ id: other.id, crop: other.crop, sowingDate: other.sowing_date, ...theirs }] : [];
  });
  if (clashes.length === 0) return;
  const first = clashes[0]!;
  const untilWhy = {
    expectedHarvestDate: 'its expected harvest',
    catalogueDuration: "sowing plus the catalogue's shortest duration",
    sowingDay: 'its sowing day; the catalogue has no duration',
  }[first.untilIs];
  throw refuse(
    'body.sowingDate',
    `overlaps crop cycle ${first.id} (${first.crop}) on this field; send intercrop: true if both crops stand together`,
    `This crop cycle (${cycle.crop}, ${cycle.sowingDate} until ${mine.until}) overlaps crop cycle ${first.id} of the same field ` +
      `(${first.crop}, sown ${first.sowingDate}, holding the field until ${first.until}: ${untilWhy}). ` +
      'Correct the dates (an expectedHarvestDate shortens a cycle), or send intercrop: true when both crops stand in the field together',
    { overlapping: clashes },
  );
}
