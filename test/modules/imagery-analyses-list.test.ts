import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { registerImageryJobs } from '../../src/modules/imagery/jobs.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** A field's analyses come in pages; staff delete a finished one, never one queued or running. */
for (const mode of storageModes) {
  describe(`vegetation analyses: pages and deletion (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let viewer: TokenSet;
    let fieldId: string;
    const analyses: string[] = [];
    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
      viewer = (await addMember(t.app, tenant, 'viewer')).tokens;
      const post = async (url: string, payload: Record<string, unknown>) => {
        const response = await t.app.inject({ method: 'POST', url, headers: bearer(tenant.tokens), payload });
        assert.ok(response.statusCode < 300, `${url}: ${response.body}`);
        return response.json();
      };
      const farmer = await post('/v1/farmers', { name: 'Ravi', state: 'Maharashtra' });
      const farm = await post('/v1/farms', { farmerId: farmer.id, name: 'Farm' });
      fieldId = (await post('/v1/fields', { farmId: farm.id, name: 'Plot', boundary: plot(19.99, 73.79) })).id;
      // Queued while no worker runs: the first is deleted only once it has finished.
      for (const maxCloudPct of [20, 30, 40]) {
        analyses.unshift((await post(`/v1/fields/${fieldId}/vegetation-analyses`, { from: day(-20), to: day(0), maxCloudPct })).analysisId);
      }
    });
    after(async () => t?.close());

    const list = (query = '') => t.app.inject({ url: `/v1/fields/${fieldId}/vegetation-analyses${query}`, headers: bearer(viewer) });
    const remove = (id: string, tokens: TokenSet = tenant.tokens) =>
      t.app.inject({ method: 'DELETE', url: `/v1/vegetation-analyses/${id}`, headers: bearer(tokens) });

    it('pages newest first with limit and cursor', async () => {
      const first = await list('?limit=2');
      assert.equal(first.statusCode, 200, first.body);
      assert.deepEqual(
        first.json().items.map((a: { id: string }) => a.id),
        analyses.slice(0, 2),
      );
      const second = (await list(`?limit=2&cursor=${first.json().nextCursor}`)).json();
      assert.deepEqual(
        second.items.map((a: { id: string }) => a.id),
        analyses.slice(2),
      );
      assert.equal(second.nextCursor, null);
      const forged = await list(`?cursor=${Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url')}`);
      assert.equal(forged.statusCode, 422, forged.body);
    });

    it('refuses to delete a queued analysis (409), then deletes it once finished (204, then 404)', async () => {
      const queued = await remove(analyses[0]!);
      assert.equal(queued.statusCode, 409, queued.body);
      assert.match(queued.json().detail, /queued/);
      await registerImageryJobs(t.app.resources, t.app.outside);
      await t.app.resources.queue.start();
      for (let i = 0; i < 600; i++) {
        const status = (await t.app.inject({ url: `/v1/vegetation-analyses/${analyses[0]}`, headers: bearer(viewer) })).json().status;
        if (status !== 'queued' && status !== 'running') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal((await remove(analyses[0]!, viewer)).statusCode, 403, 'a viewer may not delete');
      const deleted = await remove(analyses[0]!);
      assert.equal(deleted.statusCode, 204, deleted.body);
      assert.equal((await t.app.inject({ url: `/v1/vegetation-analyses/${analyses[0]}`, headers: bearer(viewer) })).statusCode, 404);
      assert.equal((await remove(analyses[0]!)).statusCode, 404);
      assert.deepEqual(
        (await list()).json().items.map((a: { id: string }) => a.id),
        analyses.slice(1),
      );
    });

    it("another tenant's staff cannot delete it: 404", async () => {
      const stranger = await createTenant(t.app);
      assert.equal((await remove(analyses[1]!, stranger.tokens)).statusCode, 404);
    });
  });
}
