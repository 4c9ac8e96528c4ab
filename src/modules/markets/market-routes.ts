import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AppError, problemResponses } from '../../errors.js';
import { decodeCursor, encodeCursor, PageQuery, pageOf } from '../../http/pagination.js';
import { orNull } from '../../http/schemas.js';
import { distanceKm } from '../../lib/geometry/index.js';
import { boxAround, parseNear } from '../registry/index.js';
import { resolvePlaces } from './market-names.js';
import { findMarkets, listMarkets } from './market-repository.js';
import { commodityNames, listCommodityCatalogue } from './commodity-repository.js';
import { CommodityName, dropEmptyParameters, Market, PlaceQuery, presentMarket } from './price-schemas.js';
import { recentPricesAt } from './price-repository.js';
import { addDays } from '../../lib/calendar.js';
import { round2 } from './trend-math.js';

const MarketListQuery = Type.Object(
  {
    ...PageQuery.properties,
    ...PlaceQuery,
    near: Type.Optional(Type.String({ maxLength: 100, description: 'lat,lon: markets with a point, nearest first, each with distanceKm' })),
    radiusKm: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 2000, description: 'with near: only markets this close (great-circle km)' }),
    ),
  },
  { additionalProperties: false },
);

const ListedMarket = Type.Object({
  ...Market.properties,
  distanceKm: Type.Optional(
    Type.Number({ description: "with near: geodesic distance to the market's point (its district's when approximate)" }),
  ),
});

const Commodity = Type.Object({
  code: Type.String(),
  nameEn: Type.String(),
  nameHi: orNull(Type.String({ description: 'in Devanagari; null where no source for the Hindi name is known yet' })),
  crop: orNull(Type.String({ description: 'the catalogue crop it is, or is a form of (GET /v1/crops)' })),
  mspCrop: orNull(Type.String({ description: 'the crop whose Minimum Support Price applies (GET /v1/msp), or null' })),
  agmarknetNames: Type.Array(Type.String(), { description: 'how Agmarknet spells it; any of them works as commodity= elsewhere' }),
});

/** The commodities a market page lists: those priced in this many days ending on its newest price day. */
export const MARKET_RECENT_DAYS = 30;

const MarketDetail = Type.Object({
  ...Market.properties,
  latestPriceDate: orNull(
    Type.String({ format: 'date', description: "the market's newest day with prices of any commodity; null when it has none" }),
  ),
  recentSince: orNull(
    Type.String({
      format: 'date',
      description: `first day of the ${MARKET_RECENT_DAYS} days ending on latestPriceDate that commodities lists`,
    }),
  ),
  commodities: Type.Array(
    Type.Object({
      commodity: CommodityName,
      arrivalDate: Type.String({ format: 'date', description: "the commodity's newest day with prices here" }),
      modalPriceInrPerQuintal: Type.Number({ description: "mean of that day's modal prices, to paise" }),
      priceCount: Type.Integer({ description: 'price records (varieties × grades) of that day' }),
    }),
    { description: `commodities with prices here from recentSince to latestPriceDate, by code` },
  ),
});

const badCursor = () =>
  new AppError('validation_failed', 'cursor is not a cursor this list handed out', {
    errors: [{ path: 'query.cursor', message: 'is not a valid cursor' }],
  });

/** Mandis and commodities: reference data for any signed-in caller. */
export const marketRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;

  app.get(
    '/v1/markets',
    {
      schema: {
        operationId: 'listMarkets',
        tags: ['markets'],
        summary: 'Mandis with state, district and coordinates; with near=lat,lon nearest first',
        description:
          'Agmarknet gives no coordinates: a market is placed at its own point when one is known (coordinatesSource market), else at its ' +
          "district's headquarters or centroid from the offline gazetteer (coordinatesSource district, approximate), else not at all " +
          '(lat and lon null; such markets are left out of near= answers). Without near the order is state, district, name.',
        security: [{ bearerAuth: [] }],
        querystring: MarketListQuery,
        response: { 200: pageOf(ListedMarket), ...problemResponses(401, 403, 422) },
      },
      preValidation: dropEmptyParameters,
      config: { permission: 'markets:read' },
    },
    async (request) => {
      const { limit, cursor, state, district, market, near, radiusKm } = request.query;
      if (near === undefined) {
        if (radiusKm !== undefined) {
          throw new AppError('validation_failed', 'radiusKm needs near', {
            errors: [{ path: 'query.radiusKm', message: 'is only meaningful with near=lat,lon' }],
          });
        }
        const after = cursor === undefined ? undefined : decodeCursor(cursor, 4);
        if (after && !after.every((v) => typeof v === 'string')) throw badCursor();
        const rows = await db.platform(
          async (tx) => {
            const places = await resolvePlaces(tx, { state, district, market });
            return listMarkets(
              tx,
              { states: places.states, ids: places.marketIds },
              { after: after as [string, string, string, string] | undefined, limit: limit + 1 },
            );
          },
          { readOnly: true },
        );
        const items = rows.slice(0, limit);
        const last = items.at(-1);
        return {
          items: items.map(presentMarket),
          nextCursor: rows.length > limit && last ? encodeCursor([last.state, last.district, last.name, last.id]) : null,
        };
      }
      const point = parseNear(near);
      const after = cursor === undefined ? undefined : decodeCursor(cursor, 2);
      if (after && (typeof after[0] !== 'number' || typeof after[1] !== 'string')) throw badCursor();
      const rows = await db.platform(
        async (tx) => {
          const places = await resolvePlaces(tx, { state, district, market });
          return findMarkets(tx, {
            states: places.states,
            ids: places.marketIds,
            placed: true,
            ...(radiusKm ? { within: boxAround(point, radiusKm) } : {}),
          });
        },
        { readOnly: true },
      );
      const ranked = rows
        .map((row) => ({ row, distanceKm: distanceKm(point, { lat: row.lat!, lon: row.lon! }) }))
        .filter((m) => radiusKm === undefined || m.distanceKm <= radiusKm)
        .sort((a, b) => a.distanceKm - b.distanceKm || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0));
      const [afterKm, afterId] = (after ?? []) as [number | undefined, string | undefined];
      const rest =
        afterKm === undefined ? ranked : ranked.filter((m) => m.distanceKm > afterKm || (m.distanceKm === afterKm && m.row.id > afterId!));
      const page = rest.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((m) => ({ ...presentMarket(m.row), distanceKm: Math.round(m.distanceKm * 1000) / 1000 })),
        nextCursor: rest.length > limit && last ? encodeCursor([last.distanceKm, last.row.id]) : null,
      };
    },
  );

  app.get(
    '/v1/markets/:id',
    {
      schema: {
        tags: ['markets'],
        operationId: 'getMarket',
        summary: 'One mandi: what the list shows, its newest price date and the commodities it has prices of recently',
        security: [{ bearerAuth: [] }],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: MarketDetail, ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'markets:read' },
    },
    async (request) => {
      const found = await db.platform(
        async (tx) => {
          const [market] = await findMarkets(tx, { ids: [request.params.id] });
          if (!market) return null;
          const prices = await recentPricesAt(tx, market.id, MARKET_RECENT_DAYS);
          return {
            market,
            prices,
            names: await commodityNames(
              tx,
              prices.items.map((p) => p.commodity),
            ),
          };
        },
        { readOnly: true },
      );
      if (!found) throw new AppError('not_found', 'No such market');
      const { market, prices, names } = found;
      return {
        ...presentMarket(market),
        latestPriceDate: prices.latest,
        recentSince: prices.latest === null ? null : addDays(prices.latest, 1 - MARKET_RECENT_DAYS),
        commodities: prices.items.map((p) => ({
          commodity: { code: p.commodity, ...names.get(p.commodity)! },
          arrivalDate: p.arrival_date,
          modalPriceInrPerQuintal: round2(p.modal_price),
          priceCount: p.price_count,
        })),
      };
    },
  );

  app.get(
    '/v1/commodities',
    {
      schema: {
        operationId: 'listCommodities',
        tags: ['markets'],
        summary: 'The commodity catalogue: codes, English and Hindi names, the crop and MSP crop, and the Agmarknet names of each',
        security: [{ bearerAuth: [] }],
        response: { 200: Type.Object({ items: Type.Array(Commodity) }), ...problemResponses(401, 403) },
      },
      config: { permission: 'markets:read' },
    },
    async () => {
      const rows = await db.platform((tx) => listCommodityCatalogue(tx), { readOnly: true });
      return {
        items: rows.map((r) => ({
          code: r.code,
          nameEn: r.name_en,
          nameHi: r.name_hi,
          crop: r.crop,
          mspCrop: r.msp_crop,
          agmarknetNames: r.names,
        })),
      };
    },
  );
};
