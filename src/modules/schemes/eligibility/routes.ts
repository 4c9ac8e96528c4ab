import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { tenantScope } from '../../../auth/index.js';
import { AppError, problemResponses } from '../../../errors.js';
import { decodeCursor, PageQuery, toPage } from '../../../http/pagination.js';
import { oneOf } from '../../../http/schemas.js';
import { farmerEligibilityProfile } from '../../registry/index.js';
import { findScheme } from '../repository.js';
import { evaluateEligibility } from './evaluate.js';
import { eligibleFarmers, ruleOf, schemesWithRules, todayInIndia } from './service.js';

const security = [{ bearerAuth: [] }];

const Reason = Type.Object({
  criterion: Type.String(),
  met: Type.Union([Type.Boolean(), Type.Null()], { description: 'null: cannot tell, the profile lacks what it needs' }),
  text: Type.String(),
  textHi: Type.String(),
});
const answer = {
  eligible: Type.Union([Type.Boolean(), Type.Null()], {
    description: 'true: every criterion met; false: one is not; null: none fails but some cannot be told (see missing)',
  }),
  reasons: Type.Array(Reason),
  missing: Type.Array(Type.String(), { description: 'farmer fields to fill in for an answer: dateOfBirth, declarations.epfoNpsEsic …' }),
};
const SchemeRef = Type.Object({ id: Type.String({ format: 'uuid' }), code: Type.String(), name: Type.String() });
const FarmerRef = Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() });

export const schemeEligibilityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;

  app.get(
    '/v1/farmers/:id/eligible-schemes',
    {
      schema: {
        operationId: 'listFarmerEligibleSchemes',
        tags: ['schemes'],
        summary: "Every scheme with an eligibility rule, evaluated against the farmer's profile, with reasons",
        security,
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ scheme: SchemeRef, ...answer })) }),
          ...problemResponses(401, 403, 404, 422),
        },
      },
      config: { permission: 'schemes:read' },
    },
    async (request) => {
      const { tenantId, options } = tenantScope(request, true);
      const today = todayInIndia();
      return db.tenant(
        tenantId,
        async (tx) => {
          const profile = await farmerEligibilityProfile(tx, request.params.id, today);
          if (!profile) throw new AppError('not_found', 'No such farmer');
          const items = (await schemesWithRules(tx)).map(({ scheme, rule }) => ({
            scheme: { id: scheme.id, code: scheme.code, name: scheme.name },
            ...evaluateEligibility(rule, profile, today),
          }));
          return { items };
        },
        options,
      );
    },
  );

  app.get(
    '/v1/schemes/:idOrCode/eligible-farmers',
    {
      schema: {
        operationId: 'listSchemeEligibleFarmers',
        tags: ['schemes'],
        summary: "A scheme's rule over every farmer of the organisation, with counts, to plan camps (staff)",
        security,
        params: Type.Object({ idOrCode: Type.String({ minLength: 1, maxLength: 64, description: "a scheme's id or code" }) }),
        querystring: Type.Object(
          {
            ...PageQuery.properties,
            eligible: Type.Optional(oneOf(['true', 'false', 'unknown'] as const, { description: 'only farmers with this answer' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            scheme: SchemeRef,
            counts: Type.Object(
              { eligible: Type.Integer(), notEligible: Type.Integer(), unknown: Type.Integer(), total: Type.Integer() },
              { description: 'over every farmer, whatever the filter: eligible + notEligible + unknown = total' },
            ),
            items: Type.Array(Type.Object({ farmer: FarmerRef, ...answer })),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problemResponses(401, 403, 404, 409, 422),
        },
      },
      config: { permission: 'schemes:eligible-farmers' },
    },
    async (request) => {
      const { tenantId, options } = tenantScope(request, true);
      const { limit, cursor, eligible } = request.query;
      const after = cursor ? (decodeCursor(cursor, 2) as [string, string]) : undefined;
      return db.tenant(
        tenantId,
        async (tx) => {
          const scheme = await findScheme(tx, request.params.idOrCode);
          if (!scheme) throw new AppError('not_found', 'No such scheme');
          const rule = ruleOf(scheme);
          if (!rule) throw new AppError('conflict', 'This scheme has no eligibility rule yet');
          const { counts, rows } = await eligibleFarmers(tx, rule, eligible, after, limit, todayInIndia());
          const page = toPage(rows, limit, (row) => [row.farmer.name, row.farmer.id]);
          return { scheme: { id: scheme.id, code: scheme.code, name: scheme.name }, counts, ...page };
        },
        options,
      );
    },
  );
};
