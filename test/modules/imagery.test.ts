import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import { validateBoundary } from '../../src/lib/geometry/index.js';
import { analyseFieldHandler, registerImageryJobs, weeklyHandler } from '../../src/modules/imagery/jobs.js';
import { asPrincipal, buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function fieldWithCrop(t: TestApp, tenant: TestTenant) {
  const post = async (url: string, payload: Record<string, unknown>) => {
    const response = await t.app.inject({ method: 'POST', url, headers: bearer(tenant.tokens), payload });
    assert.ok(response.statusCode < 300, response.body);
    return response.json();
  };
  const farmer = await post('/v1/farmers', { name: 'Imagery Farmer', state: 'Maharashtra' });
  const farm = await post('/v1/farms', { farmerId: farmer.id, name: 'Farm' });
  const field = await post('/v1/fields', { farmId: farm.id, name: 'Plot', boundary: plot(19.99, 73.79) });
  await post(`/v1/fields/${field.id}/crop-cycles`, { crop: 'maize', season: 'kharif', sowingDate: day(-100) });
  return field;
}

async function waitForJob(t: TestApp, tenant: TestTenant, jobId: string) {
  let job: { status: string; error?: string; result?: Record<string, number> } = { status: 'queued' };
  for (let i = 0; i < 600 && (job.status === 'queued' || job.status === 'running'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    job = (await t.app.inject({ url: `/v1/jobs/${jobId}`, headers: bearer(tenant.tokens) })).json();
  }
  assert.equal(job.status, 'succeeded', job.error);
  return job;
}

const resultCount = async (t: TestApp, fieldId: string) =>
  Number(
    (
      await t.app.resources.db.platform((tx) =>
        tx.query<{ n: string }>('SELECT count(*) AS n FROM vegetation_results WHERE field_id = $1', [fieldId]),
      )
    ).rows[0]!.n,
  );

function pngSize(png: Buffer) {
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'the PNG signature');
  assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

for (const mode of storageModes) {
  describe(`crop health from the offline Sentinel-2 twin (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let field: { id: string; areaHa: number; farmerId: string };
    let analysisId: string;
    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
      await registerImageryJobs(t.app.resources, t.app.outside);
      await t.app.resources.queue.start();
      field = await fieldWithCrop(t, tenant);
    });
    after(async () => t?.close());

    it('analyses a field as a job: 202 with the job, then per scene the statistics with their provenance', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: `/v1/fields/${field.id}/vegetation-analyses`,
        headers: bearer(tenant.tokens),
        payload: { from: day(-120), to: day(0), maxCloudPct: 60 },
      });
      assert.equal(response.statusCode, 202, response.body);
      const { analysisId: id, jobId } = response.json();
      analysisId = id;
      assert.equal(response.headers.location, `/v1/jobs/${jobId}`);
      await waitForJob(t, tenant, jobId);

      const analysis = (await t.app.inject({ url: `/v1/vegetation-analyses/${analysisId}`, headers: bearer(tenant.tokens) })).json();
      assert.equal(analysis.status, 'succeeded');
      assert.equal(analysis.provider, 'synthetic');
      assert.ok(analysis.scenesFound >= 10, `${analysis.scenesFound} scenes in 120 days`);
      assert.equal(analysis.scenesProcessed, analysis.scenesFound);
      assert.ok(analysis.scenes.length >= 10);
      for (const scene of analysis.scenes) {
        assert.match(scene.sceneId, /^S2[ABC]_\d{2}[A-Z]{3}_\d{8}_\d+_L2A$/);
        // A hectare is a hundred 10 m pixels; the edge decides a few either way.
        assert.ok(
          Math.abs(scene.pixelsInField - field.areaHa * 100) <= field.areaHa * 20,
          `${scene.pixelsInField} pixels for ${field.areaHa} ha`,
        );
        assert.ok(scene.validPixelPct >= 0 && scene.validPixelPct <= 100);
        if (scene.mean !== null) assert.ok(scene.mean >= -1 && scene.mean <= 1 && scene.p10 <= scene.median && scene.median <= scene.p90);
        assert.deepEqual(Object.keys(scene.assets).sort(), ['blue', 'green', 'nir', 'red', 'scl']);
      }
      const listed = (await t.app.inject({ url: `/v1/fields/${field.id}/vegetation-analyses`, headers: bearer(tenant.tokens) })).json();
      assert.deepEqual(
        listed.items.map((a: { id: string }) => a.id),
        [analysisId],
      );
      assert.equal(listed.items[0].scenes, undefined);
    });

    it('a rerun and a retried job give the same rows, not new ones', async () => {
      const before = await resultCount(t, field.id);
      assert.ok(before > 0);
      const rerun = await t.app.inject({
        method: 'POST',
        url: `/v1/fields/${field.id}/vegetation-analyses`,
        headers: bearer(tenant.tokens),
        payload: { from: day(-120), to: day(0), maxCloudPct: 60 },
      });
      await waitForJob(t, tenant, rerun.json().jobId);
      assert.equal(await resultCount(t, field.id), before);

      // The same job delivered twice (at-least-once queues do that).
      const handler = analyseFieldHandler(t.app.resources, t.app.outside.imagery);
      const job = {
        id: analysisId,
        type: 'imagery.analyse-field',
        tenantId: tenant.id,
        data: { analysisId },
        attempt: 2,
        progress: async () => {},
      };
      const means = async () =>
        (
          await t.app.resources.db.platform((tx) =>
            tx.query<{ scene_id: string; index: string; mean: number | null }>(
              'SELECT scene_id, index, mean FROM vegetation_results WHERE field_id = $1 ORDER BY scene_id, index',
              [field.id],
            ),
          )
        ).rows;
      const first = await means();
      await handler(job);
      await handler(job);
      assert.deepEqual(await means(), first);
    });

    it('answers a smoothed time series with the raw values beside it', async () => {
      const response = await t.app.inject({
        url: `/v1/fields/${field.id}/vegetation-timeseries?index=ndvi`,
        headers: bearer(tenant.tokens),
      });
      assert.equal(response.statusCode, 200, response.body);
      const series = response.json();
      assert.ok(series.points.length >= 5);
      assert.ok(series.scenes.length >= series.points.length, 'scenes under 20 % valid pixels are listed but not smoothed');
      for (const p of series.points) {
        assert.ok(p.validPixelPct >= 20);
        assert.ok(Math.abs(p.smoothed) <= 1.5 && Math.abs(p.raw) <= 1);
      }
    });

    it('draws the index of a scene as a PNG with a legend, transparent outside the field', async () => {
      const analysis = (await t.app.inject({ url: `/v1/vegetation-analyses/${analysisId}`, headers: bearer(tenant.tokens) })).json();
      const clear = analysis.scenes.find((s: { validPixelPct: number }) => s.validPixelPct > 60) ?? analysis.scenes[0];
      const response = await t.app.inject({
        url: `/v1/vegetation-analyses/${analysisId}/scenes/${clear.sceneId}/image.png`,
        headers: bearer(tenant.tokens),
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.headers['content-type'], 'image/png');
      const png = response.rawPayload;
      const { width, height } = pngSize(png);
      assert.ok(Math.min(width, height) >= 256, `${width}×${height}: small fields are enlarged`);
      // The image data inflates (zlib) to one filter byte and 4 bytes per pixel per row.
      const idat = [];
      for (let at = 8; at < png.length; ) {
        const length = png.readUInt32BE(at);
        if (png.subarray(at + 4, at + 8).toString('latin1') === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
        at += 12 + length;
      }
      const raw = inflateSync(Buffer.concat(idat));
      assert.equal(raw.length, height * (1 + 4 * width));
      assert.equal(raw[1 + 3], 0, 'the top-left corner lies outside the field: transparent');
    });

    it('splits the field into management zones whose areas add up to the field', async () => {
      const response = await t.app.inject({ url: `/v1/fields/${field.id}/zones?k=3`, headers: bearer(tenant.tokens) });
      assert.equal(response.statusCode, 200, response.body);
      const zones = response.json();
      assert.equal(zones.type, 'FeatureCollection');
      assert.ok(zones.features.length >= 2 && zones.features.length <= 3);
      const total = zones.features.reduce((sum: number, f: { properties: { areaHa: number } }) => sum + f.properties.areaHa, 0);
      assert.ok(Math.abs(total - field.areaHa) / field.areaHa <= 0.05, `zones ${total} ha vs field ${field.areaHa} ha`);
      for (const feature of zones.features)
        assert.ok(validateBoundary(feature.geometry).ok, JSON.stringify(validateBoundary(feature.geometry)));
      assert.equal((await t.app.inject({ url: `/v1/fields/${field.id}/zones?k=9`, headers: bearer(tenant.tokens) })).statusCode, 422);
    });

    it('refuses bad ranges, viewers starting analyses and strangers', async () => {
      const post = (payload: object, headers: Record<string, string> = bearer(tenant.tokens)) =>
        t.app.inject({ method: 'POST', url: `/v1/fields/${field.id}/vegetation-analyses`, headers, payload });
      assert.equal((await post({ from: day(0), to: day(-10) })).statusCode, 422);
      assert.equal((await post({ from: '2020-01-01', to: day(0) })).statusCode, 422);
      assert.equal((await post({ from: 'soon', to: day(0) })).statusCode, 422);
      // Dates in the future are refused (docs/api.md), the end of a range as well as its start.
      for (const [payload, path] of [
        [{ from: day(-10), to: day(3) }, 'body.to'],
        [{ from: day(3), to: day(5) }, 'body.from'],
      ] as const) {
        const future = await post(payload);
        assert.equal(future.statusCode, 422, future.body);
        assert.deepEqual(
          future.json().errors.find((e: { path: string }) => e.path === path),
          { path, message: 'is in the future' },
          future.body,
        );
      }
      assert.equal((await post({ from: day(-10), to: day(0) }, asPrincipal({ tenantId: tenant.id, role: 'viewer' }))).statusCode, 403);
      const stranger = await createTenant(t.app);
      assert.equal((await post({ from: day(-10), to: day(0) }, bearer(stranger.tokens))).statusCode, 404);
      assert.equal(
        (await t.app.inject({ url: `/v1/vegetation-analyses/${analysisId}`, headers: bearer(stranger.tokens) })).statusCode,
        404,
      );
      assert.equal(
        (await t.app.inject({ url: `/v1/fields/${field.id}/vegetation-timeseries`, headers: bearer(stranger.tokens) })).statusCode,
        404,
      );
    });
  });
}

describe('an analysis left unfinished by a worker that died', () => {
  let t: TestApp;
  after(async () => t?.close());

  it('is taken up again when a worker starts, and finishes', async () => {
    t = await buildTestApp(storageModes[0]!);
    const tenant = await createTenant(t.app);
    const field = await fieldWithCrop(t, tenant);
    // Recorded and started by a worker that then died with its in-process queue: no job is left.
    const analysisId = '0190d5a4-8d7e-7a00-8000-00000000a001';
    await t.app.resources.db.platform((tx) =>
      tx.query(
        `INSERT INTO vegetation_analyses (id, tenant_id, field_id, farmer_id, from_date, to_date, max_cloud_pct, status)
         VALUES ($1, $2, $3, $4, $5, $6, 40, 'running')`,
        [analysisId, tenant.id, field.id, field.farmerId, day(-30), day(0)],
      ),
    );
    const accepted = { analysisId };
    await registerImageryJobs(t.app.resources, t.app.outside);
    await t.app.resources.queue.start();
    let status = 'running';
    for (let i = 0; i < 600 && status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await t.app.inject({ url: `/v1/vegetation-analyses/${accepted.analysisId}`, headers: bearer(tenant.tokens) })).json()
        .status;
    }
    assert.equal(status, 'succeeded');
  });
});

describe('the weekly pass over every tenant', () => {
  let t: TestApp;
  after(async () => t?.close());

  it('adds the newest scene of every field of every tenant, once', async () => {
    t = await buildTestApp(storageModes.at(-1)!);
    const a = await createTenant(t.app);
    const b = await createTenant(t.app);
    const fields = [await fieldWithCrop(t, a), await fieldWithCrop(t, b)];
    const handler = weeklyHandler(t.app.resources, t.app.outside.imagery);
    const job = { id: 'weekly', type: 'imagery.weekly', tenantId: null, data: {}, attempt: 1, progress: async () => {} };
    const result = (await handler(job)) as { fields: number; cells: number; resultsStored: number };
    assert.equal(result.fields, 2);
    assert.equal(result.cells, 1, 'two fields in one ~10 km cell are searched together');
    const rows = async () =>
      (
        await t.app.resources.db.platform((tx) =>
          tx.query<{ field_id: string; scene_id: string; index: string; analysis_id: string | null }>(
            'SELECT field_id, scene_id, index, analysis_id FROM vegetation_results ORDER BY field_id, index',
          ),
        )
      ).rows;
    const first = await rows();
    assert.deepEqual(
      first.map((r) => r.field_id).sort(),
      [...fields, ...fields, ...fields].map((f) => f.id).sort(),
      'three indices for each field',
    );
    assert.equal(new Set(first.map((r) => r.scene_id)).size, 1, 'the same newest scene for both');
    assert.ok(first.every((r) => r.analysis_id === null));
    await handler(job);
    assert.deepEqual(await rows(), first, 'a second pass changes nothing');
    // Each tenant sees its own field's result only.
    const series = (await t.app.inject({ url: `/v1/fields/${fields[0]!.id}/vegetation-timeseries`, headers: bearer(a.tokens) })).json();
    assert.equal(series.scenes.length, 1);
    assert.equal(
      (await t.app.inject({ url: `/v1/fields/${fields[0]!.id}/vegetation-timeseries`, headers: bearer(b.tokens) })).statusCode,
      404,
    );
  });
});
