import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { ANALYSE_FIELD_JOB, ANALYSE_ATTEMPTS, registerImageryJobs } from '../../src/modules/imagery/jobs.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/**
 * A job whose subject is not in the database did no work: it ends failed, saying what is missing,
 * and never succeeded (it once returned `{ skipped: true }`, which the queue reported as success).
 */

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

interface JobBody {
  status: string;
  error?: string;
  attempts: number;
  result?: unknown;
}

for (const mode of storageModes) {
  describe(`an analysis job without its analysis (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
    });
    after(async () => t?.close());

    const job = async (id: string) => {
      const response = await t.app.inject({ url: `/v1/jobs/${id}`, headers: bearer(tenant.tokens) });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as JobBody;
    };
    const finished = async (id: string) => {
      let body = await job(id);
      for (let i = 0; i < 300 && (body.status === 'queued' || body.status === 'running'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        body = await job(id);
      }
      return body;
    };
    const post = async (url: string, payload: Record<string, unknown>) => {
      const response = await t.app.inject({ method: 'POST', url, headers: bearer(tenant.tokens), payload });
      assert.ok(response.statusCode < 300, response.body);
      return response.json();
    };

    it('fails for an analysis whose field was deleted (and the analysis with it) before a worker took the job', async () => {
      const farmer = await post('/v1/farmers', { name: 'Imagery Farmer', state: 'Maharashtra' });
      const farm = await post('/v1/farms', { farmerId: farmer.id, name: 'Farm' });
      const field = await post('/v1/fields', { farmId: farm.id, name: 'Plot', boundary: plot(19.99, 73.79) });
      // No worker consumes yet, so the job is still waiting when its subject goes.
      const { jobId, analysisId } = await post(`/v1/fields/${field.id}/vegetation-analyses`, { from: day(-60), to: day(0) });
      const deleted = await t.app.inject({ method: 'DELETE', url: `/v1/fields/${field.id}`, headers: bearer(tenant.tokens) });
      assert.equal(deleted.statusCode, 204, deleted.body);
      await registerImageryJobs(t.app.resources, t.app.outside);
      await t.app.resources.queue.start();
      const body = await finished(jobId);
      assert.equal(body.status, 'failed', JSON.stringify(body));
      assert.match(body.error ?? '', new RegExp(`vegetation analysis ${analysisId} does not exist`));
      assert.equal(body.result, undefined);
    });

    it('fails at once, naming the analysis, for an analysis this database never had (as another deployment’s job would)', async () => {
      const analysisId = uuidv7();
      await t.app.resources.queue.enqueue(
        ANALYSE_FIELD_JOB,
        { analysisId },
        { tenantId: tenant.id, jobId: analysisId, attempts: ANALYSE_ATTEMPTS, backoffMs: 10 },
      );
      const body = await finished(analysisId);
      assert.equal(body.status, 'failed', JSON.stringify(body));
      assert.match(body.error ?? '', new RegExp(`vegetation analysis ${analysisId} does not exist in this deployment`));
      assert.equal(body.attempts, 1, 'a missing analysis does not appear by retrying');
      assert.equal(body.result, undefined);
    });
  });
}
