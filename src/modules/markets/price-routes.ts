import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AppError, problemResponses } from '../../errors.js';
import { decodeCursor, encodeCursor, PageQuery, pageOf } from '../../http/pagination.js';
import { resolveCommodity, resolvePlaces } from './market-names.js';
import { CommodityParameter, checkRange, Day, dropEmptyParameters, PlaceQuery } from './price-schemas.js';
import { listPrices, type PriceCursor, type PriceRow } from './price-repository.js';

const PriceListQuery = Type.Object(
  {
    ...PageQuery.properties,
    commodity: Type.Optional(CommodityParameter),
    ...PlaceQuery,
    from: Type.Optional(Day('first arrival date, YYYY-MM-DD (included)')),
    to: Type.Optional(Day('last arrival date, YYYY-MM-DD (included)')),
  },
  { additionalProperties: false },
);

const Price = Type.Object({
  marketId: Type.String({ format: 'uuid' }),
  market: Type.String({ description: 'the market (mandi) name, as Agmarknet writes it' }),
  state: Type.String(),
  district: Type.String(),
  commodity: Type.String({ description: 'commodity code of the catalogue' }),
  agmarknetCommodity: Type.String({ description: 'the commodity as Agmarknet wrote it' }),
  variety: Type.String(),
  grade: Type.String(),
  arrivalDate: Type.String({ format: 'date' }),
  minPriceInrPerQuintal: Type.Number(),
  maxPriceInrPerQuintal: Type.Number(),
  modalPriceInrPerQuintal: Type.Number({ description: 'the price most lots traded at, ₹ per quintal' }),
  source: Type.String({ description: 'agmarknet (data.gov.in) or agmarknet-sample (the bundled real records)' }),
  fetchedAt: Type.String({ format: 'date-time' }),
});

const present = (row: PriceRow) => ({
  marketId: row.market_id,
  market: row.market,
  state: row.state,
  district: row.district,
  commodity: row.commodity,
  agmarknetCommodity: row.agmarknet_commodity,
  variety: row.variety,
  grade: row.grade,
  arrivalDate: row.arrival_date,
  minPriceInrPerQuintal: Number(row.min_price),
  maxPriceInrPerQuintal: Number(row.max_price),
  modalPriceInrPerQuintal: Number(row.modal_price),
  source: row.source,
  fetchedAt: new Date(row.fetched_at).toISOString(),
});

const isCursor = (key: unknown[]): key is PriceCursor => key.every((v) => typeof v === 'string');

/** Daily mandi prices, newest first: shared reference data for any signed-in caller. */
export const priceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;

  app.get(
    '/v1/market-prices',
    {
      schema: {
        operationId: 'listMarketPrices',
        tags: ['markets'],
        summary: 'Mandi prices (Agmarknet), newest arrival date first, filtered by commodity, place and dates',
        description:
          'commodity takes a catalogue code or any Agmarknet name of it; state, district and market take names, case ignored. ' +
          'A name that matches nothing answers 422. Pages with limit and the nextCursor of the previous page.',
        security: [{ bearerAuth: [] }],
        querystring: PriceListQuery,
        response: { 200: pageOf(Price), ...problemResponses(401, 403, 422) },
      },
      preValidation: dropEmptyParameters,
      config: { permission: 'markets:read' },
    },
    async (request) => {
      const { limit, cursor, commodity, state, district, market, from, to } = request.query;
      checkRange(from, to);
      let after: PriceCursor | undefined;
      if (cursor !== undefined) {
        const key = decodeCursor(cursor, 5);
        if (!isCursor(key)) {
          throw new AppError('validation_failed', 'cursor is not a cursor this list handed out', {
            errors: [{ path: 'query.cursor', message: 'is not a valid cursor' }],
          });
        }
        after = key;
      }
      const rows = await db.platform(
        async (tx) => {
          const code = commodity === undefined ? undefined : (await resolveCommodity(tx, commodity)).code;
          const places = await resolvePlaces(tx, { state, district, market });
          return listPrices(tx, { commodity: code, ...places, from, to }, { after, limit: limit + 1 });
        },
        { readOnly: true },
      );
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        items: items.map(present),
        nextCursor:
          rows.length > limit && last ? encodeCursor([last.arrival_date, last.market_id, last.commodity, last.variety, last.grade]) : null,
      };
    },
  );
};
