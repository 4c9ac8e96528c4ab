import { GAZETTEER } from './gazetteer-data.js';
import type { DistrictKind, GazetteerData, GeocodeResult } from './types.js';

/**
 * The offline gazetteer: India's states (at their capitals) and districts (at their headquarters,
 * or their centroid where no headquarters could be sourced), from reference/india-districts.csv.
 * Forward search forgives case, diacritics, a typo or two and a trailing ", State"; reverse finds
 * the nearest district points by great-circle distance.
 */
export interface Gazetteer {
  /** Best first: exact name, then prefix, then contains, then near misses; other names rank below the name. */
  search(query: string, options?: { limit?: number }): GeocodeResult[];
  /** The nearest district points, nearest first, with `distanceKm`; none beyond `maxDistanceKm`. */
  reverse(lat: number, lon: number, options?: { limit?: number }): GeocodeResult[];
  /** The states a name (or other name, or prefix of one) designates: for "Nashik, Maharashtra". */
  statesNamed(name: string): string[];
  /** True for a two-letter code of an Indian state or union territory (MH, UP, TS, …). */
  isStateCode(code: string): boolean;
  readonly size: { states: number; districts: number };
}

export interface GazetteerOptions {
  /** Reverse answers nothing farther than this; default 500 km (Minicoy is ~260 km from Kavaratti). */
  maxDistanceKm?: number;
}

/** Lowercase, Latin diacritics dropped (Devanagari signs kept), punctuation to single spaces. */
export function normalizeName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
}

/** A query as people write it: "Nashik", "Nashik, Maharashtra", "Nashik, Maharashtra, IN". */
export interface ParsedQuery {
  place: string;
  /** Further comma-separated parts: states ("Maharashtra", "MH"). */
  qualifiers: string[];
  /** A trailing country code or "India", upper-cased (`IN`); null when none is given. */
  country: string | null;
}

const INDIA = new Set(['in', 'ind', 'india', 'bharat']);

/**
 * A trailing two-letter part is a country code (OpenWeather's convention, "Paris, FR"), unless it
 * is the code of an Indian state ("Hamirpur, UP"): on an Indian platform that is what people mean.
 */
export function parseQuery(query: string, isStateCode: (code: string) => boolean = () => false): ParsedQuery {
  const parts = query
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  let country: string | null = null;
  const last = parts.at(-1);
  const isCountry = (part: string) => INDIA.has(part.toLowerCase()) || (/^[a-z]{2}$/i.test(part) && !isStateCode(part));
  if (parts.length > 1 && last !== undefined && isCountry(last)) {
    country = INDIA.has(last.toLowerCase()) ? 'IN' : last.toUpperCase();
    parts.pop();
  }
  return { place: parts[0] ?? '', qualifiers: parts.slice(1), country };
}

const EARTH_RADIUS_KM = 6371.0088;
const toRad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle (haversine) distance in km. */
export function greatCircleKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const h = Math.sin(toRad(lat2 - lat1) / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(toRad(lon2 - lon1) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Optimal string alignment distance (Levenshtein plus adjacent swaps), stopping early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

interface Entry {
  name: string;
  state: number;
  kind: 'state' | DistrictKind;
  lat: number;
  lon: number;
  nameHi: string;
  /** Normalized names: the name and the Hindi name first (primary), then the other names. */
  keys: { key: string; primary: boolean; words: string[] }[];
}

const EXACT = 0;
const PREFIX = 1;
const CONTAINS = 2;
const NEAR = 3;

/** How well `query` names `key`: a tier (lower is better) and, for near misses, the distance. */
function matchKey(query: string, key: string, words: string[]): { tier: number; distance: number } | null {
  if (key === query) return { tier: EXACT, distance: 0 };
  if (key.startsWith(query)) return { tier: PREFIX, distance: 0 };
  if (query.length >= 3 && key.includes(query)) return { tier: CONTAINS, distance: 0 };
  const max = query.length >= 8 ? 2 : query.length >= 4 ? 1 : 0;
  if (max === 0) return null;
  // The whole name, or the name from one of its words on ("ganganager" → "sri ganganagar").
  let best = editDistance(query, key, max);
  for (let i = 1; i < words.length && best > 0; i++) best = Math.min(best, editDistance(query, words.slice(i).join(' '), max));
  return best <= max ? { tier: NEAR, distance: best } : null;
}

const split = (aliases: string) => (aliases ? aliases.split(';') : []);

export function createGazetteer(data: GazetteerData = GAZETTEER, options: GazetteerOptions = {}): Gazetteer {
  const maxDistanceKm = options.maxDistanceKm ?? 500;
  const keysOf = (primary: string[], others: string[]) => {
    const seen = new Set<string>();
    const keys: Entry['keys'] = [];
    for (const [names, isPrimary] of [
      [primary, true],
      [others, false],
    ] as const) {
      for (const name of names) {
        const key = normalizeName(name);
        if (!key || seen.has(key)) continue;
        seen.add(key);
        keys.push({ key, primary: isPrimary, words: key.split(' ') });
      }
    }
    return keys;
  };
  const states: Entry[] = data.states.map(([name, lat, lon, nameHi, aliases], i) => ({
    name,
    state: i,
    kind: 'state',
    lat,
    lon,
    nameHi,
    keys: keysOf([name, nameHi], split(aliases)),
  }));
  const districts: Entry[] = data.districts.map(([state, name, kind, lat, lon, nameHi, aliases]) => ({
    name,
    state,
    kind,
    lat,
    lon,
    nameHi,
    keys: keysOf([name, nameHi], split(aliases)),
  }));
  const entries = [...states, ...districts];
  const stateName = (i: number) => data.states[i]![0];

  const toResult = (entry: Entry): GeocodeResult => ({
    name: entry.name,
    state: stateName(entry.state),
    country: 'IN',
    lat: entry.lat,
    lon: entry.lon,
    ...(entry.nameHi ? { localNames: { hi: entry.nameHi } } : {}),
  });

  /** State indices that a qualifier names exactly or by prefix ("Maha" → Maharashtra). */
  function stateIndices(qualifier: string): Set<number> {
    const q = normalizeName(qualifier);
    const found = new Set<number>();
    if (!q) return found;
    for (const s of states) if (s.keys.some(({ key }) => key === q || (q.length >= 3 && key.startsWith(q)))) found.add(s.state);
    return found;
  }

  function rank(place: string, allowed: Set<number> | null) {
    const q = normalizeName(place);
    if (!q) return [];
    const scored: { entry: Entry; score: number[] }[] = [];
    for (const entry of entries) {
      if (allowed && !allowed.has(entry.state)) continue;
      let best: number[] | null = null;
      for (const { key, primary, words } of entry.keys) {
        const match = matchKey(q, key, words);
        if (!match) continue;
        const score = [match.tier, match.distance, primary ? 0 : 1];
        if (!best || compare(score, best) < 0) best = score;
      }
      if (best) scored.push({ entry, score: [...best, entry.kind === 'state' ? 0 : 1, entry.name.length] });
    }
    return scored.sort(
      (a, b) =>
        compare(a.score, b.score) ||
        a.entry.name.localeCompare(b.entry.name) ||
        stateName(a.entry.state).localeCompare(stateName(b.entry.state)),
    );
  }

  const isStateCode = (code: string) => /^[a-z]{2}$/i.test(code) && stateIndices(code).size > 0;

  function search(query: string, { limit = 5 }: { limit?: number } = {}): GeocodeResult[] {
    const { place, qualifiers, country } = parseQuery(query, isStateCode);
    if (country !== null && country !== 'IN') return [];
    // Every qualifier must name the state: "Hamirpur, Uttar Pradesh" keeps one of two Hamirpurs.
    const allowed = qualifiers.length
      ? qualifiers.map(stateIndices).reduce((a, b) => new Set(Array.from(a).filter((s) => b.has(s))))
      : null;
    let ranked = rank(place, allowed);
    // "Nashik Maharashtra (India)", written without commas: try the last words as the state.
    if (!qualifiers.length && !ranked.some((r) => r.score[0]! <= CONTAINS)) {
      const words = normalizeName(place).split(' ');
      if (words.length > 1 && INDIA.has(words.at(-1)!)) {
        words.pop();
        ranked = rank(words.join(' '), null);
      }
      for (let n = Math.min(4, words.length - 1); n >= 1; n--) {
        const named = stateIndices(words.slice(-n).join(' '));
        if (!named.size) continue;
        const narrowed = rank(words.slice(0, -n).join(' '), named);
        if (narrowed.some((r) => r.score[0]! <= CONTAINS)) {
          ranked = narrowed;
          break;
        }
      }
    }
    // A state and its one district at the same point (Chandigarh) are one answer.
    const seen = new Set<string>();
    const results: GeocodeResult[] = [];
    for (const { entry } of ranked) {
      const key = `${entry.name}|${entry.state}|${entry.lat}|${entry.lon}`;
      if (seen.has(key)) continue;
      seen.add(key);
      results.push(toResult(entry));
      if (results.length >= limit) break;
    }
    return results;
  }

  function reverse(lat: number, lon: number, { limit = 5 }: { limit?: number } = {}): GeocodeResult[] {
    return districts
      .map((entry) => ({ entry, km: greatCircleKm(lat, lon, entry.lat, entry.lon) }))
      .filter((d) => d.km <= maxDistanceKm)
      .sort((a, b) => a.km - b.km)
      .slice(0, Math.max(0, limit))
      .map(({ entry, km }) => ({ ...toResult(entry), distanceKm: Math.round(km * 10) / 10 }));
  }

  return {
    search,
    reverse,
    statesNamed: (name) => [...stateIndices(name)].map(stateName),
    isStateCode,
    size: { states: states.length, districts: districts.length },
  };
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
