import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError, problemResponses } from '../../errors.js';
import { findCrop } from '../crops/index.js';
import { pmfbyClassOf } from './crop-class-repository.js';
import { pmfbyPremium, premiumBasis } from './premium.js';
import { Premium, PremiumRequest } from './schemas.js';

/**
 * POST /v1/tools/pmfby-premium: what a farmer pays for PMFBY cover of a crop, from the crop's
 * sourced class (reference/pmfby-crop-classes.csv). A crop whose class is not sourced gets a 422
 * saying so, never a guessed rate.
 */
export const pmfbyPremiumRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;

  app.post(
    '/v1/tools/pmfby-premium',
    {
      schema: {
        operationId: 'calculatePmfbyPremium',
        tags: ['insurance'],
        summary: "The farmer's PMFBY premium for a crop, season, area and sum insured; with an actuarial rate, the government's share",
        security: [{ bearerAuth: [] }],
        body: PremiumRequest,
        response: { 200: Premium, ...problemResponses(401, 403, 415, 422) },
      },
      config: { permission: 'insurance:read' },
    },
    async (request) => {
      const { crop, season, areaHa, sumInsuredPerHaInr, actuarialRatePct } = request.body;
      const found = await db.platform(async (tx) => ({ crop: await findCrop(tx, crop), cropClass: await pmfbyClassOf(tx, crop) }));
      if (!found.crop) {
        throw new AppError('validation_failed', `No crop "${crop}" in the crop catalogue (GET /v1/crops)`, {
          errors: [{ path: 'body.crop', message: 'must be a crop code of the catalogue' }],
        });
      }
      if (!found.cropClass) {
        throw new AppError(
          'validation_failed',
          `No sourced PMFBY class for ${crop}: whether it is a food, oilseed or annual commercial/horticultural crop is not recorded, so its premium rate is not known here`,
          { errors: [{ path: 'body.crop', message: 'has no sourced PMFBY crop class' }] },
        );
      }
      const { cropClass, source } = found.cropClass;
      const premium = pmfbyPremium({ cropClass, season, areaHa, sumInsuredPerHaInr, actuarialRatePct });
      return { crop, season, cropClass, areaHa, ...premium, basis: premiumBasis(crop, cropClass, season, source) };
    },
  );
};
