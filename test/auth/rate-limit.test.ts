import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

for (const mode of storageModes) {
  describe(`API rate limit per token (${mode.name})`, () => {
    let t: TestApp;
    let first: TestTenant;
    let second: TestTenant;
    before(async () => {
      t = await buildTestApp(mode, { env: { RATE_LIMIT_PER_MINUTE: '5' } });
      first = await createTenant(t.app);
      second = await createTenant(t.app);
    });
    after(async () => t?.close());

    it('answers 429 with Retry-After and RateLimit headers past the limit, per token, never on probes', async () => {
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof t.app.inject>> | undefined;
      for (let i = 0; i < 6; i++) {
        last = await t.app.inject({ url: '/v1/me', headers: bearer(first.tokens) });
        statuses.push(last.statusCode);
      }
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
      assert.ok(Number(last!.headers['retry-after']) > 0);
      assert.equal(last!.headers['ratelimit-limit'], '5');
      assert.equal(last!.headers['ratelimit-remaining'], '0');
      assert.match(String(last!.headers['content-type']), /problem\+json/);

      // Another caller has a budget of its own; health probes are never limited.
      assert.equal((await t.app.inject({ url: '/v1/me', headers: bearer(second.tokens) })).statusCode, 200);
      for (let i = 0; i < 8; i++) assert.equal((await t.app.inject({ url: '/livez' })).statusCode, 200);
    });
  });
}
