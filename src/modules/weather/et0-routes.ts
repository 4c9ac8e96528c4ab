import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AppError, problemResponses } from '../../errors.js';
import { calendarDate } from '../../http/schemas.js';
import { AgronomyInputError, et0PenmanMonteith, type Et0Input } from '../../lib/agronomy/index.js';

const Et0Request = Type.Object(
  {
    date: calendarDate(),
    latitudeDeg: Type.Number({ minimum: -90, maximum: 90 }),
    elevationM: Type.Number({ minimum: -500, maximum: 9000 }),
    tMaxC: Type.Number({ minimum: -60, maximum: 60 }),
    tMinC: Type.Number({ minimum: -60, maximum: 60 }),
    rhMaxPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    rhMinPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    rhMeanPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    tDewC: Type.Optional(Type.Number({ minimum: -60, maximum: 60 })),
    windSpeedMs: Type.Number({ minimum: 0, maximum: 75 }),
    windHeightM: Type.Optional(Type.Number({ minimum: 0.1, maximum: 100, default: 2 })),
    sunshineHours: Type.Optional(Type.Number({ minimum: 0, maximum: 24 })),
    solarRadiationMJm2: Type.Optional(Type.Number({ minimum: 0, maximum: 50 })),
  },
  { additionalProperties: false },
);

/**
 * POST /v1/tools/et0: one day's FAO-56 Penman–Monteith reference evapotranspiration with every
 * intermediate value, so an agronomist can check Kheti's numbers against the paper's worked examples.
 */
export const et0Routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/tools/et0',
    {
      schema: {
        operationId: 'computeEt0',
        tags: ['weather'],
        summary: 'FAO-56 Penman–Monteith ET0 for one day, with the intermediate steps',
        security: [{ bearerAuth: [] }],
        body: Et0Request,
        response: {
          200: Type.Object({ et0Mm: Type.Number(), steps: Type.Record(Type.String(), Type.Unknown()) }),
          ...problemResponses(401, 422),
        },
      },
      config: { permission: 'weather:read' },
    },
    async (request) => {
      const body = request.body;
      const humidity: Et0Input['humidity'] =
        body.tDewC !== undefined
          ? { tDewC: body.tDewC }
          : body.rhMaxPct !== undefined
            ? { rhMaxPct: body.rhMaxPct, ...(body.rhMinPct !== undefined ? { rhMinPct: body.rhMinPct } : {}) }
            : body.rhMeanPct !== undefined
              ? { rhMeanPct: body.rhMeanPct }
              : undefined;
      const radiation: Et0Input['radiation'] =
        body.solarRadiationMJm2 !== undefined
          ? { solarRadiationMJm2: body.solarRadiationMJm2 }
          : body.sunshineHours !== undefined
            ? { sunshineHours: body.sunshineHours }
            : undefined;
      try {
        const { et0Mm, steps } = et0PenmanMonteith({
          date: body.date,
          latitudeDeg: body.latitudeDeg,
          elevationM: body.elevationM,
          tMaxC: body.tMaxC,
          tMinC: body.tMinC,
          humidity,
          radiation,
          wind: { speedMs: body.windSpeedMs, heightM: body.windHeightM },
        });
        return { et0Mm: Math.round(et0Mm * 100) / 100, steps: steps as unknown as Record<string, unknown> };
      } catch (error) {
        if (!(error instanceof AgronomyInputError)) throw error;
        throw new AppError('validation_failed', error.message, { errors: [{ path: `body.${error.field}`, message: error.message }] });
      }
    },
  );
};
