import type { Tx } from '../../infra/db/index.js';

/**
 * Owns `commodities` and `agmarknet_commodity_names` (migration 0009): the commodity catalogue and
 * how Agmarknet spells each commodity. Platform reference data, loaded by migration, read by both roles.
 */

export interface CatalogueCommodity {
  code: string;
  name_en: string;
  name_hi: string | null;
  crop: string | null;
  msp_crop: string | null;
  /** Its Agmarknet names, sorted. */
  names: string[];
}

/**
 * The catalogue in code order, each commodity with its Agmarknet names: what GET /v1/commodities
 * shows and what a commodity a caller names is matched against.
 */
export async function listCommodityCatalogue(tx: Tx): Promise<CatalogueCommodity[]> {
  const { rows } = await tx.query<CatalogueCommodity>(
    `SELECT c.code, c.name_en, c.name_hi, c.crop, c.msp_crop,
       coalesce(array_agg(a.name ORDER BY a.name) FILTER (WHERE a.name IS NOT NULL), '{}') AS names
     FROM commodities c LEFT JOIN agmarknet_commodity_names a ON a.commodity = c.code
     GROUP BY c.code ORDER BY c.code`,
  );
  return rows;
}

/** Agmarknet commodity name → commodity code. */
export async function agmarknetNames(tx: Tx): Promise<{ name: string; commodity: string }[]> {
  const { rows } = await tx.query<{ name: string; commodity: string }>('SELECT name, commodity FROM agmarknet_commodity_names');
  return rows;
}

/** English and Hindi names of the given commodity codes. */
export async function commodityNames(tx: Tx, codes: string[]): Promise<Map<string, { nameEn: string; nameHi: string | null }>> {
  const { rows } = await tx.query<{ code: string; name_en: string; name_hi: string | null }>(
    'SELECT code, name_en, name_hi FROM commodities WHERE code = ANY($1::text[])',
    [codes],
  );
  return new Map(rows.map((r) => [r.code, { nameEn: r.name_en, nameHi: r.name_hi }]));
}
