import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { requireTenant, tenantScope } from '../../auth/index.js';
import { AppError, problemResponses } from '../../errors.js';
import { etagOf, replyNotModified } from '../../http/etag.js';
import { answerOnce } from '../../http/idempotency.js';
import { decodeCursor, pageOf, toPage } from '../../http/pagination.js';
import { todayInIndia } from '../../lib/calendar.js';
import type { Boundary } from '../../lib/geometry/index.js';
import { createOnce, cropCycleOn, findField } from '../registry/index.js';
import { findCropLossReport, insertCropLossReport, listCropLossReports, presentCropLossReport } from './loss-report-repository.js';
import { checkPhotos, isLate } from './loss-rules.js';
import { CropLossReport, CropLossReportCreate, CropLossReportListQuery } from './schemas.js';

/**
 * Crop-loss intimations (PMFBY localised calamities): a farmer or field staff reports a loss on a
 * field with geotagged photos; the report is checked for the 72-hour window and the photos'
 * distance from the field, tied to the crop cycle standing that day, and listed for the insurer's
 * survey. Reports are never edited: a survey works from what was said when.
 */
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const security = [{ bearerAuth: [] }];
const TAG = 'insurance';
const RECORD_PATH = '/v1/crop-loss-reports/:id';

export const cropLossReportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;

  app.post(
    '/v1/fields/:id/crop-loss-reports',
    {
      schema: {
        operationId: 'reportFieldCropLoss',
        tags: [TAG],
        summary: 'Intimate a crop loss on a field with geotagged photos; late (after 72 h) or far-off photos are stored and flagged',
        security,
        params: IdParams,
        body: CropLossReportCreate,
        response: { 201: CropLossReport, 200: CropLossReport, ...problemResponses(401, 403, 404, 409, 415, 422) },
      },
      config: { permission: 'crop-loss:report', idempotency: 'in-transaction' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      const { userId } = requireTenant(request);
      const { id = uuidv7(), cause, lossAt, photos, description } = request.body;
      const reportedAt = new Date();
      const lossTime = new Date(lossAt);
      if (lossTime.getTime() > reportedAt.getTime()) {
        throw new AppError('validation_failed', `lossAt (${lossAt}) is in the future`, {
          errors: [{ path: 'body.lossAt', message: 'must not be in the future' }],
        });
      }
      const futurePhoto = photos.findIndex((photo) => new Date(photo.takenAt).getTime() > reportedAt.getTime());
      if (futurePhoto >= 0) {
        throw new AppError('validation_failed', `photos/${futurePhoto}/takenAt is in the future`, {
          errors: [{ path: `body.photos.${futurePhoto}.takenAt`, message: 'must not be in the future' }],
        });
      }
      return answerOnce(request, reply, tenantId, options, async (tx) => {
        const field = await findField(tx, request.params.id, 'share');
        if (!field) throw new AppError('not_found', 'No such field');
        const checked = checkPhotos(photos, field.boundary as Boundary);
        const cycle = await cropCycleOn(tx, field.id, todayInIndia(lossTime));
        const { row, created } = await createOnce(
          () => findCropLossReport(tx, id),
          () =>
            insertCropLossReport(tx, id, tenantId, {
              fieldId: field.id,
              farmerId: field.farmer_id,
              cropCycleId: cycle?.id ?? null,
              crop: cycle?.crop ?? null,
              cause,
              lossAt: lossTime,
              reportedAt,
              late: isLate(lossTime, reportedAt),
              photos: checked,
              locationFlagged: checked.some((photo) => !photo.nearField),
              description: description ?? null,
              createdBy: userId,
            }),
        );
        if (row.field_id !== field.id) throw new AppError('conflict', 'That id is already in use');
        return {
          status: created ? 201 : 200,
          body: presentCropLossReport(row),
          headers: { etag: etagOf(row.version), location: RECORD_PATH.replace(':id', row.id) },
        };
      });
    },
  );

  app.get(
    '/v1/crop-loss-reports',
    {
      schema: {
        operationId: 'listCropLossReports',
        tags: [TAG],
        summary: "The tenant's crop-loss reports for the insurer's survey (a farmer's own), newest first",
        security,
        querystring: CropLossReportListQuery,
        response: { 200: pageOf(CropLossReport), ...problemResponses(401, 403, 422) },
      },
      config: { permission: 'registry:read' },
    },
    async (request) => {
      const { tenantId, options } = tenantScope(request, true);
      const { limit, cursor, ...filter } = request.query;
      const after = cursor ? (decodeCursor(cursor, 2) as [string, string]) : undefined;
      const rows = await db.tenant(tenantId, (tx) => listCropLossReports(tx, filter, after, limit + 1), options);
      const page = toPage(rows, limit, (row) => [row.reported_at.toISOString(), row.id]);
      return { items: page.items.map(presentCropLossReport), nextCursor: page.nextCursor };
    },
  );

  app.get(
    RECORD_PATH,
    {
      schema: {
        operationId: 'getCropLossReport',
        tags: [TAG],
        summary: 'A crop-loss report',
        security,
        params: IdParams,
        response: { 200: CropLossReport, ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'registry:read' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request, true);
      const row = await db.tenant(tenantId, (tx) => findCropLossReport(tx, request.params.id), options);
      if (!row) throw new AppError('not_found', 'No such crop-loss report');
      if (replyNotModified(request, reply, row.version)) return reply;
      return presentCropLossReport(row);
    },
  );
};
