import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { asPrincipal, buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/**
 * One tenant cannot fill the workers for everyone: the global price ingestion is a platform job
 * that runs once at a time, an analysis asked for again while it waits is the same analysis, and a
 * tenant's queued analyses are bounded. No worker consumes in these tests, so whatever is asked
 * for stays queued, as it would behind a busy worker.
 */
const QUOTA = 3;
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

for (const mode of storageModes) {
  describe(`noisy neighbours (${mode.name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(mode, { env: { IMAGERY_QUEUED_ANALYSES_PER_TENANT: String(QUOTA) } });
    });
    after(async () => t?.close());

    const ingest = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/v1/admin/ingestions/market-prices', headers });

    async function newField(tenant: TestTenant): Promise<string> {
      const post = async (url: string, payload: Record<string, unknown>) => {
        const response = await t.app.inject({ method: 'POST', url, headers: bearer(tenant.tokens), payload });
        assert.ok(response.statusCode < 300, response.body);
        return response.json().id as string;
      };
      const farmerId = await post('/v1/farmers', { name: 'Neighbour', state: 'Maharashtra' });
      const farmId = await post('/v1/farms', { farmerId, name: 'Farm' });
      return post('/v1/fields', { farmId, name: 'Plot', boundary: plot(19.99, 73.79) });
    }
    const analyse = (tenant: TestTenant, fieldId: string, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: `/v1/fields/${fieldId}/vegetation-analyses`, headers: bearer(tenant.tokens), payload });
    const analysesOf = async (tenant: TestTenant, fieldId: string) =>
      (await t.app.inject({ url: `/v1/fields/${fieldId}/vegetation-analyses`, headers: bearer(tenant.tokens) })).json().items as {
        id: string;
      }[];

    it('a self-registered tenant_admin cannot start the global price ingestion', async () => {
      const tenant = await createTenant(t.app);
      const answer = await ingest(bearer(tenant.tokens));
      assert.equal(answer.statusCode, 403, answer.body);
      assert.match(String(answer.headers['content-type']), /^application\/problem\+json/);
    });

    it('five asks for an ingestion, at once and one after another, make one run while it waits', async () => {
      const platformAdmin = asPrincipal({ tenantId: null, role: 'platform_admin' });
      const together = await Promise.all(Array.from({ length: 5 }, () => ingest(platformAdmin)));
      const oneByOne = [];
      for (let i = 0; i < 5; i++) oneByOne.push(await ingest(platformAdmin));
      const answers = [...together, ...oneByOne];
      for (const answer of answers) {
        assert.equal(answer.statusCode, 202, answer.body);
        assert.equal(answer.headers.location, `/v1/jobs/${answer.json().id}`);
      }
      assert.deepEqual([...new Set(answers.map((answer) => answer.json().id))].length, 1, 'every ask answers with the same run');
      const job = await t.app.inject({ url: answers[0]!.headers.location!, headers: platformAdmin });
      assert.equal(job.json().status, 'queued');
    });

    it('three identical analyses of a field are one analysis with one job; a different one is another', async () => {
      const tenant = await createTenant(t.app);
      const fieldId = await newField(tenant);
      const payload = { from: day(-90), to: day(0), index: 'ndvi', maxCloudPct: 40 };
      const answers = await Promise.all([analyse(tenant, fieldId, payload), analyse(tenant, fieldId, payload)]);
      answers.push(await analyse(tenant, fieldId, { from: day(-90), to: day(0) }));
      for (const answer of answers) assert.equal(answer.statusCode, 202, answer.body);
      const first = answers[0]!.json();
      for (const answer of answers) {
        assert.deepEqual(answer.json(), first, 'the same analysis and job');
        assert.equal(answer.headers.location, `/v1/jobs/${first.jobId}`);
      }
      assert.equal((await analysesOf(tenant, fieldId)).length, 1);

      const otherIndex = await analyse(tenant, fieldId, { ...payload, index: 'evi' });
      assert.equal(otherIndex.statusCode, 202, otherIndex.body);
      assert.notEqual(otherIndex.json().analysisId, first.analysisId);
      assert.equal((await analysesOf(tenant, fieldId)).length, 2);
    });

    it(`a tenant's queued analyses stop at the quota with a 429 that says why; other tenants go on`, async () => {
      const tenant = await createTenant(t.app);
      const fieldId = await newField(tenant);
      const accepted = [];
      for (let i = 0; i < QUOTA; i++) {
        const answer = await analyse(tenant, fieldId, { from: day(-30 - i), to: day(0) });
        assert.equal(answer.statusCode, 202, answer.body);
        accepted.push(answer.json());
      }
      const refused = await analyse(tenant, fieldId, { from: day(-60), to: day(0) });
      assert.equal(refused.statusCode, 429, refused.body);
      assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
      assert.ok(Number(refused.headers['retry-after']) > 0, 'says when to try again');
      assert.equal(
        refused.json().detail,
        `This organisation already has ${QUOTA} vegetation analyses queued or running, as many as it may; ` +
          'ask again once some have finished.',
      );
      assert.equal((await analysesOf(tenant, fieldId)).length, QUOTA, 'the refused one was not stored');

      const again = await analyse(tenant, fieldId, { from: day(-30), to: day(0) });
      assert.equal(again.statusCode, 202, 'asking again for a queued analysis is not more work');
      assert.deepEqual(again.json(), accepted[0]);

      const neighbour = await createTenant(t.app);
      const theirs = await analyse(neighbour, await newField(neighbour), { from: day(-60), to: day(0) });
      assert.equal(theirs.statusCode, 202, theirs.body);
    });
  });
}
