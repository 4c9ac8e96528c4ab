import { AppError } from '../../errors.js';
import type { Db, Tx } from '../../infra/db/index.js';
import { findCrop, listCrops } from '../crops/index.js';
import { listMspCrops, listMspPrices, type MspCrop, type MspPrice, type MspSeason } from './msp-repository.js';

/**
 * The rules of an MSP query: crop, variety and year must be ones the data can have, so that a typo
 * answers a 422 that names the accepted values instead of an empty list that looks like "no MSP".
 */

export interface MspQuery {
  crop?: string;
  season?: MspSeason;
  /** `2025-26`, or a calendar year like `2025` for copra. */
  year?: string;
  variety?: string;
}

export interface MspItem extends MspPrice {
  cropName: { en: string; hi: string };
}

const invalid = (parameter: string, message: string, extensions: Record<string, unknown> = {}) =>
  new AppError('validation_failed', message, { errors: [{ path: `query.${parameter}`, message }], extensions });

type YearForm = 'marketing' | 'calendar';
const formOf = (season: MspSeason): YearForm => (season === 'calendar_year' ? 'calendar' : 'marketing');
const EXAMPLE: Record<YearForm, string> = { marketing: 'a marketing year like 2025-26', calendar: 'a calendar year like 2025' };

/** `2025-26` (the second year follows the first) or `2025`; anything else is a 422 saying so. */
export function yearForm(year: string): YearForm {
  if (/^(19|20)\d{2}$/.test(year)) return 'calendar';
  const match = /^((?:19|20)\d{2})-(\d{2})$/.exec(year);
  if (!match) {
    throw invalid(
      'year',
      `year must look like 2025-26 (a kharif, rabi or jute marketing year) or, for copra, 2025 (a calendar year); got ${JSON.stringify(year)}`,
    );
  }
  const expected = `${match[1]}-${String((Number(match[1]) + 1) % 100).padStart(2, '0')}`;
  if (year !== expected) throw invalid('year', `year ${year} is not a marketing year: the one that starts in ${match[1]} is ${expected}`);
  return 'marketing';
}

async function checkCrop(tx: Tx, code: string, crops: MspCrop[]): Promise<MspCrop> {
  const found = crops.find((c) => c.crop === code);
  if (found) return found;
  const accepted = crops.map((c) => c.crop);
  const what = (await findCrop(tx, code)) ? `${code} has no Minimum Support Price` : `Unknown crop ${JSON.stringify(code)}`;
  throw invalid('crop', `${what}; the accepted crop codes are ${accepted.join(', ')}`, { acceptedCrops: accepted });
}

function checkYear(query: MspQuery, crop: MspCrop | undefined) {
  if (query.year === undefined) return;
  const form = yearForm(query.year);
  if (query.season && formOf(query.season) !== form) {
    throw invalid('year', `season ${query.season} counts years as ${EXAMPLE[formOf(query.season)]}, not ${query.year}`);
  }
  // The data gives each crop one season, so one way of counting years.
  const cropForm = crop && formOf(crop.seasons[0]!);
  if (cropForm && cropForm !== form) {
    throw invalid('year', `${crop.crop}'s MSP is fixed per ${cropForm} year: give ${EXAMPLE[cropForm]}, not ${query.year}`);
  }
}

function checkVariety(variety: string, crop: MspCrop | undefined, crops: MspCrop[]) {
  const accepted = crop ? crop.varieties : [...new Set(crops.flatMap((c) => c.varieties))].sort();
  if (accepted.includes(variety)) return;
  const message = !crop
    ? `Unknown variety ${JSON.stringify(variety)}; the varieties are ${accepted.join(', ')}`
    : accepted.length === 0
      ? `${crop.crop} has one MSP a year, without varieties: leave out variety`
      : `${crop.crop} has no variety ${JSON.stringify(variety)}; its varieties are ${accepted.join(', ')}`;
  throw invalid('variety', message, { acceptedVarieties: accepted });
}

/** The MSPs that match the query, with the crop's names; newest year first within each crop. */
export async function findMspPrices(db: Db, query: MspQuery): Promise<MspItem[]> {
  if (query.year !== undefined) yearForm(query.year); // a malformed year needs no database to say so
  return db.platform(
    async (tx) => {
      const crops = await listMspCrops(tx);
      const crop = query.crop === undefined ? undefined : await checkCrop(tx, query.crop, crops);
      checkYear(query, crop);
      if (query.variety !== undefined) checkVariety(query.variety, crop, crops);

      const prices = await listMspPrices(tx, { crop: query.crop, season: query.season, marketingYear: query.year, variety: query.variety });
      const names = new Map((await listCrops(tx)).map((c) => [c.code, { en: c.nameEn, hi: c.nameHi }]));
      return prices.map((price) => ({ ...price, cropName: names.get(price.crop)! }));
    },
    { readOnly: true },
  );
}
