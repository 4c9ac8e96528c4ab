/**
 * The offline imagery twin under a district's worth of fields: one field analysed, then 2 000
 * fields imported around it, then a crop cycle added; every request timed (through app.inject,
 * the whole Fastify stack), the twin's directory (DATA_DIR/imagery) measured after each step.
 * A map whose scene is being made answers 202 pending (when the twin makes scenes in the
 * background); it is asked again every 200 ms until it answers, and both the longest request and
 * the time until the map came are reported.
 *
 *   node --import tsx bench/imagery-twin.ts [fields=2000] [embedded|postgres]
 *
 * Runs the same on an older checkout (copy this file there), so the twin before and after a change
 * can be compared on one machine. PostgreSQL mode needs the machine's PostgreSQL and Redis
 * (KHETI_TEST_PG_ADMIN_URL, KHETI_TEST_REDIS_URL).
 */
import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import type { Dirent } from 'node:fs';
import type { Polygon, Position } from 'geojson';
import { registerImageryJobs } from '../src/modules/imagery/jobs.js';
import { buildTestApp, type TestApp } from '../test/support/app.js';
import { bearer, createTenant, type TestTenant } from '../test/support/identity.js';
import { embeddedMode, postgresMode } from '../test/support/storage-modes.js';

const count = Number(process.argv[2] ?? 2000);
const mode = process.argv[3] === 'embedded' ? embeddedMode : postgresMode;
const CENTRE = { lat: 19.99, lon: 73.79 }; // Nashik
const SPACING_DEG = 0.0027; // about 300 m between fields
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

function square(lat: number, lon: number, halfM: number): Polygon {
  const dLat = halfM / 110_574;
  const dLon = halfM / (111_320 * Math.cos((lat * Math.PI) / 180));
  const ring: Position[] = [
    [lon - dLon, lat - dLat],
    [lon + dLon, lat - dLat],
    [lon + dLon, lat + dLat],
    [lon - dLon, lat + dLat],
    [lon - dLon, lat - dLat],
  ];
  return { type: 'Polygon', coordinates: [ring] };
}

async function bytesUnder(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [] as Dirent[]);
  for (const entry of entries)
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name)).catch(() => ({ size: 0 }))).size;
  return total;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const rows: { step: string; ms: number; status: number; note?: string }[] = [];
let t: TestApp;
let tenant: TestTenant;

async function timed(step: string, options: InjectOptions, note?: string) {
  const started = performance.now();
  const response = await t.app.inject({ ...options, headers: { ...bearer(tenant.tokens), ...(options.headers ?? {}) } });
  const ms = performance.now() - started;
  rows.push({ step, ms, status: response.statusCode, ...(note ? { note } : {}) });
  console.log(`  ${step}: ${response.statusCode} in ${ms.toFixed(0)} ms`);
  return response;
}

/** A map (or zones) until it answers: every try is a request of its own; returns ms until the answer. */
async function untilAnswered(step: string, url: string): Promise<number> {
  const started = performance.now();
  for (let i = 0; ; i++) {
    const response = await timed(i === 0 ? step : `${step} (asked again)`, { url });
    // 200 (or 422 for zones of a cloudy scene); a 404 says the scene went away (its id changed) and is reported as it is.
    if (response.statusCode !== 202) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function waitForJob(jobId: string): Promise<number> {
  const started = performance.now();
  for (;;) {
    const job = (await t.app.inject({ url: `/v1/jobs/${jobId}`, headers: bearer(tenant.tokens) })).json();
    if (job.status === 'succeeded') return performance.now() - started;
    assert.ok(job.status === 'queued' || job.status === 'running', JSON.stringify(job));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function main() {
  t = await buildTestApp(mode);
  tenant = await createTenant(t.app);
  await registerImageryJobs(t.app.resources, t.app.outside);
  await t.app.resources.queue.start();
  const twinDir = join(t.config.dataDir, 'imagery');
  const sizes: { after: string; bytes: number }[] = [];
  const measure = async (after: string) => sizes.push({ after, bytes: await bytesUnder(twinDir) });
  try {
    const post = async (step: string, url: string, payload: unknown, headers: Record<string, string> = {}) => {
      const response = await timed(step, { method: 'POST', url, payload: payload as object, headers });
      assert.ok(response.statusCode < 300, response.body.slice(0, 500));
      return response.json();
    };
    const farmer = await post('create farmer', '/v1/farmers', { name: 'Bench Farmer', state: 'Maharashtra' });
    const farm = await post('create farm', '/v1/farms', { farmerId: farmer.id, name: 'Farm', district: 'Nashik' });
    const probe = await post('create field', '/v1/fields', {
      farmId: farm.id,
      name: 'Probe',
      boundary: square(CENTRE.lat, CENTRE.lon, 50),
    });
    await post('add crop cycle', `/v1/fields/${probe.id}/crop-cycles`, {
      crop: 'maize',
      season: 'kharif',
      sowingDate: day(-100),
      // Harvested the day the wheat added after the import is sown: a field's cycles may not overlap.
      expectedHarvestDate: day(-30),
    });
    const analysis = await post('start analysis (60 days)', `/v1/fields/${probe.id}/vegetation-analyses`, {
      from: day(-60),
      to: day(0),
      maxCloudPct: 100,
    });
    const firstJobMs = await waitForJob(analysis.jobId);
    const scenes = (await timed('read analysis', { url: `/v1/vegetation-analyses/${analysis.analysisId}` })).json().scenes as {
      sceneId: string;
      validPixelPct: number;
    }[];
    const clear = scenes.filter((s) => s.validPixelPct > 50).map((s) => s.sceneId);
    assert.ok(clear.length >= 3, `${clear.length} clear scenes`);
    const png = (sceneId: string) => `/v1/vegetation-analyses/${analysis.analysisId}/scenes/${sceneId}/image.png`;
    const mapBefore = await untilAnswered('map, before the import', png(clear[0]!));
    await measure('the first analysis (1 field, 60 days)');

    // The import: a grid around the probe field, fields about 100 m across and 300 m apart.
    const side = Math.ceil(Math.sqrt(count));
    const features = Array.from({ length: count }, (_, i) => {
      const row = Math.floor(i / side) - Math.floor(side / 2);
      const col = (i % side) - Math.floor(side / 2);
      const lat = CENTRE.lat + row * SPACING_DEG + SPACING_DEG / 2;
      const lon = CENTRE.lon + col * SPACING_DEG + SPACING_DEG / 2;
      return { type: 'Feature', properties: { farmId: farm.id, name: `Plot ${i + 1}` }, geometry: square(lat, lon, 50) };
    });
    const imported = await timed(`import ${count} fields`, {
      method: 'POST',
      url: '/v1/fields/import',
      headers: { 'content-type': 'application/geo+json' },
      payload: JSON.stringify({ type: 'FeatureCollection', features }),
    });
    assert.equal(imported.statusCode, 200, imported.body.slice(0, 500));
    assert.equal(imported.json().created, count, imported.body.slice(0, 300));
    const mapAfterImport = await untilAnswered('map, after the import', png(clear[1]!));
    await measure(`the import of ${count} fields and one map`);

    await post('add a crop cycle to the probe field', `/v1/fields/${probe.id}/crop-cycles`, {
      crop: 'wheat',
      season: 'rabi',
      sowingDate: day(-30),
    });
    const mapAfterCrop = await untilAnswered('map, after the crop cycle', png(clear[2]!));
    const zonesAfterCrop = await untilAnswered('zones, after the crop cycle', `/v1/fields/${probe.id}/zones?scene=${clear[2]!}`);
    await measure('the crop cycle, one map and one zoning');

    // A year of one imported field, as the demo asks for each of its fields.
    const fields = (await timed('list fields', { url: '/v1/fields?limit=5' })).json().items as { id: string }[];
    const other = fields.find((f) => f.id !== probe.id)!;
    const year = await post('start analysis (a year) of an imported field', `/v1/fields/${other.id}/vegetation-analyses`, {
      from: day(-364),
      to: day(0),
      maxCloudPct: 60,
    });
    // Meanwhile (the twin making a year of scenes), the other requests of a user: maps, series, lists.
    let working = true;
    const job = waitForJob(year.jobId).finally(() => {
      working = false;
    });
    for (let i = 0; working; i++) {
      await untilAnswered('map, while a year is made', `${png(clear[i % clear.length]!)}?index=${['evi', 'ndwi'][i % 2]}`);
      await timed('time series, while a year is made', { url: `/v1/fields/${probe.id}/vegetation-timeseries` });
      await timed('list fields, while a year is made', { url: '/v1/fields?limit=50' });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const yearJobMs = await job;
    await measure('a year of one imported field');

    const longest = rows.reduce((a, b) => (b.ms > a.ms ? b : a));
    console.log(`\n${mode.name}, ${count} fields, ${new Date().toISOString().slice(0, 10)}\n`);
    console.log('| request | status | ms |\n| --- | --- | --- |');
    const seen = new Map<string, { n: number; max: number; statuses: Set<number> }>();
    for (const row of rows) {
      const s = seen.get(row.step) ?? { n: 0, max: 0, statuses: new Set<number>() };
      s.n += 1;
      s.max = Math.max(s.max, row.ms);
      s.statuses.add(row.status);
      seen.set(row.step, s);
    }
    for (const [step, s] of seen)
      console.log(`| ${step}${s.n > 1 ? ` (×${s.n}, longest)` : ''} | ${[...s.statuses].join(', ')} | ${s.max.toFixed(0)} |`);
    console.log(`\nlongest request: ${longest.step}, ${longest.ms.toFixed(0)} ms`);
    console.log(
      `map answered after: before the import ${mapBefore.toFixed(0)} ms; after the import ${mapAfterImport.toFixed(0)} ms; after the crop cycle ${mapAfterCrop.toFixed(0)} ms (zones ${zonesAfterCrop.toFixed(0)} ms)`,
    );
    console.log(`jobs: first analysis (60 days) ${firstJobMs.toFixed(0)} ms; a year of an imported field ${yearJobMs.toFixed(0)} ms`);
    console.log('DATA_DIR/imagery after:');
    for (const size of sizes) console.log(`  ${size.after}: ${mb(size.bytes)}`);
  } finally {
    await t.close();
  }
}

await main();
process.exit(0);
