import { AppError } from '../../errors.js';
import type { Tx } from '../../infra/db/index.js';
import { listCommodityCatalogue } from './commodity-repository.js';
import { findMarketIdsNamed, listMarketStates, statesNamed } from './market-repository.js';
import { commodityNameKey } from './validate-record.js';

/**
 * What people type for a commodity or a place, turned into what the price tables hold. A commodity
 * is its catalogue code (`wheat`), one of its Agmarknet names (`Bengal Gram(Gram)(Whole)`, spaces and
 * case ignored) or its English name; a state, district or market is a name, case ignored, as
 * Agmarknet spells it or as the gazetteer does (`Hissar` or `Hisar`, `Chattisgarh` or `Chhattisgarh`).
 * A name that matches nothing answers 422 naming the parameter, never an empty list that would read
 * as "no prices".
 */

export interface Commodity {
  code: string;
  nameEn: string;
  nameHi: string | null;
  /** The crop code of the MSP data whose price applies, or null. */
  mspCrop: string | null;
}

const invalid = (parameter: string, message: string, extensions: Record<string, unknown> = {}) =>
  new AppError('validation_failed', message, { errors: [{ path: parameter, message }], extensions });

/** The commodity named by code, Agmarknet name or English name, or a 422 listing the codes. */
export async function resolveCommodity(tx: Tx, text: string, parameter = 'query.commodity'): Promise<Commodity> {
  const rows = await listCommodityCatalogue(tx);
  const key = commodityNameKey(text.trim());
  const found =
    rows.find((r) => r.code === key) ??
    rows.find((r) => r.names.some((name) => commodityNameKey(name) === key)) ??
    rows.find((r) => commodityNameKey(r.name_en) === key);
  if (!found) {
    const codes = rows.map((r) => r.code);
    throw invalid(
      parameter,
      // The catalogue is Agmarknet's whole list, several hundred codes: they go in acceptedCommodities, not the sentence.
      `Unknown commodity ${JSON.stringify(text)}: give a code of GET /v1/commodities (listed in acceptedCommodities) or an Agmarknet name of one`,
      {
        acceptedCommodities: codes,
      },
    );
  }
  return { code: found.code, nameEn: found.name_en, nameHi: found.name_hi, mspCrop: found.msp_crop };
}

export interface PlaceQuery {
  state?: string;
  district?: string;
  market?: string;
}

/** The filters as the price rows hold them: Agmarknet's state spellings and market ids. */
export interface PlaceFilter {
  states?: string[];
  marketIds?: string[];
}

/** Trimmed, inner runs of white space made one, as the ingestion cleans names. */
const clean = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ');

/**
 * Resolves state, district and market names (any combination) to Agmarknet's state spellings and
 * the ids of the markets they designate; a name that matches no market answers 422.
 */
export async function resolvePlaces(tx: Tx, query: PlaceQuery): Promise<PlaceFilter> {
  const filter: PlaceFilter = {};
  if (query.state !== undefined) {
    const states = await statesNamed(tx, clean(query.state));
    if (states.length === 0) {
      const known = await listMarketStates(tx);
      throw invalid(
        'query.state',
        `No market with prices lies in a state named ${JSON.stringify(query.state)}; the states with markets are ${known.join(', ') || 'none yet'}`,
      );
    }
    filter.states = states;
  }
  if (query.district !== undefined || query.market !== undefined) {
    const ids = await findMarketIdsNamed(tx, {
      district: query.district === undefined ? undefined : clean(query.district),
      market: query.market === undefined ? undefined : clean(query.market),
      states: filter.states,
    });
    if (ids.length === 0) {
      const parameter = query.market !== undefined ? 'market' : 'district';
      const within = [
        query.market !== undefined && query.district !== undefined ? `district ${JSON.stringify(query.district)}` : '',
        query.state !== undefined ? `state ${JSON.stringify(query.state)}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      throw invalid(
        `query.${parameter}`,
        `No market with prices is ${parameter === 'market' ? 'named' : 'in a district named'} ${JSON.stringify(query[parameter])}${within ? ` in ${within}` : ''}`,
      );
    }
    filter.marketIds = ids;
  }
  return filter;
}
