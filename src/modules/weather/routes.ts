import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AppError, problemResponses } from '../../errors.js';
import { fieldPositions } from '../registry/index.js';
import { tenantScope } from '../../auth/index.js';

/**
 * The forecast as the providers give it, converted to °C, km/h and mm: `source` names who
 * answered (or `synthetic` for the offline twin), `stale` marks a cached answer served while
 * every upstream was down.
 */
const WeatherAnswer = Type.Object(
  {
    source: Type.String(),
    fetchedAt: Type.String(),
    stale: Type.Boolean(),
    lat: Type.Number(),
    lon: Type.Number(),
    current: Type.Object({}, { additionalProperties: true }),
    hourly: Type.Array(Type.Object({}, { additionalProperties: true })),
    daily: Type.Array(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: true },
);

export const weatherRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const security = [{ bearerAuth: [] }];

  app.get(
    '/v1/weather',
    {
      schema: {
        operationId: 'getWeather',
        tags: ['weather'],
        summary: 'Current weather, 48 hours and 7 days for a place',
        security,
        querystring: Type.Object({ lat: Type.Number({ minimum: -90, maximum: 90 }), lon: Type.Number({ minimum: -180, maximum: 180 }) }),
        response: { 200: WeatherAnswer, ...problemResponses(401, 403, 422, 503) },
      },
      config: { permission: 'weather:read' },
    },
    async (request) => app.outside.weather.forecast(request.query.lat, request.query.lon),
  );

  app.get(
    '/v1/fields/:id/weather',
    {
      schema: {
        operationId: 'getFieldWeather',
        tags: ['weather'],
        summary: "The weather at a field's centroid",
        security,
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: WeatherAnswer, ...problemResponses(401, 403, 404, 422, 503) },
      },
      config: { permission: 'registry:read' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request, true);
      const { db, tenantStamps } = app.resources;
      const field = await fieldPositions.read(db, tenantStamps, tenantId, request.params.id, options);
      if (!field) throw new AppError('not_found', 'No such field');
      // The cached answer's JSON as stored: Fastify sends a string with a JSON content type as it is
      // (the reply's type names the schema's object, hence the cast). It is JSON.stringify of a
      // WeatherAnswer, which the schema above admits in full (test/modules/weather.test.ts checks it).
      const json = await app.outside.weather.forecastJson(field.lat, field.lon);
      return reply.type('application/json; charset=utf-8').send(json as never);
    },
  );
};
