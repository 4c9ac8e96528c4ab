import type { Tx } from '../../infra/db/index.js';

/**
 * Owns `commodities` and `agmarknet_commodity_names` (migration 0009): the commodity catalogue and
 * how Agmarknet spells each commodity. Platform reference data, loaded by migration, read by both roles.
 */

export interface CommodityWithNames {
  code: string;
  name_en: string;
  name_hi: string;
  msp_crop: string | null;
  /** Its Agmarknet names, in no particular order. */
  names: string[];
}

/** Every commodity with its Agmarknet names, in code order: what a commodity a caller names is matched against. */
export async function listCommoditiesWithNames(tx: Tx): Promise<CommodityWithNames[]> {
  const { rows } = await tx.query<CommodityWithNames>(
    `SELECT c.code, c.name_en, c.name_hi, c.msp_crop, coalesce(array_agg(a.name) FILTER (WHERE a.name IS NOT NULL), '{}') AS names
     FROM commodities c LEFT JOIN agmarknet_commodity_names a ON a.commodity = c.code
     GROUP BY c.code ORDER BY c.code`,
  );
  return rows;
}

export interface CatalogueCommodity extends CommodityWithNames {
  crop: string | null;
}

/** The catalogue as GET /v1/commodities shows it: code order, each commodity's Agmarknet names sorted. */
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
