/** Where a geocoding answer came from. */
export type GeocodeSource = 'openweather' | 'gazetteer';

/** A place, as every geocoding answer gives it, whichever source answered. */
export interface GeocodeResult {
  name: string;
  state?: string;
  /** ISO 3166 alpha-2; `IN` for everything the gazetteer knows. */
  country: string;
  lat: number;
  lon: number;
  /** Names by ISO 639 language code (`hi`, `mr`, …), when the source has them. */
  localNames?: Record<string, string>;
  /** Reverse geocoding only: great-circle distance from the asked point, km. */
  distanceKm?: number;
}

export interface GeocodeAnswer {
  source: GeocodeSource;
  results: GeocodeResult[];
}

/** h: the district headquarters; t: another town of the district; c: the district's centroid. */
export type DistrictKind = 'h' | 't' | 'c';
export type StateRow = readonly [name: string, lat: number, lon: number, nameHi: string, aliases: string];
export type DistrictRow = readonly [
  state: number,
  name: string,
  kind: DistrictKind,
  lat: number,
  lon: number,
  nameHi: string,
  aliases: string,
];

/** The shape of the generated gazetteer-data.ts. */
export interface GazetteerData {
  states: readonly StateRow[];
  districts: readonly DistrictRow[];
}
