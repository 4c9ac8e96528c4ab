import type { Tx } from '../../infra/db/index.js';

/**
 * Owns `msp_prices` and `msp_sources`: Minimum Support Prices, platform reference data (loaded by
 * migration from reference/msp.csv), the same for every tenant and readable by both roles.
 */

/** Kharif and rabi marketing seasons, copra's calendar-year season and raw jute's season. */
export const MSP_SEASONS = ['kharif', 'rabi', 'calendar_year', 'jute_season'] as const;
export type MspSeason = (typeof MSP_SEASONS)[number];

export interface MspSource {
  key: string;
  /** The announcement or table. */
  what: string;
  /** Where it was read. */
  where: string;
  /** What this price takes from the source ("2014-15 column"), when the data says. */
  detail: string | null;
}

export interface MspPrice {
  crop: string;
  /** Null for a crop with one MSP a year; else the variety or grade (`common`, `grade_a`, `milling` …). */
  variety: string | null;
  season: MspSeason;
  /** `2025-26`; for copra (season `calendar_year`) `2025`. */
  marketingYear: string;
  mspInrPerQuintal: number;
  verification: 'verified' | 'verified-secondary' | 'derived';
  note: string | null;
  /** In the order the data cites them. */
  sources: MspSource[];
}

export interface MspFilters {
  crop?: string;
  season?: MspSeason;
  marketingYear?: string;
  variety?: string;
}

/** What the data holds for one crop: what a query about it may ask for. */
export interface MspCrop {
  crop: string;
  seasons: MspSeason[];
  varieties: string[];
}

interface PriceRow {
  crop: string;
  variety: string | null;
  season: MspSeason;
  marketing_year: string;
  msp_inr_per_quintal: number;
  verification: MspPrice['verification'];
  note: string | null;
  sources: MspSource[];
}

export async function listMspPrices(tx: Tx, filters: MspFilters = {}): Promise<MspPrice[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const filter = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    where.push(`p.${column} = $${params.length}`);
  };
  filter('crop', filters.crop);
  filter('season', filters.season);
  filter('marketing_year', filters.marketingYear);
  filter('variety', filters.variety);
  // Newest year first within a crop: the price a farmer asks about is usually the current one.
  const { rows } = await tx.query<PriceRow>(
    `SELECT p.crop, p.variety, p.season, p.marketing_year, p.msp_inr_per_quintal, p.verification, p.note,
       (SELECT jsonb_agg(jsonb_build_object('key', s.key, 'what', s.what, 'where', s."where", 'detail', c.detail) ORDER BY c.n)
          FROM unnest(p.source_keys, p.source_details) WITH ORDINALITY AS c (key, detail, n)
          JOIN msp_sources s ON s.key = c.key) AS sources
     FROM msp_prices p
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY p.crop, p.marketing_year DESC, p.variety NULLS FIRST`,
    params,
  );
  return rows.map((row) => ({
    crop: row.crop,
    variety: row.variety,
    season: row.season,
    marketingYear: row.marketing_year,
    mspInrPerQuintal: row.msp_inr_per_quintal,
    verification: row.verification,
    note: row.note,
    sources: row.sources.map(({ key, what, where, detail }) => ({ key, what, where, detail })),
  }));
}

/** Every crop with an MSP, with its seasons and varieties, in code order. */
export async function listMspCrops(tx: Tx): Promise<MspCrop[]> {
  const { rows } = await tx.query<MspCrop>(
    `SELECT crop,
       array_agg(DISTINCT season ORDER BY season) AS seasons,
       coalesce(array_agg(DISTINCT variety ORDER BY variety) FILTER (WHERE variety IS NOT NULL), '{}') AS varieties
     FROM msp_prices GROUP BY crop ORDER BY crop`,
  );
  return rows;
}

export interface LowestMsp {
  crop: string;
  variety: string | null;
  season: MspSeason;
  marketing_year: string;
  msp_inr_per_quintal: number;
}

/** For each of the crops and each marketing year, its lowest MSP (the variety without a name first on a tie). */
export async function listLowestMsps(tx: Tx, crops: string[]): Promise<LowestMsp[]> {
  const { rows } = await tx.query<LowestMsp>(
    `SELECT DISTINCT ON (crop, marketing_year) crop, variety, season, marketing_year, msp_inr_per_quintal
     FROM msp_prices WHERE crop = ANY($1::text[])
     ORDER BY crop, marketing_year, msp_inr_per_quintal, variety NULLS FIRST`,
    [crops],
  );
  return rows;
}

/** The season a crop's MSP is fixed for (the data gives each crop one), or undefined when it has none. */
export async function mspSeasonOf(tx: Tx, crop: string): Promise<MspSeason | undefined> {
  const { rows } = await tx.query<{ season: MspSeason }>('SELECT season FROM msp_prices WHERE crop = $1 LIMIT 1', [crop]);
  return rows[0]?.season;
}
