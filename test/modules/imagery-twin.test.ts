import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { syntheticCatalogDir } from '../../src/integrations/imagery/index.js';
import { registerImageryJobs } from '../../src/modules/imagery/jobs.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/**
 * A field's map needs the offline twin's scene of that day. A change to the field's crops makes
 * the scene stale; the request that next needs it does not make it (nor the rest of the catalogue):
 * it answers 202 pending with Retry-After once its bounded wait is over (0 here), the twin makes the
 * scene in the background, and the same request then answers the map.
 */

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('maps from the offline twin while it makes a scene', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let fieldId: string;
  let analysisId: string;
  let scenes: { sceneId: string; validPixelPct: number }[];
  const post = async (url: string, payload: Record<string, unknown>) => {
    const response = await t.app.inject({ method: 'POST', url, headers: bearer(tenant.tokens), payload });
    assert.ok(response.statusCode < 300, response.body);
    return response.json();
  };
  const itemDigest = async (sceneId: string) =>
    JSON.parse(await readFile(join(syntheticCatalogDir(t.config), 'items', `${sceneId}.json`), 'utf8')).properties['kheti:inputs_sha256'];

  before(async () => {
    t = await buildTestApp(storageModes[0]!, { env: { IMAGERY_TWIN_WAIT_MS: '0' } });
    tenant = await createTenant(t.app);
    await registerImageryJobs(t.app.resources, t.app.outside);
    await t.app.resources.queue.start();
    const farmer = await post('/v1/farmers', { name: 'Twin Farmer', state: 'Maharashtra' });
    const farm = await post('/v1/farms', { farmerId: farmer.id, name: 'Farm' });
    fieldId = (await post('/v1/fields', { farmId: farm.id, name: 'Plot', boundary: plot(19.99, 73.79) })).id;
    // Harvested on the day the wheat that follows it is sown (crop cycles of a field may not overlap).
    await post(`/v1/fields/${fieldId}/crop-cycles`, {
      crop: 'maize',
      season: 'kharif',
      sowingDate: day(-100),
      expectedHarvestDate: day(-20),
    });
    const accepted = await post(`/v1/fields/${fieldId}/vegetation-analyses`, { from: day(-60), to: day(0), maxCloudPct: 100 });
    analysisId = accepted.analysisId;
    let status = 'queued';
    for (let i = 0; i < 600 && (status === 'queued' || status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await t.app.inject({ url: `/v1/jobs/${accepted.jobId}`, headers: bearer(tenant.tokens) })).json().status;
    }
    assert.equal(status, 'succeeded');
    scenes = (await t.app.inject({ url: `/v1/vegetation-analyses/${analysisId}`, headers: bearer(tenant.tokens) })).json().scenes;
  });
  after(async () => t?.close());

  it('answers a map at once when its scene is made, and 202 pending (the scene made in the background) after a crop change', async () => {
    const png = (sceneId: string, index: string) =>
      t.app.inject({
        url: `/v1/vegetation-analyses/${analysisId}/scenes/${sceneId}/image.png?index=${index}`,
        headers: bearer(tenant.tokens),
      });
    const [first, second] = scenes.filter((s) => s.validPixelPct > 0);
    assert.ok(first && second);
    const ready = await png(first.sceneId, 'ndvi');
    assert.equal(ready.statusCode, 200, 'the analysis made the scene: no wait');
    assert.equal(ready.headers['content-type'], 'image/png');

    const before = await itemDigest(second.sceneId);
    await post(`/v1/fields/${fieldId}/crop-cycles`, { crop: 'wheat', season: 'rabi', sowingDate: day(-20) });
    const pending = await png(second.sceneId, 'ndvi');
    assert.equal(pending.statusCode, 202, pending.body);
    assert.equal(pending.json().status, 'pending');
    assert.ok(Number(pending.headers['retry-after']) >= 1);
    assert.equal(pending.headers['cache-control'], 'no-store');
    assert.equal(await itemDigest(second.sceneId), before, 'the request did not make the scene itself');

    let answer = pending;
    for (let i = 0; i < 300 && answer.statusCode === 202; i++) {
      await new Promise((r) => setTimeout(r, 100));
      answer = await png(second.sceneId, 'ndvi');
    }
    assert.equal(answer.statusCode, 200, answer.body);
    assert.equal(answer.headers['content-type'], 'image/png');
    assert.notEqual(await itemDigest(second.sceneId), before, 'made again in the background with the new crop');

    const zones = await t.app.inject({ url: `/v1/fields/${fieldId}/zones?scene=${second.sceneId}`, headers: bearer(tenant.tokens) });
    assert.ok([200, 422].includes(zones.statusCode), zones.body);
  });
});
