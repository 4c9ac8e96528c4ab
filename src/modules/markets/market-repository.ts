import type { Tx } from '../../infra/db/index.js';

/**
 * Reads of the markets table (0009, placed by 0010): platform reference data. A market's point is
 * its own (`lat`/`lon`, set only when someone places the mandi) or else its district's from the
 * gazetteer; queries use whichever it has, and say which.
 */

export interface MarketRow {
  id: string;
  name: string;
  state: string;
  district: string;
  lat: number | null;
  lon: number | null;
  source: 'market' | 'district' | null;
  place_state: string | null;
  place_district: string | null;
}

const COLUMNS = `m.id, m.name, m.state, m.district,
  coalesce(m.lat, m.district_lat) AS lat, coalesce(m.lon, m.district_lon) AS lon,
  CASE WHEN m.lat IS NOT NULL THEN 'market' WHEN m.district_lat IS NOT NULL THEN 'district' END AS source,
  m.place_state, m.place_district`;

export interface MarketFilters {
  /** Agmarknet's state spellings. */
  states?: string[];
  ids?: string[];
  /** Markets with a point in this box. */
  within?: { minLat: number; maxLat: number; minLon: number; maxLon: number };
  /** Only markets with a point. */
  placed?: boolean;
}

function whereOf(filters: MarketFilters, params: unknown[]): string[] {
  const where: string[] = [];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (filters.states) add((p) => `m.state = ANY(${p}::text[])`, filters.states);
  if (filters.ids) add((p) => `m.id = ANY(${p}::uuid[])`, filters.ids);
  if (filters.placed || filters.within) where.push('coalesce(m.lat, m.district_lat) IS NOT NULL');
  if (filters.within) {
    const box = filters.within;
    add((p) => `coalesce(m.lat, m.district_lat) >= ${p}`, box.minLat);
    add((p) => `coalesce(m.lat, m.district_lat) <= ${p}`, box.maxLat);
    add((p) => `coalesce(m.lon, m.district_lon) >= ${p}`, box.minLon);
    add((p) => `coalesce(m.lon, m.district_lon) <= ${p}`, box.maxLon);
  }
  return where;
}

/** By state, district and name (ids break ties), one page after the cursor [state, district, name, id]. */
export async function listMarkets(tx: Tx, filters: MarketFilters, page: { after?: [string, string, string, string]; limit: number }): Promise<MarketRow[]> {
  const params: unknown[] = [];
  const where = whereOf(filters, params);
  if (page.after) {
    params.push(...page.after);
    const n = params.length;
    where.push(`(m.state, m.district, m.name, m.id) > ($${n - 3}, $${n - 2}, $${n - 1}, $${n}::uuid)`);
  }
  params.push(page.limit);
  const { rows } = await tx.query<MarketRow>(
    `SELECT ${COLUMNS} FROM markets m ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY m.state, m.district, m.name, m.id LIMIT $${params.length}`,
    params,
  );
  return rows;
}

/** Every market that matches, without paging: for the distance orderings, which sort in code. */
export async function findMarkets(tx: Tx, filters: MarketFilters): Promise<MarketRow[]> {
  const params: unknown[] = [];
  const where = whereOf(filters, params);
  const { rows } = await tx.query<MarketRow>(`SELECT ${COLUMNS} FROM markets m ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, params);
  return rows;
}
