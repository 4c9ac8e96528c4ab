import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * GET /v1/jobs lists the tenant's jobs by the rule of GET /v1/jobs/{id}: staff see every job of
 * the tenant, a farmer only the analyses of their own fields. No worker consumes: jobs stay queued.
 */
for (const mode of storageModes) {
  describe(`listing jobs (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let ravi: TokenSet;
    let sita: TokenSet;
    let viewer: TokenSet;
    const ravisJobs: string[] = [];
    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
      const post = async (url: string, payload: Record<string, unknown>) => {
        const response = await t.app.inject({ method: 'POST', url, headers: bearer(tenant.tokens), payload });
        assert.ok(response.statusCode < 300, response.body);
        return response.json();
      };
      const fieldOf = async (userId: string, name: string) => {
        const farmer = await post('/v1/farmers', { name, state: 'Maharashtra', userId });
        const farm = await post('/v1/farms', { farmerId: farmer.id, name: `${name}'s farm` });
        return (await post('/v1/fields', { farmId: farm.id, name: 'Plot', boundary: plot(19.99, 73.79) })).id as string;
      };
      const raviMember = await addMember(t.app, tenant, 'farmer');
      const sitaMember = await addMember(t.app, tenant, 'farmer');
      ravi = raviMember.tokens;
      sita = sitaMember.tokens;
      viewer = (await addMember(t.app, tenant, 'viewer')).tokens;
      const ravisField = await fieldOf(raviMember.user.id, 'Ravi');
      await fieldOf(sitaMember.user.id, 'Sita');
      for (const from of [day(-60), day(-30)]) {
        ravisJobs.unshift((await post(`/v1/fields/${ravisField}/vegetation-analyses`, { from, to: day(0) })).jobId);
      }
    });
    after(async () => t?.close());

    const list = (tokens: TokenSet, query = '') => t.app.inject({ url: `/v1/jobs${query}`, headers: bearer(tokens) });
    const ids = (body: { items: { id: string }[] }) => body.items.map((j) => j.id);

    it("staff list the tenant's jobs newest first, without the tenant id", async () => {
      const response = await list(viewer);
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(ids(response.json()), ravisJobs);
      assert.equal(response.json().nextCursor, null);
      const [first] = response.json().items;
      assert.equal(first.type, 'imagery.analyse-field');
      assert.equal(first.status, 'queued');
      assert.equal(first.tenantId, undefined);
    });

    it('pages with limit and cursor', async () => {
      const first = (await list(tenant.tokens, '?limit=1')).json();
      assert.deepEqual(ids(first), [ravisJobs[0]]);
      assert.ok(first.nextCursor);
      const second = (await list(tenant.tokens, `?limit=1&cursor=${first.nextCursor}`)).json();
      assert.deepEqual(ids(second), [ravisJobs[1]]);
      assert.equal(second.nextCursor, null);
      const bad = await list(tenant.tokens, '?cursor=WyJ4Il0');
      assert.equal(bad.statusCode, 422, bad.body);
      assert.equal(bad.json().errors[0].path, 'query.cursor');
    });

    it('filters by type and status', async () => {
      assert.deepEqual(ids((await list(tenant.tokens, '?type=imagery.analyse-field&status=queued')).json()), ravisJobs);
      assert.deepEqual(ids((await list(tenant.tokens, '?status=failed')).json()), []);
      assert.deepEqual(ids((await list(tenant.tokens, '?type=markets.ingest-prices')).json()), []);
      const bad = await list(tenant.tokens, '?status=done');
      assert.equal(bad.statusCode, 422, bad.body);
      assert.match(String(bad.headers['content-type']), /^application\/problem\+json/);
    });

    it('a farmer lists only the jobs about their own records', async () => {
      assert.deepEqual(ids((await list(ravi)).json()), ravisJobs);
      const theirs = await list(sita);
      assert.equal(theirs.statusCode, 200, theirs.body);
      assert.deepEqual(ids(theirs.json()), []);
    });

    it("another tenant's staff see none of them", async () => {
      const stranger = await createTenant(t.app);
      assert.deepEqual(ids((await list(stranger.tokens)).json()), []);
    });
  });
}
