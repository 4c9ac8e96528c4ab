import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AppError, problemResponses } from '../../errors.js';
import { orNull } from '../../http/schemas.js';
import { distanceKm, type LatLon } from '../../lib/geometry/index.js';
import { boxAround, findField } from '../registry/index.js';
import { tenantScope, tenantSettings } from '../../auth/index.js';
import { resolveCommodity } from './market-names.js';
import { findMarkets, type MarketRow } from './market-repository.js';
import { CommodityName, CommodityParameter, checkDay, Day, Market, presentMarket } from './price-schemas.js';
import { latestArrivalDate, latestPricesOf, type LatestMarketPrice } from './price-repository.js';
import { addDays, todayInIndia } from '../../lib/calendar.js';
import { round2 } from './trend-math.js';

/**
 * Where a field's crop fetches most: the mandis within a radius of the field, each with its latest
 * modal price of the commodity, ranked by that price net of transport:
 *
 *   net = modal price − transport cost (₹/quintal/km) × road distance estimate (km)
 *   road distance estimate = great-circle distance (field centroid → market point) × detour factor
 *
 * Every term is answered, rounded as shown so that the shown terms add up: the road distance to
 * 0.1 km, the rupees to paise. Agmarknet gives no coordinates, so most markets stand at their
 * district's point (approximate: true), which can move a distance by tens of km.
 */

export interface RankingTerms {
  transportCostInrPerQuintalKm: number;
  roadDetourFactor: number;
}

export interface RankedMarket {
  market: MarketRow;
  arrivalDate: string;
  priceCount: number;
  modalPriceInrPerQuintal: number;
  distanceKm: number;
  roadDistanceKm: number;
  transportCostInrPerQuintal: number;
  netPriceInrPerQuintal: number;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * How far back best markets looks when no market in the radius has prices in the asked window:
 * the window then ends on the newest day with prices of the commodity in the radius, as trends end
 * on the newest priced day, provided that day is at most this many days before `date`. Two years
 * keeps a last season's prices (said so in the answer) and never ranks on older ones.
 */
export const FALLBACK_MAX_AGE_DAYS = 730;

export interface PriceWindow {
  /** The day the window ends on: `date`, or the newest priced day when falling back. */
  asOf: string;
  since: string;
  note: string | null;
}

/**
 * The window prices are taken from: the maxAgeDays ending on `date` when they hold any price,
 * else the maxAgeDays ending on `newest` (the newest priced day on or before `date`) when it is at
 * most FALLBACK_MAX_AGE_DAYS old, else null (no prices to rank). Pure.
 */
export function priceWindow(date: string, maxAgeDays: number, newest: string | null, commodityName: string): PriceWindow | null {
  const since = addDays(date, 1 - maxAgeDays);
  if (newest === null) return null;
  if (newest >= since) return { asOf: date, since, note: null };
  if (newest < addDays(date, -FALLBACK_MAX_AGE_DAYS)) return null;
  return {
    asOf: newest,
    since: addDays(newest, 1 - maxAgeDays),
    note:
      `No prices of ${commodityName} in the ${maxAgeDays} days to ${date} within the radius: ` +
      `ranked on the latest prices instead, of the ${maxAgeDays} days to ${newest}`,
  };
}

/** Why an answer has no markets, in a sentence; null when it has some. */
export function emptyReason(p: {
  ranked: number;
  marketsInRadius: number;
  radiusKm: number;
  commodityName: string;
  date: string;
  newest: string | null;
}): string | null {
  if (p.ranked > 0) return null;
  if (p.marketsInRadius === 0) return `No mandi with known coordinates lies within ${p.radiusKm} km of the field: try a larger radiusKm`;
  if (p.newest === null)
    return `None of the ${p.marketsInRadius} mandis within ${p.radiusKm} km has prices of ${p.commodityName} on or before ${p.date}`;
  return (
    `The newest price of ${p.commodityName} within ${p.radiusKm} km is of ${p.newest}, ` +
    `more than ${FALLBACK_MAX_AGE_DAYS} days before ${p.date}: too old to rank markets on`
  );
}

/** Ranks priced markets by net price (highest first; then nearer; then id). Pure: checked by hand in the tests. */
export function rankMarkets(origin: LatLon, markets: MarketRow[], prices: LatestMarketPrice[], terms: RankingTerms): RankedMarket[] {
  const byId = new Map(markets.map((m) => [m.id, m]));
  return prices
    .flatMap((price) => {
      const market = byId.get(price.market_id);
      if (!market || market.lat === null || market.lon === null) return [];
      const km = distanceKm(origin, { lat: market.lat, lon: market.lon });
      const roadDistanceKm = round1(km * terms.roadDetourFactor);
      const modalPriceInrPerQuintal = round2(price.modal_price);
      const transportCostInrPerQuintal = round2(roadDistanceKm * terms.transportCostInrPerQuintalKm);
      return [
        {
          market,
          arrivalDate: price.arrival_date,
          priceCount: price.price_count,
          modalPriceInrPerQuintal,
          distanceKm: round1(km),
          roadDistanceKm,
          transportCostInrPerQuintal,
          netPriceInrPerQuintal: round2(modalPriceInrPerQuintal - transportCostInrPerQuintal),
          exactKm: km,
        },
      ];
    })
    .sort((a, b) => b.netPriceInrPerQuintal - a.netPriceInrPerQuintal || a.exactKm - b.exactKm || (a.market.id < b.market.id ? -1 : 1))
    .map(({ exactKm: _, ...ranked }) => ranked);
}

const BestMarketsQuery = Type.Object(
  {
    commodity: CommodityParameter,
    radiusKm: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 1000,
        description: "great-circle km from the field's centroid; default MARKET_SEARCH_RADIUS_KM",
      }),
    ),
    transportCostInrPerQuintalKm: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 100,
        description: "₹ per quintal per km of road; default the organisation's setting, else MARKET_TRANSPORT_COST_INR_PER_QUINTAL_KM",
      }),
    ),
    date: Type.Optional(Day('prices of the maxAgeDays days ending on this date count; default today in India')),
    maxAgeDays: Type.Integer({
      minimum: 1,
      maximum: 90,
      default: 14,
      description: "how old a market's latest price may be, in days (1-90, default 14)",
    }),
    limit: Type.Integer({ minimum: 1, maximum: 50, default: 10, description: 'markets answered (1-50, default 10)' }),
  },
  { additionalProperties: false },
);

const Ranked = Type.Object({
  rank: Type.Integer({ minimum: 1 }),
  market: Market,
  arrivalDate: Type.String({ format: 'date', description: "the market's latest day with prices of the commodity" }),
  priceCount: Type.Integer({ description: 'price records (varieties × grades) of that day, averaged into the modal price' }),
  modalPriceInrPerQuintal: Type.Number({ description: "mean of that day's modal prices" }),
  distanceKm: Type.Number({ description: "great-circle distance from the field's centroid to the market's point" }),
  roadDistanceKm: Type.Number({ description: 'distanceKm × roadDetourFactor, to 0.1 km' }),
  transportCostInrPerQuintal: Type.Number({ description: 'roadDistanceKm × transportCostInrPerQuintalKm' }),
  netPriceInrPerQuintal: Type.Number({ description: 'modalPriceInrPerQuintal − transportCostInrPerQuintal; the ranking' }),
});

const BestMarkets = Type.Object({
  fieldId: Type.String({ format: 'uuid' }),
  origin: Type.Object({ lat: Type.Number(), lon: Type.Number() }, { description: "the field's centroid" }),
  commodity: CommodityName,
  date: Type.String({ format: 'date' }),
  asOf: Type.String({
    format: 'date',
    description: `the day the prices' window ends on: date, or, when no price falls in the maxAgeDays to date, the newest day with prices of the commodity within the radius (at most ${FALLBACK_MAX_AGE_DAYS} days before date)`,
  }),
  since: Type.String({ format: 'date', description: 'prices older than this are not counted (asOf − maxAgeDays + 1)' }),
  note: orNull(Type.String({ description: 'says when the prices are not of the window asked for (asOf before date)' })),
  reason: orNull(
    Type.String({ description: 'when items is empty, why: no mandi in the radius, no prices of the commodity, or prices too old' }),
  ),
  radiusKm: Type.Number(),
  transportCostInrPerQuintalKm: Type.Number(),
  roadDetourFactor: Type.Number({ description: 'road distance ÷ great-circle distance (MARKET_ROAD_DETOUR_FACTOR), an assumption' }),
  marketsInRadius: Type.Integer({ description: 'markets with a point within the radius, priced or not' }),
  items: Type.Array(Ranked),
});

export const bestMarketRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app.resources;

  app.get(
    '/v1/fields/:id/best-markets',
    {
      schema: {
        operationId: 'listFieldBestMarkets',
        tags: ['markets'],
        summary: 'Nearby mandis ranked by modal price net of transport to them, every term shown',
        description:
          'net = modal price − transportCostInrPerQuintalKm × roadDistanceKm, where roadDistanceKm = great-circle distance × roadDetourFactor. ' +
          "A market's price is the mean modal price of its latest day with prices within maxAgeDays. When no market in the radius has prices " +
          `in that window, the window ends instead on the newest day with prices within the radius, at most ${FALLBACK_MAX_AGE_DAYS} days back ` +
          '(asOf, and a note say so); an empty answer says why in reason. Markets without coordinates cannot be ranked; ' +
          "most stand at their district's point (approximate).",
        security: [{ bearerAuth: [] }],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        querystring: BestMarketsQuery,
        response: { 200: BestMarkets, ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'markets:read' },
    },
    async (request) => {
      const {
        commodity: asked,
        radiusKm: askedRadius,
        transportCostInrPerQuintalKm: askedCost,
        date: askedDate,
        maxAgeDays,
        limit,
      } = request.query;
      checkDay('date', askedDate);
      const { tenantId, options } = tenantScope(request, true);
      const { field, settings } = await db.tenant(
        tenantId,
        async (tx) => ({ field: await findField(tx, request.params.id), settings: await tenantSettings(tx) }),
        options,
      );
      if (!field) throw new AppError('not_found', 'No such field');
      // The organisation's own cost (its settings) before the deployment's.
      const tenantCost = settings?.transportCostInrPerQuintalKm;
      const origin = { lat: field.centroid_lat, lon: field.centroid_lon };
      const radiusKm = askedRadius ?? config.markets.searchRadiusKm;
      const terms = {
        transportCostInrPerQuintalKm:
          askedCost ?? (typeof tenantCost === 'number' ? tenantCost : config.markets.transportCostInrPerQuintalKm),
        roadDetourFactor: config.markets.roadDetourFactor,
      };
      const date = askedDate ?? todayInIndia();
      const { commodity, inRadius, newest, window, prices } = await db.platform(
        async (tx) => {
          const commodity = await resolveCommodity(tx, asked);
          const candidates = await findMarkets(tx, { within: boxAround(origin, radiusKm) });
          const inRadius = candidates.filter((m) => distanceKm(origin, { lat: m.lat!, lon: m.lon! }) <= radiusKm);
          const marketIds = inRadius.map((m) => m.id);
          const newest = marketIds.length ? await latestArrivalDate(tx, { commodity: commodity.code, marketIds, to: date }) : null;
          const window = priceWindow(date, maxAgeDays, newest, commodity.nameEn);
          const prices = window ? await latestPricesOf(tx, commodity.code, marketIds, window.since, window.asOf) : [];
          return { commodity, inRadius, newest, window, prices };
        },
        { readOnly: true },
      );
      const ranked = rankMarkets(origin, inRadius, prices, terms).slice(0, limit);
      return {
        fieldId: field.id,
        origin,
        commodity: { code: commodity.code, nameEn: commodity.nameEn, nameHi: commodity.nameHi },
        date,
        asOf: window?.asOf ?? date,
        since: window?.since ?? addDays(date, 1 - maxAgeDays),
        note: window?.note ?? null,
        reason: emptyReason({
          ranked: ranked.length,
          marketsInRadius: inRadius.length,
          radiusKm,
          commodityName: commodity.nameEn,
          date,
          newest,
        }),
        radiusKm,
        ...terms,
        marketsInRadius: inRadius.length,
        items: ranked.map((r, i) => ({ rank: i + 1, ...r, market: presentMarket(r.market) })),
      };
    },
  );
};
