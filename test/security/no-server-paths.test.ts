import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { syntheticCatalogDir } from '../../src/integrations/imagery/index.js';
import { registerImageryJobs } from '../../src/modules/imagery/jobs.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/**
 * The offline twin reads its scenes from files under DATA_DIR. What the API answers about those
 * scenes (an analysis's assets, the time series, a failed read's message) names a scene's files as
 * its STAC item does, never by their place on the server.
 */

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

function assertNoServerPath(t: TestApp, body: string, what: string) {
  assert.ok(!body.includes('file:'), `${what} carries a file: URL: ${body.slice(0, 400)}`);
  for (const dir of new Set([t.config.dataDir, resolve(t.config.dataDir)])) {
    assert.ok(!body.includes(dir), `${what} carries the data directory ${dir}`);
  }
}

for (const mode of storageModes) {
  describe(`no server paths in imagery answers (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let fieldId: string;
    let analysisId: string;
    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
      await registerImageryJobs(t.app.resources, t.app.outside);
      await t.app.resources.queue.start();
      const post = async (url: string, payload: Record<string, unknown>) => {
        const response = await t.app.inject({ method: 'POST', url, headers: bearer(tenant.tokens), payload });
        assert.ok(response.statusCode < 300, response.body);
        return response.json();
      };
      const farmer = await post('/v1/farmers', { name: 'Path Farmer', state: 'Maharashtra' });
      const farm = await post('/v1/farms', { farmerId: farmer.id, name: 'Farm' });
      const field = await post('/v1/fields', { farmId: farm.id, name: 'Plot', boundary: plot(19.99, 73.79) });
      await post(`/v1/fields/${field.id}/crop-cycles`, { crop: 'maize', season: 'kharif', sowingDate: day(-100) });
      fieldId = field.id;
      const accepted = await post(`/v1/fields/${fieldId}/vegetation-analyses`, { from: day(-60), to: day(0), maxCloudPct: 60 });
      analysisId = accepted.analysisId;
      let status = 'queued';
      for (let i = 0; i < 600 && (status === 'queued' || status === 'running'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await t.app.inject({ url: `/v1/jobs/${accepted.jobId}`, headers: bearer(tenant.tokens) })).json().status;
      }
      assert.equal(status, 'succeeded');
    });
    after(async () => t?.close());

    it("an analysis names each scene's assets without a file: URL or the data directory", async () => {
      const response = await t.app.inject({ url: `/v1/vegetation-analyses/${analysisId}`, headers: bearer(tenant.tokens) });
      assert.equal(response.statusCode, 200, response.body);
      const analysis = response.json();
      assert.ok(analysis.scenes.length > 0);
      for (const scene of analysis.scenes) {
        assert.deepEqual(Object.keys(scene.assets).sort(), ['blue', 'green', 'nir', 'red', 'scl']);
        assert.equal(scene.assets.red, `${scene.sceneId}/B04.tif`);
      }
      assertNoServerPath(t, response.body, 'the analysis');
    });

    it('the time series carries no file: URL or the data directory', async () => {
      const response = await t.app.inject({ url: `/v1/fields/${fieldId}/vegetation-timeseries`, headers: bearer(tenant.tokens) });
      assert.equal(response.statusCode, 200, response.body);
      assertNoServerPath(t, response.body, 'the time series');
    });

    it("a scene file that cannot be read is named in the problem without the server's path", async () => {
      const analysis = (await t.app.inject({ url: `/v1/vegetation-analyses/${analysisId}`, headers: bearer(tenant.tokens) })).json();
      const scene = analysis.scenes.find((s: { validPixelPct: number }) => s.validPixelPct > 0) ?? analysis.scenes[0];
      await rm(join(syntheticCatalogDir(t.config), 'items', scene.sceneId, 'B04.tif'));
      const response = await t.app.inject({
        url: `/v1/vegetation-analyses/${analysisId}/scenes/${scene.sceneId}/image.png`,
        headers: bearer(tenant.tokens),
      });
      assert.equal(response.statusCode, 503, response.body);
      assert.match(response.body, new RegExp(`${scene.sceneId}/B04\\.tif`));
      assertNoServerPath(t, response.body, 'the problem');
    });
  });
}
