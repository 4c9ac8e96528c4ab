import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * A farmer reads only their own records, and so only the jobs about them: the analysis of
 * another farmer's field is as invisible through /v1/jobs/{id} as through the analysis itself.
 * Staff of the tenant follow every job of the tenant. No worker consumes here: jobs stay queued.
 */
for (const mode of storageModes) {
  describe(`who may follow a job (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let ravi: TokenSet;
    let sita: TokenSet;
    let agronomist: TokenSet;
    let ravisJob: string;
    let ravisAnalysis: string;
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
      agronomist = (await addMember(t.app, tenant, 'agronomist')).tokens;
      const ravisField = await fieldOf(raviMember.user.id, 'Ravi');
      await fieldOf(sitaMember.user.id, 'Sita');
      const accepted = await post(`/v1/fields/${ravisField}/vegetation-analyses`, { from: day(-60), to: day(0) });
      ravisJob = accepted.jobId;
      ravisAnalysis = accepted.analysisId;
    });
    after(async () => t?.close());

    const job = (tokens: TokenSet, id = ravisJob) => t.app.inject({ url: `/v1/jobs/${id}`, headers: bearer(tokens) });

    it("a farmer cannot read the job of another farmer's analysis: 404, as for a job that does not exist", async () => {
      const theirs = await job(sita);
      assert.equal(theirs.statusCode, 404, theirs.body);
      assert.match(String(theirs.headers['content-type']), /^application\/problem\+json/);
      assert.equal(theirs.json().detail, (await job(sita, 'no-such-job')).json().detail);
      const analysis = await t.app.inject({ url: `/v1/vegetation-analyses/${ravisAnalysis}`, headers: bearer(sita) });
      assert.equal(analysis.statusCode, 404, 'the analysis itself is hidden the same way');
    });

    it('the farmer whose field it is follows it, and so do the staff', async () => {
      for (const tokens of [ravi, agronomist, tenant.tokens]) {
        const own = await job(tokens);
        assert.equal(own.statusCode, 200, own.body);
        assert.equal(own.json().id, ravisJob);
        assert.equal(own.json().type, 'imagery.analyse-field');
      }
    });

    it("another tenant's staff do not see it", async () => {
      const stranger = await createTenant(t.app);
      assert.equal((await job(stranger.tokens)).statusCode, 404);
    });
  });
}
