/** The shapes of the API answers this page reads, as docs/openapi.json describes them (only the parts used). */

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Farm {
  id: string;
  name: string;
  village: string | null;
  district: string | null;
}

export interface Farmer {
  id: string;
  name: string;
}

export type Season = 'kharif' | 'rabi' | 'zaid';

export interface CropCycle {
  id: string;
  crop: string;
  variety: string | null;
  season: Season;
  sowingDate: string;
  expectedHarvestDate: string | null;
}

export interface Crop {
  code: string;
  nameEn: string;
  nameHi: string;
  seasons: (Season | 'perennial')[];
  mspCrop: string | null;
}

export interface SeriesPoint {
  /** The scene's acquisition instant (RFC 3339). */
  date: string;
  raw: number;
  smoothed: number;
  /** The smoothed series of the year before on the same day of the year; null without coverage then. */
  previousYear: number | null;
}

export interface VegetationSeries {
  index: string;
  smoothing: string;
  points: SeriesPoint[];
}

export interface DailyWeather {
  date: string;
  tMaxC: number;
  tMinC: number;
  windKmh: number;
  rainMm: number;
}

export interface Weather {
  source: string;
  stale: boolean;
  daily: DailyWeather[];
}

export type GrowthStage = 'initial' | 'development' | 'mid-season' | 'late-season';

export interface Advisory {
  language: 'en' | 'hi';
  today: string;
  cropCycle: {
    id: string;
    cropName: string;
    dayAfterSowing: number;
    stage: string | null;
    selectionText: string;
    text: string;
  } | null;
  irrigation: { action: 'irrigate-now' | 'wait-for-rain' | 'irrigate-by' | 'not-needed' | 'unavailable'; text: string };
  sprayWindows: { start: string; end: string; hours: number }[];
  sprayText: string;
  risks: { kind: 'heat' | 'frost' | 'heavy-rain' | 'high-wind'; date: string; text: string }[];
}

export interface BestMarkets {
  commodity: { code: string; nameEn: string; nameHi: string | null };
  date: string;
  asOf: string;
  radiusKm: number;
  transportCostInrPerQuintalKm: number;
  items: {
    rank: number;
    market: { id: string; name: string; district: string; approximate: boolean };
    arrivalDate: string;
    modalPriceInrPerQuintal: number;
    roadDistanceKm: number;
    transportCostInrPerQuintal: number;
    netPriceInrPerQuintal: number;
  }[];
}

export interface Msp {
  items: { crop: string; variety: string | null; marketingYear: string; mspInrPerQuintal: number }[];
}

export interface SoilTest {
  id: string;
  sampledOn: string;
  lab: string | null;
  n?: number;
  p?: number;
  k?: number;
  ph?: number;
  ec?: number;
  oc?: number;
  s?: number;
  zn?: number;
  fe?: number;
  mn?: number;
  cu?: number;
  b?: number;
}

export interface Job {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: number;
  error?: string;
  result?: { scenesFound?: number; scenesProcessed?: number };
}
