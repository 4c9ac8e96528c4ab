import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { preValidationHookHandler } from 'fastify';
import Type from 'typebox';
import { problemResponses } from '../../errors.js';
import { replyNotModified } from '../../http/etag.js';
import { catalogueCode } from '../../lib/catalogue-code.js';
import { orNull } from '../../http/schemas.js';
import { MSP_SEASONS } from './msp-repository.js';
import { findMspPrices, type MspItem } from './msp-service.js';

const Season = Type.Enum(MSP_SEASONS, {
  description: 'kharif or rabi marketing season, calendar_year (copra) or jute_season (raw jute)',
});

const MspQuery = Type.Object(
  {
    crop: Type.Optional(
      Type.String({ maxLength: 64, description: 'a crop code of the catalogue that has an MSP (paddy, wheat, tur_arhar …)' }),
    ),
    season: Type.Optional(Season),
    year: Type.Optional(Type.String({ maxLength: 32, description: 'marketing year like 2025-26; for copra a calendar year like 2025' })),
    variety: Type.Optional(
      Type.String({
        maxLength: 64,
        description: 'common, grade_a, hybrid, maldandi, in_shell, yellow, medium_staple, long_staple, milling, ball, raw',
      }),
    ),
  },
  { additionalProperties: false },
);

const MspSource = Type.Object({
  key: Type.String(),
  what: Type.String({ description: 'the announcement or table' }),
  where: Type.String({ description: 'where it was read' }),
  detail: orNull(Type.String({ description: 'what this price takes from the source ("2014-15 column"), when the data says' })),
});

const Msp = Type.Object({
  crop: Type.String({ description: 'crop code of the catalogue (GET /v1/crops)' }),
  cropName: Type.Object({ en: Type.String(), hi: Type.String({ description: 'in Devanagari' }) }),
  variety: orNull(Type.String({ description: 'null for a crop with one MSP a year' })),
  season: Season,
  marketingYear: Type.String({ description: 'KMS/RMS/jute season like 2025-26; copra: calendar year like 2025' }),
  mspInrPerQuintal: Type.Integer({ description: 'the Minimum Support Price, ₹ per quintal (bonus included where note says so)' }),
  priceInrPerQuintal: Type.Integer({ description: 'the same as mspInrPerQuintal (the name in the first API notes)' }),
  verification: Type.Enum(['verified', 'verified-secondary', 'derived'], {
    description:
      'verified: an official release table; verified-secondary: a copy of the official table; derived: previous official value plus the announced increase',
  }),
  note: orNull(Type.String()),
  source: Type.String({ description: 'the sources as the data cites them: KEY(detail);KEY' }),
  sources: Type.Array(MspSource),
});

/** `?crop=&year=2025-26` is what a form sends for "any crop": an empty parameter is no filter. */
const dropEmptyParameters: preValidationHookHandler = async (request) => {
  const query = request.query as Record<string, unknown>;
  for (const [name, value] of Object.entries(query)) if (value === '') delete query[name];
};

const present = (item: MspItem) => ({
  ...item,
  priceInrPerQuintal: item.mspInrPerQuintal,
  source: item.sources.map((s) => (s.detail ? `${s.key}(${s.detail})` : s.key)).join(';'),
});

/**
 * Reference data has no row versions: the answer's version is a digest of its content, so the ETag
 * changes exactly when a migration changes what this query answers.
 */
const versionOf = (body: unknown) => Number.parseInt(createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 12), 16);

/** Minimum Support Prices: reference data, the same for every tenant, for any signed-in caller. */
export const mspRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;

  app.get(
    '/v1/msp',
    {
      schema: {
        operationId: 'listMspPrices',
        tags: ['markets'],
        summary: 'Minimum Support Prices by crop, season, marketing year and variety, each with its sources',
        description:
          'Kharif marketing season 2025-26 = crops sown in kharif 2025; rabi marketing season 2026-27 = crops sown in rabi 2025-26 ' +
          'and marketed from April 2026; copra is fixed per calendar year. An unknown crop, variety or a year in the wrong form answers 422 naming what is accepted.',
        security: [{ bearerAuth: [] }],
        querystring: MspQuery,
        response: { 200: Type.Object({ items: Type.Array(Msp) }), ...problemResponses(401, 403, 422) },
      },
      preValidation: dropEmptyParameters,
      config: { permission: 'markets:read' },
    },
    async (request, reply) => {
      const { crop } = request.query;
      const items = await findMspPrices(db, { ...request.query, crop: crop === undefined ? undefined : catalogueCode(crop) });
      const body = { items: items.map(present) };
      if (replyNotModified(request, reply, versionOf(body))) return reply;
      return body;
    },
  );
};
