import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { AppError } from '../../../errors.js';
import type { Tx } from '../../../infra/db/index.js';
import { findCrop, listCrops } from '../../crops/index.js';
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
import { CropCycle, CropCycleCreate, CropCyclePatch } from './schemas.js';

export const cropCycleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const record = registryRecord({
    path: '/v1/crop-cycles/:id',
    tag: 'crop cycles',
    noun: 'crop cycle',
    find: findCropCycle,
    remove: deleteCropCycle,
  });

  const records = { path: '/v1/fields/:id/crop-cycles', schema: CropCycle, present: presentCropCycle };
  createFieldRecordRoute<CropCycleRow, Static<typeof CropCycleCreate>>(app, record, {
    ...records,
    summary: 'Record a crop sown on a field',
    body: CropCycleCreate,
    insert: async (tx, id, tenantId, field, body) => {
      checkDates(body.sowingDate, body.expectedHarvestDate, 'expectedHarvestDate');
      const crop = await catalogueCrop(tx, body.crop);
      return insertCropCycle(tx, id, tenantId, field, { ...body, crop });
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
    update: async (tx, current, body) => {
      const harvest = body.expectedHarvestDate === undefined ? current.expected_harvest_date : body.expectedHarvestDate;
      checkDates(
        body.sowingDate ?? current.sowing_date,
        harvest,
        body.expectedHarvestDate === undefined ? 'sowingDate' : 'expectedHarvestDate',
      );
      const crop = body.crop === undefined ? undefined : await catalogueCrop(tx, body.crop);
      return updateCropCycle(tx, current.id, { ...body, crop });
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

/**
 * The catalogue's code for a crop (case, spaces and hyphens forgiven), or 422 naming accepted codes:
 * first those whose English or Hindi name contains what was sent ("rice" suggests paddy).
 */
async function catalogueCrop(tx: Tx, crop: string): Promise<string> {
  const code = crop
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  const found = await findCrop(tx, code);
  if (found) return found.code;
  const named = await listCrops(tx, { q: crop.trim() });
  const accepted = [...new Set([...named, ...(await listCrops(tx))].map((c) => c.code))].slice(0, 8);
  throw new AppError(
    'validation_failed',
    `"${crop}" is not in the crop catalogue (GET /v1/crops); accepted codes include ${accepted.join(', ')}`,
    {
      errors: [{ path: 'body.crop', message: `is not a crop code of the catalogue; accepted codes include ${accepted.join(', ')}` }],
      extensions: { acceptedCrops: accepted },
    },
  );
}
