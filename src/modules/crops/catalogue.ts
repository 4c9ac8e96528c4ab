import type { Tx } from '../../infra/db/index.js';
import { escapeLike } from '../../infra/db/like.js';

/**
 * The crop catalogue: platform reference data (table `crops`, loaded by migration from
 * reference/crops.csv), the same for every tenant. Other modules read it through these functions, in
 * any transaction: `db.platform(...)` or `db.tenant(...)` alike, since both roles may read it.
 */

export const SEASONS = ['kharif', 'rabi', 'zaid', 'perennial'] as const;
export type Season = (typeof SEASONS)[number];

export interface Crop {
  /** Lowercase snake_case; equal to the MSP crop code where the crop has a Minimum Support Price. */
  code: string;
  nameEn: string;
  /** The common name in Devanagari. */
  nameHi: string;
  seasons: Season[];
  /** Total growing period from FAO-56 Table 11; null where the table has no row that fits India. */
  typicalDurationDays: { min: number; max: number } | null;
  /** The crop's code in the MSP data, or null when it has no MSP. */
  mspCrop: string | null;
  /** Where the seasons and durations come from (keys explained in reference/README.md). */
  source: string;
}

export interface CropFilters {
  season?: Season;
  /** Part of the English or Hindi name, matched case-insensitively. */
  q?: string;
}

interface CropRow {
  code: string;
  name_en: string;
  name_hi: string;
  seasons: string[];
  duration_min_days: number | null;
  duration_max_days: number | null;
  msp_crop: string | null;
  source: string;
}

const toCrop = (row: CropRow): Crop => ({
  code: row.code,
  nameEn: row.name_en,
  nameHi: row.name_hi,
  seasons: row.seasons as Season[],
  typicalDurationDays:
    row.duration_min_days === null || row.duration_max_days === null ? null : { min: row.duration_min_days, max: row.duration_max_days },
  mspCrop: row.msp_crop,
  source: row.source,
});

const COLUMNS = 'code, name_en, name_hi, seasons, duration_min_days, duration_max_days, msp_crop, source';

/**
 * Hindi is written with either candrabindu or anusvara for the same nasal (गेहूँ, गेहूं): both are
 * folded to anusvara, after NFC normalisation, on both sides of the comparison.
 */
const CANDRABINDU = '\u0901';
const ANUSVARA = '\u0902';
const foldHindi = (text: string) => text.normalize('NFC').replaceAll(CANDRABINDU, ANUSVARA);
/** LIKE treats % and _ as wildcards; a search for them means the characters themselves. */
const likePattern = (text: string) => `%${escapeLike(text)}%`;

export async function findCrop(tx: Tx, code: string): Promise<Crop | null> {
  const { rows } = await tx.query<CropRow>(`SELECT ${COLUMNS} FROM crops WHERE code = $1`, [code]);
  return rows[0] ? toCrop(rows[0]) : null;
}

export async function listCrops(tx: Tx, filters: CropFilters = {}): Promise<Crop[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filters.season) {
    params.push(filters.season);
    where.push(`$${params.length} = ANY (seasons)`);
  }
  const q = filters.q?.trim();
  if (q) {
    params.push(likePattern(foldHindi(q)));
    const p = `$${params.length}`;
    where.push(`(name_en ILIKE ${p} OR translate(name_hi, '${CANDRABINDU}', '${ANUSVARA}') ILIKE ${p})`);
  }
  const { rows } = await tx.query<CropRow>(
    `SELECT ${COLUMNS} FROM crops${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY code`,
    params,
  );
  return rows.map(toCrop);
}
