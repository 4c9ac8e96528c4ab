import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AppError, problemResponses } from '../../errors.js';
import { CROP_GDD_PARAMETERS } from '../../lib/agronomy/gdd.js';
import { addDays } from '../../lib/calendar.js';
import { MAX_HISTORY_DAYS } from '../../integrations/weather/index.js';
import { DEFAULT_SOIL_TEXTURE, SOIL_TEXTURES, type SoilTexture } from '../../lib/agronomy/soil-water.js';
import { findField } from '../registry/index.js';
import { tenantScope, tenantSettings } from '../../auth/index.js';
import { buildAdvisory, WATER_BALANCE_LOOK_BACK_DAYS, type AdvisoryCycle } from './compute.js';
import { recordedWater } from './irrigation-repository.js';
import { pickLanguage } from './language.js';
import { currentCropCycle } from './repository.js';
import { AdvisorySchema } from './schemas.js';

const latestOf = (a: string, b: string) => (a > b ? a : b);

/** Degree days count from sowing (as far as history reaches); the water balance needs at most its look-back. */
const historyStart = (cycle: AdvisoryCycle, today: string) =>
  latestOf(cycle.sowingDate, addDays(today, CROP_GDD_PARAMETERS[cycle.crop] ? 1 - MAX_HISTORY_DAYS : -WATER_BALANCE_LOOK_BACK_DAYS));

export const advisoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/fields/:id/advisories',
    {
      schema: {
        operationId: 'getFieldAdvisories',
        tags: ['weather'],
        summary: "Irrigation, spraying and weather-risk advice for a field's current crop",
        description:
          'ET0 (FAO-56 Penman–Monteith) and ETc = Kc × ET0 per day over the recent past and the forecast, irrigation advice from the ' +
          'root-zone water balance (counting the irrigation and gauge rain recorded on the field), growing degree days since sowing, spray windows and weather risks with the thresholds behind them. ' +
          'Texts follow Accept-Language (en or hi), wholly in that language, with dates and times as people read them in IST; ' +
          'spray windows lie between sunrise and sunset at the field, their start and end ISO 8601 with +05:30.',
        security: [{ bearerAuth: [] }],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object({
          soil: Type.Optional(
            Type.Union(
              SOIL_TEXTURES.map((t) => Type.Literal(t)),
              { description: `soil texture of the field; default ${DEFAULT_SOIL_TEXTURE}` },
            ),
          ),
        }),
        response: { 200: AdvisorySchema, ...problemResponses(401, 403, 404, 422, 503) },
      },
      config: { permission: 'registry:read' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request, true);
      const { field, settings } = await app.resources.db.tenant(
        tenantId,
        async (tx) => ({ field: await findField(tx, request.params.id), settings: await tenantSettings(tx) }),
        options,
      );
      if (!field) throw new AppError('not_found', 'No such field');
      const forecast = await app.outside.weather.forecast(field.centroid_lat, field.centroid_lon);
      // The place's own calendar day, as the forecast gives it.
      const today = forecast.current.time.slice(0, 10);
      const { cycle, recordedWater: water } = await app.resources.db.tenant(
        tenantId,
        async (tx) => ({
          cycle: await currentCropCycle(tx, field.id, today),
          recordedWater: await recordedWater(tx, field.id, addDays(today, -WATER_BALANCE_LOOK_BACK_DAYS), today),
        }),
        options,
      );
      const history =
        cycle && cycle.sowingDate < today
          ? await app.outside.weather
              .history(field.centroid_lat, field.centroid_lon, historyStart(cycle, today), today)
              // Degree days and the water balance are parts of the advice; without history they count
              // only the days the forecast covers (degree days say how many they lack).
              .catch((error: unknown) => void request.log.warn({ err: error }, 'weather history unavailable for the advisory'))
          : undefined;
      // Without Accept-Language, the organisation's default language (its settings).
      const asked = request.headers['accept-language'];
      const language = asked ? pickLanguage(asked) : settings?.defaultLanguage === 'hi' ? 'hi' : 'en';
      reply.header('content-language', language).header('vary', 'Accept-Language');
      return buildAdvisory({
        today,
        latitudeDeg: field.centroid_lat,
        longitudeDeg: field.centroid_lon,
        forecast,
        ...(history ? { history } : {}),
        cycle,
        recordedWater: water,
        soilTexture: (request.query.soil ?? DEFAULT_SOIL_TEXTURE) as SoilTexture,
        language,
      });
    },
  );
};
