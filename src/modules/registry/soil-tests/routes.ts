import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { AppError } from '../../../errors.js';
import { todayInIndia } from '../../../lib/calendar.js';
import {
  createFieldRecordRoute,
  deleteRecordRoute,
  listFieldRecordsRoute,
  patchRecordRoute,
  readRecordRoute,
  registryRecord,
} from '../record-routes.js';
import {
  deleteSoilTest,
  findSoilTest,
  insertSoilTest,
  listSoilTests,
  presentSoilTest,
  updateSoilTest,
  type SoilTestRow,
} from './repository.js';
import { MEASUREMENTS, SoilTest, SoilTestCreate, SoilTestPatch, type Measurements } from './schemas.js';

export const soilTestRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const record = registryRecord({
    path: '/v1/soil-tests/:id',
    tag: 'soil tests',
    operationNoun: 'SoilTest',
    noun: 'soil test',
    find: findSoilTest,
    remove: deleteSoilTest,
  });

  const records = { path: '/v1/fields/:id/soil-tests', schema: SoilTest, present: presentSoilTest };
  createFieldRecordRoute<SoilTestRow, Static<typeof SoilTestCreate>>(app, record, {
    ...records,
    summary: 'Record a soil test (Soil Health Card values) of a field',
    body: SoilTestCreate,
    insert: (tx, id, tenantId, field, { sampledOn, lab, ...rest }) => {
      checkSampledOn(sampledOn);
      return insertSoilTest(tx, id, tenantId, field, { sampledOn, lab: lab ?? null, measurements: measured(rest) });
    },
  });

  listFieldRecordsRoute(app, record, {
    ...records,
    summary: 'Soil tests of a field, latest sample first',
    list: listSoilTests,
    cursorOf: (row) => [row.sampled_on, row.id],
  });

  readRecordRoute(app, record, SoilTest, presentSoilTest);

  patchRecordRoute<SoilTestRow, Static<typeof SoilTestPatch>>(app, record, {
    summary: 'Correct a soil test; null clears a value',
    body: SoilTestPatch,
    schema: SoilTest,
    present: presentSoilTest,
    update: (tx, current, { sampledOn, lab, ...changes }) => {
      if (sampledOn !== undefined) checkSampledOn(sampledOn);
      const merged: Record<string, number | null | undefined> = { ...current.measurements, ...changes };
      return updateSoilTest(tx, current.id, { sampledOn, lab, measurements: measured(merged) });
    },
  });

  deleteRecordRoute(app, record, 'Delete a soil test');
};

function checkSampledOn(sampledOn: string) {
  const today = todayInIndia();
  if (sampledOn > today) {
    throw new AppError('validation_failed', `sampledOn (${sampledOn}) is in the future; today is ${today} in India`, {
      errors: [{ path: 'body.sampledOn', message: 'must not be in the future' }],
    });
  }
}

/** The measured values, in catalogue order; a test without any is no test. */
function measured(values: Record<string, number | null | undefined>): Measurements {
  const out: Measurements = {};
  for (const name of MEASUREMENTS) {
    const value = values[name];
    if (typeof value === 'number') out[name] = value;
  }
  if (Object.keys(out).length === 0) {
    throw new AppError('validation_failed', 'A soil test needs at least one measured value', {
      errors: [{ path: 'body', message: `needs at least one of ${MEASUREMENTS.join(', ')}` }],
    });
  }
  return out;
}
