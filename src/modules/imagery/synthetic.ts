import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { syntheticCatalogDir } from '../../integrations/imagery/index.js';
import { writeSyntheticCatalog, type SyntheticCatalogField } from '../../integrations/imagery/synthetic-catalog.js';
import type { Resources } from '../../infra/resources.js';
import { cropCyclesOfFields, firstFieldBoundaries } from '../registry/index.js';

/**
 * The offline twin's catalog covers every field in the database over the past year, with the
 * fields' own crop cycles: it is (re)written when the fields, their crops or the day change, and
 * left alone otherwise. A demo for a laptop, not for a state's millions of fields.
 */
export const SYNTHETIC_HISTORY_DAYS = 365;
/** Beyond this many fields the twin covers the first ones only (it writes every scene's files). */
export const SYNTHETIC_MAX_FIELDS = 500;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

let running: Promise<void> = Promise.resolve();

async function fieldsWithCrops(resources: Resources): Promise<SyntheticCatalogField[]> {
  return resources.db.platform(async (tx) => {
    const fields = await firstFieldBoundaries(tx, SYNTHETIC_MAX_FIELDS);
    const cycles = await cropCyclesOfFields(tx, fields.map((f) => f.id));
    return fields.map((field) => ({
      id: field.id,
      boundary: field.boundary,
      crops: cycles
        .filter((c) => c.field_id === field.id)
        .map((c) => ({ crop: c.crop, sowingDate: c.sowing_date, ...(c.expected_harvest_date ? { expectedHarvestDate: c.expected_harvest_date } : {}) })),
    }));
  });
}

/** Brings the twin's catalog up to date; concurrent callers in this process share one run. */
export function ensureSyntheticCatalog(resources: Resources, now: () => Date = () => new Date()): Promise<void> {
  const run = running.then(async () => {
    const dir = syntheticCatalogDir(resources.config);
    const fields = await fieldsWithCrops(resources);
    const to = day(now().getTime());
    const from = day(now().getTime() - SYNTHETIC_HISTORY_DAYS * 86_400_000);
    const digest = createHash('sha256').update(JSON.stringify({ fields, from, to })).digest('hex');
    const marker = join(dir, 'inputs.sha256');
    const previous = await readFile(marker, 'utf8').catch(() => '');
    if (previous === digest) return;
    await mkdir(dir, { recursive: true });
    await writeSyntheticCatalog(dir, fields, { from, to, now: now() });
    await writeFile(marker, digest);
  });
  // A failed run must not block the next one.
  running = run.catch(() => undefined);
  return run;
}
