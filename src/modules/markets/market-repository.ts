import type { Tx } from '../../infra/db/index.js';

/**
 * Owns `markets` (0009, placed by 0010): platform reference data, written by the price ingestion
 * only. A market's point is its own (`lat`/`lon`, set only when someone places the mandi) or else
 * its district's from the gazetteer; queries use whichever it has, and say which.
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
export async function listMarkets(
  tx: Tx,
  filters: MarketFilters,
  page: { after?: [string, string, string, string]; limit: number },
): Promise<MarketRow[]> {
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
  const { rows } = await tx.query<MarketRow>(
    `SELECT ${COLUMNS} FROM markets m ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    params,
  );
  return rows;
}

export async function marketExists(tx: Tx, id: string): Promise<boolean> {
  const { rows } = await tx.query('SELECT 1 FROM markets WHERE id = $1', [id]);
  return rows.length > 0;
}

/** Agmarknet's spellings of the state named (case ignored, as Agmarknet or the gazetteer writes it). */
export async function statesNamed(tx: Tx, name: string): Promise<string[]> {
  const { rows } = await tx.query<{ state: string }>(
    `SELECT DISTINCT state FROM markets WHERE lower(state) = lower($1) OR lower(place_state) = lower($1) ORDER BY state`,
    [name],
  );
  return rows.map((r) => r.state);
}

/** Every state with a market, as Agmarknet spells it. */
export async function listMarketStates(tx: Tx): Promise<string[]> {
  const { rows } = await tx.query<{ state: string }>('SELECT DISTINCT state FROM markets ORDER BY state');
  return rows.map((r) => r.state);
}

/**
 * The ids of the markets in the district (Agmarknet's or the gazetteer's name) and/or with the name
 * given, case ignored, within the states when given; at least one of district and market is needed.
 */
export async function findMarketIdsNamed(tx: Tx, names: { district?: string; market?: string; states?: string[] }): Promise<string[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (names.district !== undefined) {
    params.push(names.district);
    where.push(`(lower(district) = lower($${params.length}) OR lower(place_district) = lower($${params.length}))`);
  }
  if (names.market !== undefined) {
    params.push(names.market);
    where.push(`lower(name) = lower($${params.length})`);
  }
  if (names.states) {
    params.push(names.states);
    where.push(`state = ANY($${params.length}::text[])`);
  }
  const { rows } = await tx.query<{ id: string }>(`SELECT id FROM markets WHERE ${where.join(' AND ')} ORDER BY id`, params);
  return rows.map((r) => r.id);
}

/** Markets not yet put at their district's point. */
export async function listUnplacedMarkets(tx: Tx): Promise<{ id: string; state: string; district: string }[]> {
  const { rows } = await tx.query<{ id: string; state: string; district: string }>(
    'SELECT id, state, district FROM markets WHERE place_district IS NULL',
  );
  return rows;
}

/** Puts markets at their district's point (the gazetteer's names and position); those placed meanwhile stay. */
export async function placeAtDistricts(
  tx: Tx,
  placed: { id: string; state: string; district: string; lat: number; lon: number }[],
): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE markets m SET place_state = p.state, place_district = p.district, district_lat = p.lat, district_lon = p.lon,
       updated_at = now(), version = m.version + 1
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::float8[]) AS p (id, state, district, lat, lon)
     WHERE m.id = p.id AND m.place_district IS NULL`,
    [
      placed.map((p) => p.id),
      placed.map((p) => p.state),
      placed.map((p) => p.district),
      placed.map((p) => p.lat),
      placed.map((p) => p.lon),
    ],
  );
  return rowCount;
}

export const marketKey = (state: string, district: string, name: string) => `${state}\u0000${district}\u0000${name}`;

/** The ids of the markets, adding those not yet known. Keys are `state\0district\0name`. */
export async function upsertMarkets(
  tx: Tx,
  markets: { id: string; state: string; district: string; name: string }[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (markets.length === 0) return ids;
  await tx.query(
    `INSERT INTO markets (id, state, district, name)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (state, district, name) DO NOTHING`,
    [markets.map((m) => m.id), markets.map((m) => m.state), markets.map((m) => m.district), markets.map((m) => m.name)],
  );
  const { rows } = await tx.query<{ id: string; state: string; district: string; name: string }>(
    `SELECT m.id, m.state, m.district, m.name FROM markets m
     JOIN unnest($1::text[], $2::text[], $3::text[]) AS k (state, district, name) USING (state, district, name)`,
    [markets.map((m) => m.state), markets.map((m) => m.district), markets.map((m) => m.name)],
  );
  for (const row of rows) ids.set(marketKey(row.state, row.district, row.name), row.id);
  return ids;
}
