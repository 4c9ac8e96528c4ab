import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { AppError } from '../../../errors.js';
import { findCrop } from '../../crops/index.js';
import {
  createFieldRecordRoute,
  deleteRecordRoute,
  listFieldRecordsRoute,
  patchRecordRoute,
  readRecordRoute,
  registryRecord,
} from '../record-routes.js';
import {
  deleteCropCycle,
  findCropCycle,
  insertCropCycle,
  listCropCycles,
  presentCropCycle,
  updateCropCycle,
  type CropCycleRow,
} from './repository.js';
import { catalogueCrop, checkNoOverlap, checkSowingNotFarAhead, seasonOf } from './rules.js';
import { CropCycle, CropCycleCreate, CropCyclePatch } from './schemas.js';

export const cropCycleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const record = registryRecord({
    path: '/v1/crop-cycles/:id',
    tag: 'crop cycles',
    operationNoun: 'CropCycle',
    noun: 'crop cycle',
    find: findCropCycle,
    remove: deleteCropCycle,
  });

  const records = { path: '/v1/fields/:id/crop-cycles', schema: CropCycle, present: presentCropCycle };
  createFieldRecordRoute<CropCycleRow, Static<typeof CropCycleCreate>>(app, record, {
    ...records,
    summary: 'Record a crop sown on a field',
    body: CropCycleCreate,
    insert: async (tx, id, tenantId, field, { intercrop, ...body }) => {
      checkDates(body.sowingDate, body.expectedHarvestDate, 'expectedHarvestDate');
      const crop = await catalogueCrop(tx, body.crop);
      const season = seasonOf(crop, body.season, 'body.season');
      checkSowingNotFarAhead(body.sowingDate);
      const span = { crop: crop.code, sowingDate: body.sowingDate, expectedHarvestDate: body.expectedHarvestDate ?? null };
      await checkNoOverlap(tx, field.id, id, span, intercrop);
      return insertCropCycle(tx, id, tenantId, field, { ...body, crop: crop.code, season });
    },
  });

  listFieldRecordsRoute(app, record, {
    ...records,
    summary: 'Crop cycles of a field, latest sowing first',
    list: listCropCycles,
    cursorOf: (row) => [row.sowing_date, row.id],
  });

  readRecordRoute(app, record, CropCycle, presentCropCycle);

  patchRecordRoute<CropCycleRow, Static<typeof CropCyclePatch>>(app, record, {
    summary: 'Change a crop cycle',
    body: CropCyclePatch,
    schema: CropCycle,
    present: presentCropCycle,
    update: async (tx, current, { intercrop, ...body }) => {
      const sowingDate = body.sowingDate ?? current.sowing_date;
      const harvest = body.expectedHarvestDate === undefined ? current.expected_harvest_date : body.expectedHarvestDate;
      checkDates(sowingDate, harvest, body.expectedHarvestDate === undefined ? 'sowingDate' : 'expectedHarvestDate');
      // A change is held to the rules a new cycle obeys, for what it changes: an old cycle whose
      // variety is corrected is not refused for a rule it was recorded before.
      const crop = body.crop === undefined ? undefined : await catalogueCrop(tx, body.crop);
      let season: CropCycleRow['season'] | undefined;
      if (crop || body.season !== undefined) {
        const cropNow = crop ?? (await findCrop(tx, current.crop));
        if (cropNow) season = seasonOf(cropNow, body.season ?? current.season, body.season === undefined ? 'body.crop' : 'body.season');
      }
      if (body.sowingDate !== undefined) checkSowingNotFarAhead(body.sowingDate);
      if (crop || body.sowingDate !== undefined || body.expectedHarvestDate !== undefined) {
        const span = { crop: crop?.code ?? current.crop, sowingDate, expectedHarvestDate: harvest };
        await checkNoOverlap(tx, current.field_id, current.id, span, intercrop);
      }
      return updateCropCycle(tx, current.id, { ...body, crop: crop?.code, season });
    },
  });

  deleteRecordRoute(app, record, 'Delete a crop cycle');
};

/** A harvest comes after sowing; the error names whichever date the request sent. */
function checkDates(sowing: string, harvest: string | null | undefined, blame: 'sowingDate' | 'expectedHarvestDate') {
  if (harvest && harvest <= sowing) {
    throw new AppError('validation_failed', `expectedHarvestDate (${harvest}) must be after sowingDate (${sowing})`, {
      errors: [
        {
          path: `body.${blame}`,
          message: blame === 'expectedHarvestDate' ? 'must be after sowingDate' : 'must be before expectedHarvestDate',
        },
      ],
    });
  }
}
