import { AppError } from '../../../errors.js';
import type { Db, Tx, TxOptions } from '../../../infra/db/index.js';
import { BOUNDARY_LIMITS, boundariesOverlap, validateBoundary, type Boundary } from '../../../lib/geometry/index.js';
import { farmsByIds } from '../farms/repository.js';
import {
  allowsOutsideIndia,
  fieldBoxesOfFarms,
  fieldsByIds,
  insertFields,
  visibleFieldIds,
  type BoundaryColumns,
  type FieldBox,
} from './repository.js';
import { OVERSIZE } from './import-upload.js';
import { measureBoundary, type FieldWarning } from './service.js';
import { isUuid } from '../../../lib/uuid.js';
import { nameBasedId } from '../name-based-id.js';

/**
 * Bulk import of field boundaries: a GeoJSON FeatureCollection (read as a stream) or a KML
 * document, each feature created or reported with its own errors.
 *
 * How it runs, and why in this order:
 *   1. read: the whole upload is parsed into features before anything is written. A body that is
 *      not JSON, not a FeatureCollection, too large or with more than MAX_FEATURES features is
 *      answered with a problem and nothing is created, so a client never has to work out what a
 *      half-read file left behind.
 *   2. check: every feature is checked (its farm, name and id; its geometry through the same
 *      measureBoundary as POST /v1/fields) in one transaction with a handful of queries in all.
 *   3. write: the valid new features are inserted in transactions of INSERT_BATCH rows, one
 *      INSERT per transaction. Batches, not one transaction: each insert takes the tenant's
 *      registry-change lock (see migration 0005) and PGlite runs one transaction at a time, so a
 *      5 000-row transaction would stall every other registry write of the tenant (and, embedded,
 *      every request) for its whole length, where a batch holds them for a fraction of a second.
 *      Should a batch's INSERT fail, the batch is retried one feature at a time, each under a
 *      savepoint, so a bad row fails alone. An outage midway leaves the earlier batches stored:
 *      the import is safe to repeat, because every feature has an id (its `properties.id`, else
 *      one derived from its farm and boundary) and a repeated feature answers `exists`.
 *   4. warn: overlaps with other fields of the same farm are found for all new fields at once.
 */

/** Rows per write transaction: against 100, 200 and 1 000, 500 imported fastest in bench/field-import.ts. */
export const INSERT_BATCH = 500;

/** Rules of an import besides the geometry rules of validateBoundary. */
export const IMPORT_RULES = [
  'not_a_feature',
  'invalid_properties',
  'invalid_id',
  'duplicate_id',
  'duplicate_feature',
  'farm_required',
  'farm_not_found',
  'invalid_name',
  'id_in_use',
  'not_stored',
] as const;

export interface ImportError {
  path: string;
  message: string;
  rule?: string;
}

export interface ImportResult {
  index: number;
  id?: string;
  status: 'created' | 'exists' | 'failed';
  errors?: ImportError[];
  warnings?: FieldWarning[];
}

export interface ImportSummary {
  created: number;
  existing: number;
  failed: number;
  results: ImportResult[];
}

export interface ImportScope {
  tenantId: string;
  options: TxOptions;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

// ---------------------------------------------------------------------------------------------
// 2. Checking each feature
// ---------------------------------------------------------------------------------------------

interface Candidate {
  index: number;
  /** The client's id (properties.id, or a UUID feature id). */
  clientId?: string;
  /** The id the field gets: the client's, else derived from farm and boundary. */
  id?: string;
  farmId?: string;
  name: string;
  geometry: unknown;
  errors: ImportError[];
  /** Not a feature at all (or too large to read): nothing more is checked. */
  unreadable?: boolean;
  measures?: BoundaryColumns;
  /** The normalised boundary as JSON: hashed for a derived id and stored as is. */
  boundaryJson?: string;
}

const at = (index: number) => `features[${index}]`;

/** The checks that need no database: shape, id, farm id and name. */
function readFeature(index: number, value: unknown, defaultFarmId: string | undefined): Candidate {
  const candidate: Candidate = { index, name: `Field ${index + 1}`, geometry: undefined, errors: [] };
  const fail = (path: string, message: string, rule: string) => candidate.errors.push({ path, message, rule });
  if (value === OVERSIZE) {
    fail(
      at(index),
      `the feature is too large: a boundary may have at most ${BOUNDARY_LIMITS.maxPositions} positions`,
      'too_many_positions',
    );
    candidate.unreadable = true;
    return candidate;
  }
  if (!isRecord(value) || value.type !== 'Feature') {
    const hint =
      isRecord(value) && (value.type === 'Polygon' || value.type === 'MultiPolygon')
        ? ` (got a bare ${value.type}: wrap it in a Feature)`
        : '';
    fail(at(index), `must be a GeoJSON Feature with "geometry" and "properties"${hint}`, 'not_a_feature');
    candidate.unreadable = true;
    return candidate;
  }
  candidate.geometry = value.geometry;
  let properties: Record<string, unknown> = {};
  if (isRecord(value.properties)) properties = value.properties;
  else if (value.properties !== undefined && value.properties !== null) {
    fail(`${at(index)}.properties`, 'must be an object or null', 'invalid_properties');
  }

  if (properties.id !== undefined && properties.id !== null) {
    if (isUuid(properties.id)) candidate.clientId = properties.id.toLowerCase();
    else
      fail(
        `${at(index)}.properties.id`,
        "must be a UUID, which becomes the field's id; leave it out to let the import derive one",
        'invalid_id',
      );
  } else if (isUuid(value.id)) {
    // A GeoJSON feature id is used when it is a UUID (an earlier export); other ids are ignored.
    candidate.clientId = value.id.toLowerCase();
  }

  const farmId = properties.farmId ?? defaultFarmId;
  if (farmId === undefined || farmId === null || farmId === '') {
    fail(`${at(index)}.properties.farmId`, 'is required: set it on the feature, or pass ?farmId= for the whole file', 'farm_required');
  } else if (!isUuid(farmId)) {
    fail(`${at(index)}.properties.farmId`, 'is not a farm id (a UUID)', 'farm_not_found');
  } else {
    candidate.farmId = farmId.toLowerCase();
  }

  const rawName = properties.name;
  const name = typeof rawName === 'string' ? rawName.trim() : typeof rawName === 'number' ? String(rawName) : '';
  if (name.length > 200) fail(`${at(index)}.properties.name`, 'must be at most 200 characters', 'invalid_name');
  else if (name !== '') candidate.name = name;
  return candidate;
}

/**
 * measureBoundary answers a 422 whose errors name paths but not which rule each broke; on that
 * path (failures only) validateBoundary, which it runs, is asked again for the rule of each error.
 */
function geometryErrors(index: number, geometry: unknown, allowOutsideIndia: boolean, problem: AppError): ImportError[] {
  const base = `${at(index)}.geometry`;
  const retold = validateBoundary(geometry, { allowOutsideIndia });
  if (!retold.ok) {
    return retold.errors.map((error) => ({ path: error.path.replace(/^boundary/, base), message: error.message, rule: error.rule }));
  }
  const rules = (problem.extras.extensions?.rules as string[] | undefined) ?? [];
  return (problem.extras.errors ?? []).map((error) => ({
    path: error.path.replace(/^body\.boundary/, base),
    message: error.message,
    ...(rules.length === 1 ? { rule: rules[0] } : {}),
  }));
}

/**
 * A Tx for measureBoundary that reads the tenant's settings once per import instead of once per
 * feature: it remembers the answer of each distinct read. Only reads go through it.
 */
function readOnce(tx: Tx): Tx {
  const answers = new Map<string, Promise<unknown>>();
  return {
    query<R extends object>(text: string, params?: unknown[]) {
      const key = `${text}\u0000${JSON.stringify(params ?? [])}`;
      let answer = answers.get(key);
      if (!answer) {
        answer = tx.query<R>(text, params);
        answers.set(key, answer);
      }
      return answer as ReturnType<Tx['query']> as Promise<{ rows: R[]; rowCount: number }>;
    },
    exec: (script) => tx.exec(script),
  };
}

/**
 * The id of a feature that brings none: the same boundary on the same farm always gets the same
 * id, so importing a file twice (KML from Google Earth has no ids) creates nothing the second time.
 */
function derivedId(tenantId: string, farmId: string, boundaryJson: string): string {
  return nameBasedId(tenantId, `field-import\n${farmId}\n${boundaryJson}`);
}

async function checkAll(
  db: Db,
  scope: ImportScope,
  candidates: Candidate[],
): Promise<{ farms: Map<string, string>; existing: Set<string> }> {
  return db.tenant(
    scope.tenantId,
    async (tx) => {
      const reads = readOnce(tx);
      const outsideIndia = await allowsOutsideIndia(reads);
      for (const candidate of candidates) {
        // Long geometry checks give the event loop a turn now and then (health checks, other requests).
        if (candidate.index % 250 === 249) await new Promise((resolve) => setImmediate(resolve));
        if (candidate.unreadable) continue;
        try {
          candidate.measures = await measureBoundary(reads, candidate.geometry);
          candidate.boundaryJson = JSON.stringify(candidate.measures.boundary);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          candidate.errors.push(...geometryErrors(candidate.index, candidate.geometry, outsideIndia, error));
        }
        if (!candidate.clientId && candidate.farmId && candidate.measures) {
          candidate.id = derivedId(scope.tenantId, candidate.farmId, candidate.boundaryJson!);
        } else {
          candidate.id = candidate.clientId;
        }
      }
      const farmIds = [...new Set(candidates.flatMap((c) => (c.farmId ? [c.farmId] : [])))];
      const ids = [...new Set(candidates.flatMap((c) => (c.id ? [c.id] : [])))];
      const farms = farmIds.length === 0 ? [] : await farmsByIds(tx, farmIds);
      const existing = ids.length === 0 ? [] : await visibleFieldIds(tx, ids);
      return { farms: new Map(farms.map((farm) => [farm.id, farm.farmer_id])), existing: new Set(existing) };
    },
    scope.options,
  );
}

// ---------------------------------------------------------------------------------------------
// 3. Writing, 4. warning
// ---------------------------------------------------------------------------------------------

interface Pending extends Candidate {
  id: string;
  farmId: string;
  measures: BoundaryColumns;
  boundaryJson: string;
}

/** Integrity and data errors (SQLSTATE classes 22 and 23, a policy's WITH CHECK): a row's fault. */
const isRowError = (error: unknown) => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23') || code === '42501');
};

/**
 * Inserts the rows in one statement. The farmer is copied from the farm row, locked FOR SHARE so
 * that a concurrent move of the farm waits (as POST /v1/fields does); a row whose farm is gone, or
 * whose id is taken, is left out. Answers the ids stored.
 */
async function insertRows(tx: Tx, tenantId: string, rows: Pending[]): Promise<string[]> {
  const farms = await farmsByIds(tx, [...new Set(rows.map((row) => row.farmId))], 'share');
  const farmerOf = new Map(farms.map((farm) => [farm.id, farm.farmer_id]));
  const placed = rows.flatMap((row) => {
    const farmerId = farmerOf.get(row.farmId);
    return farmerId === undefined ? [] : [{ ...row, farmerId }];
  });
  return placed.length === 0 ? [] : insertFields(tx, tenantId, placed);
}

async function writeBatch(db: Db, scope: ImportScope, batch: Pending[], results: ImportResult[], log: (error: unknown) => void) {
  const write = (oneByOne: boolean) =>
    db.tenant(
      scope.tenantId,
      async (tx) => {
        const stored = new Set<string>();
        const refused = new Map<string, ImportError>();
        if (!oneByOne) {
          for (const id of await insertRows(tx, scope.tenantId, batch)) stored.add(id);
        } else {
          for (const row of batch) {
            await tx.query('SAVEPOINT import_row');
            try {
              for (const id of await insertRows(tx, scope.tenantId, [row])) stored.add(id);
              await tx.query('RELEASE SAVEPOINT import_row');
            } catch (error) {
              if (!isRowError(error)) throw error;
              await tx.query('ROLLBACK TO SAVEPOINT import_row');
              log(error);
              refused.set(row.id, { path: at(row.index), message: 'the database refused this field', rule: 'not_stored' });
            }
          }
        }
        // Left out: the id exists (a concurrent import of the same file, or another tenant's id) or the farm is gone.
        const missing = batch.filter((row) => !stored.has(row.id) && !refused.has(row.id));
        const visible = new Set<string>();
        const farms = new Set<string>();
        if (missing.length > 0) {
          const ids = missing.map((row) => row.id);
          for (const id of await visibleFieldIds(tx, ids)) visible.add(id);
          const farmIds = [...new Set(missing.map((row) => row.farmId))];
          for (const farm of await farmsByIds(tx, farmIds)) farms.add(farm.id);
        }
        return { stored, refused, visible, farms };
      },
      scope.options,
    );

  let outcome: Awaited<ReturnType<typeof write>>;
  try {
    outcome = await write(false);
  } catch (error) {
    if (!isRowError(error)) throw error;
    outcome = await write(true);
  }
  for (const row of batch) {
    if (outcome.stored.has(row.id)) results[row.index] = { index: row.index, id: row.id, status: 'created' };
    else if (outcome.refused.has(row.id))
      results[row.index] = { index: row.index, status: 'failed', errors: [outcome.refused.get(row.id)!] };
    else if (outcome.visible.has(row.id)) results[row.index] = { index: row.index, id: row.id, status: 'exists' };
    else if (!outcome.farms.has(row.farmId)) {
      results[row.index] = failed(row.index, [
        { path: `${at(row.index)}.properties.farmId`, message: 'names no farm you can see', rule: 'farm_not_found' },
      ]);
    } else {
      results[row.index] = failed(row.index, [{ path: `${at(row.index)}.properties.id`, message: 'is already in use', rule: 'id_in_use' }]);
    }
  }
}

const failed = (index: number, errors: ImportError[]): ImportResult => ({ index, status: 'failed', errors });

/**
 * overlapWarnings for all new fields at once: the bounding boxes of every field of the farms
 * concerned are read in one query and swept in memory, and only the boundaries of fields whose
 * boxes meet a new one are loaded. Per field, this is what POST /v1/fields answers.
 */
async function overlaps(db: Db, scope: ImportScope, created: Pending[]): Promise<Map<string, FieldWarning[]>> {
  const warnings = new Map<string, FieldWarning[]>();
  if (created.length === 0) return warnings;
  const mine = new Map(created.map((row) => [row.id, row]));
  const byFarm = new Map<string, FieldBox[]>();
  await db.tenant(
    scope.tenantId,
    async (tx) => {
      const farmIds = [...new Set(created.map((row) => row.farmId))];
      for (const row of await fieldBoxesOfFarms(tx, farmIds)) {
        const list = byFarm.get(row.farm_id) ?? [];
        list.push(row);
        byFarm.set(row.farm_id, list);
      }
      const pairs: [FieldBox, FieldBox][] = [];
      for (const boxes of byFarm.values()) {
        boxes.sort((a, b) => a.min_lon - b.min_lon);
        for (let i = 0; i < boxes.length; i++) {
          const a = boxes[i]!;
          for (let j = i + 1; j < boxes.length && boxes[j]!.min_lon <= a.max_lon; j++) {
            const b = boxes[j]!;
            if ((mine.has(a.id) || mine.has(b.id)) && b.max_lat >= a.min_lat && b.min_lat <= a.max_lat) pairs.push([a, b]);
          }
        }
      }
      if (pairs.length === 0) return;
      const needed = [
        ...new Set(
          pairs
            .flat()
            .filter((box) => !mine.has(box.id))
            .map((box) => box.id),
        ),
      ];
      const boundaries = new Map<string, Boundary>();
      for (let i = 0; i < needed.length; i += 1000) {
        const chunk = needed.slice(i, i + 1000);
        for (const row of await fieldsByIds(tx, chunk)) boundaries.set(row.id, row.boundary as Boundary);
      }
      const boundaryOf = (box: FieldBox) => (mine.get(box.id)?.measures.boundary as Boundary | undefined) ?? boundaries.get(box.id);
      const warn = (field: FieldBox, other: FieldBox) => {
        if (!mine.has(field.id)) return;
        const list = warnings.get(field.id) ?? [];
        list.push({ code: 'overlaps_field', fieldId: other.id, message: `The boundary overlaps field "${other.name}" of the same farm` });
        warnings.set(field.id, list);
      };
      for (const [a, b] of pairs) {
        const first = boundaryOf(a);
        const second = boundaryOf(b);
        if (!first || !second || !boundariesOverlap(first, second)) continue;
        warn(a, b);
        warn(b, a);
      }
    },
    { ...scope.options, readOnly: true },
  );
  // The order of overlapCandidates: by name, then id.
  const names = new Map<string, string>();
  if (warnings.size > 0) for (const boxes of byFarm.values()) for (const box of boxes) names.set(box.id, box.name);
  for (const list of warnings.values()) {
    list.sort((x, y) => (names.get(x.fieldId) ?? '').localeCompare(names.get(y.fieldId) ?? '') || (x.fieldId < y.fieldId ? -1 : 1));
  }
  return warnings;
}

/**
 * Checks and stores parsed features; answers one result per feature, in file order. A feature's
 * problems never affect another feature.
 */
export async function importFeatures(
  db: Db,
  scope: ImportScope,
  features: unknown[],
  options: { defaultFarmId?: string; log?: (error: unknown) => void } = {},
): Promise<ImportSummary> {
  const candidates = features.map((value, index) => readFeature(index, value, options.defaultFarmId?.toLowerCase()));
  const { farms, existing } = await checkAll(db, scope, candidates);

  const results: ImportResult[] = new Array(candidates.length);
  const pending: Pending[] = [];
  const firstOf = new Map<string, number>();
  for (const candidate of candidates) {
    const { index, id } = candidate;
    // As a retried POST /v1/fields: an id that exists answers `exists`, whatever the feature holds now.
    if (id && existing.has(id)) {
      results[index] = { index, id, status: 'exists' };
      continue;
    }
    const errors = [...candidate.errors];
    if (candidate.farmId && !farms.has(candidate.farmId)) {
      errors.push({ path: `${at(index)}.properties.farmId`, message: 'names no farm you can see', rule: 'farm_not_found' });
    }
    if (errors.length === 0 && id) {
      const earlier = firstOf.get(id);
      if (earlier !== undefined) {
        errors.push(
          candidate.clientId
            ? { path: `${at(index)}.properties.id`, message: `repeats the id of ${at(earlier)}`, rule: 'duplicate_id' }
            : { path: `${at(index)}.geometry`, message: `repeats the boundary and farm of ${at(earlier)}`, rule: 'duplicate_feature' },
        );
      } else {
        firstOf.set(id, index);
      }
    }
    if (errors.length > 0 || !id || !candidate.farmId || !candidate.measures || candidate.boundaryJson === undefined) {
      results[index] = failed(index, errors);
      continue;
    }
    pending.push({ ...candidate, id, farmId: candidate.farmId, measures: candidate.measures, boundaryJson: candidate.boundaryJson });
  }
  // The raw geometries are no longer needed; the measures hold the normalised boundary.
  for (const candidate of candidates) candidate.geometry = undefined;

  for (let i = 0; i < pending.length; i += INSERT_BATCH) {
    await writeBatch(db, scope, pending.slice(i, i + INSERT_BATCH), results, options.log ?? (() => undefined));
  }
  const created = pending.filter((row) => results[row.index]?.status === 'created');
  const warnings = await overlaps(db, scope, created);
  for (const row of created) {
    const list = warnings.get(row.id);
    if (list && list.length > 0) results[row.index]!.warnings = list;
  }

  const count = (status: ImportResult['status']) => results.filter((result) => result.status === status).length;
  return { created: count('created'), existing: count('exists'), failed: count('failed'), results };
}
