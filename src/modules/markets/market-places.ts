import { editDistance, greatCircleKm, normalizeName, type GazetteerData } from '../../integrations/geocoding/index.js';
import { GAZETTEER } from '../../integrations/geocoding/gazetteer-data.js';
import type { Db, Tx } from '../../infra/db/index.js';
import { listUnplacedMarkets, placeAtDistricts } from './market-repository.js';

/**
 * Agmarknet names a market's state and district its own way ("Chattisgarh", "Hissar",
 * "Kozhikode(Calicut)", "Mahendragarh-Narnaul", "Jaipur Rural") and gives no coordinates. This finds
 * the district in the offline gazetteer, so that a market can at least be put at its district's
 * headquarters (or centroid): an approximation, always labelled as such, never the mandi's own
 * position. A name that matches no district of the state, or two districts equally well, leaves the
 * market unplaced: a wrong district would put it hundreds of kilometres away.
 */

export interface DistrictPlace {
  /** The gazetteer's names of the state and district. */
  state: string;
  district: string;
  lat: number;
  lon: number;
}

/** Lower case, no diacritics, no punctuation and no spaces: "Yamuna Nagar" and "Yamunanagar" meet. */
const squash = (text: string) => normalizeName(text).replace(/ /g, '');

/** How far a spelling may stray: nothing for short names, one edit from 5 letters, two from 8. */
const tolerance = (key: string) => (key.length >= 8 ? 2 : key.length >= 5 ? 1 : 0);

/**
 * The spellings worth trying for a district: as written; without a parenthesis and the parenthesis
 * alone ("Kozhikode(Calicut)"); each part of "A-B" or "A/B"; without a trailing Rural/Urban/City.
 */
export function districtSpellings(name: string): string[] {
  const found = new Set<string>([name]);
  const bracket = /^(.*?)\s*\(([^)]*)\)\s*(.*)$/.exec(name);
  if (bracket) {
    found.add(`${bracket[1]} ${bracket[3]}`.trim());
    found.add(bracket[2]!.trim());
  }
  for (const spelling of [...found]) {
    for (const part of spelling.split(/[-/]/)) found.add(part.trim());
  }
  for (const spelling of [...found]) {
    const stripped = spelling.replace(/\s+(rural|urban|city|district|dist\.?)$/i, '').trim();
    found.add(stripped);
  }
  return [...found]
    .map(squash)
    .filter((s) => s.length > 0)
    .filter((s, i, all) => all.indexOf(s) === i);
}

interface Candidate<T> {
  item: T;
  keys: string[];
}

/** The one item whose keys match a spelling best: exactly, else within the tolerance; none on a tie. */
function bestMatch<T>(spellings: string[], candidates: Candidate<T>[]): T | undefined {
  for (const spelling of spellings) {
    const exact = candidates.filter((c) => c.keys.includes(spelling));
    if (exact.length === 1) return exact[0]!.item;
    if (exact.length > 1) return undefined;
  }
  let best: { item: T; distance: number } | undefined;
  let tied = false;
  for (const spelling of spellings) {
    const max = tolerance(spelling);
    if (max === 0) continue;
    for (const candidate of candidates) {
      const distance = Math.min(...candidate.keys.map((key) => editDistance(spelling, key, max)));
      if (distance > max) continue;
      if (!best || distance < best.distance) {
        best = { item: candidate.item, distance };
        tied = false;
      } else if (distance === best.distance && best.item !== candidate.item) {
        tied = true;
      }
    }
  }
  return best && !tied ? best.item : undefined;
}

/** A state all of whose district points lie this close to its capital is one city (Delhi, Chandigarh). */
const CITY_STATE_KM = 50;

export type DistrictLocator = (state: string, district: string) => DistrictPlace | undefined;

/** A matcher over the gazetteer (the bundled one by default), its indexes built once. */
export function createDistrictLocator(data: GazetteerData = GAZETTEER): DistrictLocator {
  const split = (aliases: string) => (aliases ? aliases.split(';') : []);
  const states: Candidate<number>[] = data.states.map(([name, , , nameHi, aliases], i) => ({
    item: i,
    keys: [name, nameHi, ...split(aliases)].map(squash).filter(Boolean),
  }));
  const districtsOf = new Map<number, Candidate<DistrictPlace>[]>();
  for (const [state, name, , lat, lon, nameHi, aliases] of data.districts) {
    const list = districtsOf.get(state) ?? [];
    list.push({
      item: { state: data.states[state]![0], district: name, lat, lon },
      keys: [name, nameHi, ...split(aliases)].map(squash).filter(Boolean),
    });
    districtsOf.set(state, list);
  }
  const compact = new Set(
    [...districtsOf]
      .filter(([state, list]) => {
        const [, lat, lon] = data.states[state]!;
        return list.every(({ item }) => greatCircleKm(lat, lon, item.lat, item.lon) <= CITY_STATE_KM);
      })
      .map(([state]) => state),
  );
  const cache = new Map<string, DistrictPlace | undefined>();
  return (state, district) => {
    const key = `${state}\u0000${district}`;
    if (cache.has(key)) return cache.get(key);
    const stateIndex = bestMatch([squash(state)].filter(Boolean), states);
    let place = stateIndex === undefined ? undefined : bestMatch(districtSpellings(district), districtsOf.get(stateIndex) ?? []);
    // A district named as its state ("NCT of Delhi" / "Delhi"): the capital, if the state is a
    // city whose every district lies near it (Delhi), not a state the size of Maharashtra.
    if (
      !place &&
      stateIndex !== undefined &&
      compact.has(stateIndex) &&
      bestMatch(districtSpellings(district), [states[stateIndex]!]) !== undefined
    ) {
      const [name, lat, lon] = data.states[stateIndex]!;
      place = { state: name, district: name, lat, lon };
    }
    cache.set(key, place);
    return place;
  };
}

let defaultLocator: DistrictLocator | undefined;
const locator = () => (defaultLocator ??= createDistrictLocator());

/**
 * Puts every market without a district position at its district's, where the gazetteer names the
 * district for certain. Runs after each price ingestion (new markets arrive with prices) and is
 * cheap: markets number in the thousands, and only those still unplaced are matched again.
 */
export async function placeMarkets(tx: Tx, locate: DistrictLocator = locator()): Promise<number> {
  const rows = await listUnplacedMarkets(tx);
  const placed = rows.flatMap((row) => {
    const place = locate(row.state, row.district);
    return place ? [{ id: row.id, ...place }] : [];
  });
  if (placed.length === 0) return 0;
  return placeAtDistricts(tx, placed);
}

/** `placeMarkets` in a platform transaction of its own (markets are platform reference data). */
export const placeAllMarkets = (db: Db) => db.platform((tx) => placeMarkets(tx));
