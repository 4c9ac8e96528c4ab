import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { registerImageryJobs } from '../../src/modules/imagery/jobs.js';
import { DEMO_ADMIN_EMAIL, seedDemo } from '../../src/seed.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { bearer, signIn } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

describe('the demo organisation offline', () => {
  let t: TestApp;
  after(async () => t?.close());

  it('shows a year of NDVI for every demo field, with a map and zones', async () => {
    t = await buildTestApp(storageModes[0]!);
    const seeded = await seedDemo(t.app.resources.db, t.app.identity.crypto);
    const admin = await signIn(t.app, { email: DEMO_ADMIN_EMAIL, password: seeded.adminPassword! });
    await registerImageryJobs(t.app.resources, t.app.outside);
    await t.app.resources.queue.start();
    const fields = (await t.app.inject({ url: '/v1/fields?limit=200', headers: bearer(admin) })).json().items as {
      id: string;
      name: string;
    }[];
    const pending = async () =>
      Number(
        (
          await t.app.resources.db.platform((tx) =>
            tx.query<{ n: string }>("SELECT count(*) AS n FROM vegetation_analyses WHERE status <> 'succeeded'"),
          )
        ).rows[0]!.n,
      );
    for (let i = 0; i < 1800 && (await pending()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await pending(), 0, 'every demo analysis finished');
    for (const field of fields) {
      const series = (await t.app.inject({ url: `/v1/fields/${field.id}/vegetation-timeseries`, headers: bearer(admin) })).json();
      const first = Date.parse(series.points[0].date);
      const last = Date.parse(series.points.at(-1).date);
      assert.ok(last - first > 300 * 86_400_000, `${field.name}: a year of scenes, ${series.points.length} points`);
      const values = series.points.map((p: { smoothed: number }) => p.smoothed);
      assert.ok(Math.max(...values) - Math.min(...values) > 0.3, `${field.name}: the crops green up and are harvested`);
      const zones = await t.app.inject({ url: `/v1/fields/${field.id}/zones`, headers: bearer(admin) });
      assert.equal(zones.statusCode, 200, `${field.name}: ${zones.body}`);
    }
    const analysis = (await t.app.resources.db.platform((tx) => tx.query<{ id: string }>('SELECT id FROM vegetation_analyses LIMIT 1')))
      .rows[0]!;
    const scene = (await t.app.inject({ url: `/v1/vegetation-analyses/${analysis.id}`, headers: bearer(admin) })).json().scenes[0];
    const png = await t.app.inject({
      url: `/v1/vegetation-analyses/${analysis.id}/scenes/${scene.sceneId}/image.png`,
      headers: bearer(admin),
    });
    assert.equal(png.statusCode, 200);
    assert.equal(png.headers['content-type'], 'image/png');
  });
});
