import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problemResponses } from '../../errors.js';
import { orNull } from '../../http/schemas.js';
import { CommodityName, CommodityParameter, checkDay, Day, dropEmptyParameters, Msp, PlaceQuery } from './price-schemas.js';
import { cachedPriceTrend } from './trends.js';

const TrendQuery = Type.Object(
  {
    commodity: CommodityParameter,
    ...PlaceQuery,
    days: Type.Integer({ minimum: 1, maximum: 365, default: 90, description: 'days shown, ending on `to` (1-365, default 90)' }),
    to: Type.Optional(Day('last day shown, YYYY-MM-DD; default the newest arrival date with prices for the query')),
  },
  { additionalProperties: false },
);

const Inr = (description: string) => orNull(Type.Number({ description }));

const Point = Type.Object({
  date: Type.String({ format: 'date' }),
  modalPriceInrPerQuintal: Inr("mean of the day's modal prices over every price record the filters keep; null on a day without prices"),
  priceCount: Type.Integer({ description: 'price records (market × variety × grade) of the day' }),
  ma7InrPerQuintal: Inr('mean of the daily prices of the priced days among the 7 calendar days ending on date; null when none'),
  ma30InrPerQuintal: Inr('the same over 30 calendar days'),
  ma90InrPerQuintal: Inr('the same over 90 calendar days'),
});

const Trend = Type.Object({
  commodity: CommodityName,
  state: orNull(Type.String()),
  district: orNull(Type.String()),
  market: orNull(Type.String()),
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  days: Type.Integer(),
  points: Type.Array(Point, { description: 'one per calendar day from `from` to `to`, oldest first' }),
  movingAverages: Type.Object({
    date: Type.String({ format: 'date' }),
    ma7InrPerQuintal: Inr('7-day moving average on `to`'),
    ma30InrPerQuintal: Inr('30-day moving average on `to`'),
    ma90InrPerQuintal: Inr('90-day moving average on `to`'),
  }),
  change: orNull(
    Type.Object(
      {
        fromDate: Type.String({ format: 'date', description: 'the first day of the window with prices' }),
        toDate: Type.String({ format: 'date', description: 'the last day of the window with prices' }),
        fromModalPriceInrPerQuintal: Type.Number(),
        toModalPriceInrPerQuintal: Type.Number(),
        changeInrPerQuintal: Type.Number(),
        changePct: Type.Number({ description: "change in % of the first day's price" }),
      },
      { description: 'null with fewer than two priced days in the window' },
    ),
  ),
  msp: orNull(Msp),
  vsMsp: orNull(
    Type.Object({
      date: Type.String({ format: 'date', description: 'the last day of the window with prices' }),
      modalPriceInrPerQuintal: Type.Number(),
      mspInrPerQuintal: Type.Integer(),
      differenceInrPerQuintal: Type.Number({ description: 'modal − MSP: negative below the MSP' }),
      differencePct: Type.Number({ description: '(modal − MSP) in % of the MSP' }),
    }),
  ),
  mspNote: orNull(Type.String({ description: 'why msp is null' })),
});

/** Price trends: reference data for any signed-in caller. */
export const trendRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, cache } = app.resources;

  app.get(
    '/v1/market-prices/trends',
    {
      schema: {
        operationId: 'getMarketPriceTrends',
        tags: ['markets'],
        summary: "A commodity's modal price over a window: daily means, 7/30/90-day moving averages, the change, and against the MSP",
        description:
          'The daily price is the mean modal price over every price record of the day that the filters keep. A k-day moving average is ' +
          'the mean of the daily prices of the days with prices among the k calendar days ending on the date (days without prices are ' +
          "skipped, not zero). The change runs from the first to the last priced day of the window. The MSP is that of the commodity's " +
          'MSP crop for the marketing year containing the last priced day (KMS from 1 October, RMS from 1 April, raw jute from 1 July, ' +
          'copra by calendar year), the lowest where the crop has several varieties.',
        security: [{ bearerAuth: [] }],
        querystring: TrendQuery,
        response: { 200: Trend, ...problemResponses(401, 403, 422) },
      },
      preValidation: dropEmptyParameters,
      config: { permission: 'markets:read' },
    },
    async (request) => {
      const { commodity, state, district, market, days, to } = request.query;
      checkDay('to', to);
      return cachedPriceTrend(db, cache, { commodity, state, district, market, days, to });
    },
  );
};
