/** A mandi of GET /v1/markets. */
export interface Market {
  id: string;
  name: string;
  state: string;
  district: string;
}

/** GET /v1/market-prices/trends, the parts the screen shows. */
export interface Trend {
  from: string;
  to: string;
  days: number;
  points: { date: string; modalPriceInrPerQuintal: number | null }[];
  change: { fromDate: string; toDate: string; changeInrPerQuintal: number; changePct: number } | null;
  msp: { crop: string; variety: string | null; marketingYear: string; mspInrPerQuintal: number } | null;
  vsMsp: { date: string; modalPriceInrPerQuintal: number; differenceInrPerQuintal: number; differencePct: number } | null;
  mspNote: string | null;
}

/** One line of the chart: a mandi's trend, or the mean of every mandi when none is chosen. */
export interface Series {
  key: string;
  label: string;
  trend: Trend;
}

/** GET /v1/fields/{id}/best-markets. */
export interface BestMarkets {
  asOf: string;
  date: string;
  note: string | null;
  reason: string | null;
  radiusKm: number;
  transportCostInrPerQuintalKm: number;
  roadDetourFactor: number;
  marketsInRadius: number;
  items: {
    rank: number;
    market: Market & { approximate: boolean };
    arrivalDate: string;
    modalPriceInrPerQuintal: number;
    distanceKm: number;
    roadDistanceKm: number;
    transportCostInrPerQuintal: number;
    netPriceInrPerQuintal: number;
  }[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
