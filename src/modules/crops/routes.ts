import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AppError, problemResponses } from '../../errors.js';
import { SEASONS, findCrop, listCrops } from './catalogue.js';

const Season = Type.Union([Type.Literal('kharif'), Type.Literal('rabi'), Type.Literal('zaid'), Type.Literal('perennial')], {
  description: `one of ${SEASONS.join(', ')}`,
});

const Crop = Type.Object({
  code: Type.String({ description: 'lowercase snake_case; the MSP crop code where the crop has an MSP' }),
  nameEn: Type.String(),
  nameHi: Type.String({ description: 'the common name in Devanagari' }),
  seasons: Type.Array(Season),
  typicalDurationDays: Type.Union([Type.Object({ min: Type.Integer(), max: Type.Integer() }), Type.Null()], {
    description: 'total growing period from FAO-56 Table 11; null where the table has no row that fits India',
  }),
  mspCrop: Type.Union([Type.String(), Type.Null()], { description: 'the crop code in the MSP data, or null without an MSP' }),
  source: Type.String({ description: 'where the seasons and durations come from' }),
});

const CropQuery = Type.Object(
  {
    season: Type.Optional(Season),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'part of the English or Hindi name, any case' })),
  },
  { additionalProperties: false },
);

// Any other spelling of a code is simply not in the catalogue: 404, not a validation error.
const CropParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) });

/** The crop catalogue: public reference data, the same for every tenant. */
export const cropRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;

  app.get(
    '/v1/crops',
    {
      schema: {
        operationId: 'listCrops',
        tags: ['crops'],
        summary: 'The crop catalogue, optionally filtered by season or name',
        querystring: CropQuery,
        response: { 200: Type.Object({ items: Type.Array(Crop) }), ...problemResponses(422) },
      },
      config: { permission: 'public' },
    },
    async (request) => {
      const { season, q } = request.query;
      const items = await db.platform((tx) => listCrops(tx, { season, q }), { readOnly: true });
      return { items };
    },
  );

  app.get(
    '/v1/crops/:code',
    {
      schema: {
        operationId: 'getCrop',
        tags: ['crops'],
        summary: 'One crop of the catalogue',
        params: CropParams,
        response: { 200: Crop, ...problemResponses(404, 422) },
      },
      config: { permission: 'public' },
    },
    async (request) => {
      const crop = await db.platform((tx) => findCrop(tx, request.params.code), { readOnly: true });
      if (!crop) throw new AppError('not_found', `No crop ${request.params.code} in the catalogue`);
      return crop;
    },
  );
};
