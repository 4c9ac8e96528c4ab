import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problemResponses } from '../../errors.js';

const GeocodePlace = Type.Object(
  {
    name: Type.String(),
    state: Type.Optional(Type.String()),
    country: Type.String({ description: 'ISO 3166 alpha-2; IN for every gazetteer answer' }),
    lat: Type.Number(),
    lon: Type.Number(),
    localNames: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'names by ISO 639 language code (hi, mr, …)' })),
    distanceKm: Type.Optional(Type.Number({ description: 'reverse only: great-circle distance from the asked point' })),
  },
  { additionalProperties: false },
);

/** `source` says who answered: `openweather`, or `gazetteer` (offline, district headquarters) when there is no key or OpenWeather failed. */
const GeocodeAnswer = Type.Object(
  {
    source: Type.Union([Type.Literal('openweather'), Type.Literal('gazetteer')]),
    results: Type.Array(GeocodePlace),
  },
  { additionalProperties: false },
);

const Limit = Type.Integer({ minimum: 1, maximum: 5, default: 5, description: 'Places to answer (1-5)' });

export const geocodeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const security = [{ bearerAuth: [] }];

  app.get(
    '/v1/geocode',
    {
      schema: {
        operationId: 'searchPlaces',
        tags: ['weather'],
        summary: 'Places for a name ("Nashik", "Nashik, Maharashtra", "Hamirpur, UP"); India unless a country is named',
        security,
        querystring: Type.Object({
          q: Type.String({
            maxLength: 100,
            pattern: '\\S',
            description: 'A place name, optionally followed by ", state" and ", country"; 1-100 characters, not only spaces',
          }),
          limit: Limit,
        }),
        response: { 200: GeocodeAnswer, ...problemResponses(401, 403, 422) },
      },
      config: { permission: 'weather:read' },
    },
    async (request) => app.outside.geocoder.forward(request.query.q, { limit: request.query.limit }),
  );

  app.get(
    '/v1/geocode/reverse',
    {
      schema: {
        operationId: 'listNearbyPlaces',
        tags: ['weather'],
        summary: 'The places nearest a point, nearest first, with their distance',
        security,
        querystring: Type.Object({
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          lon: Type.Number({ minimum: -180, maximum: 180 }),
          limit: Limit,
        }),
        response: { 200: GeocodeAnswer, ...problemResponses(401, 403, 422) },
      },
      config: { permission: 'weather:read' },
    },
    async (request) => app.outside.geocoder.reverse(request.query.lat, request.query.lon, { limit: request.query.limit }),
  );
};
