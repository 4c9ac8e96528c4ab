import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout } from 'node:timers/promises';
import { hashToken } from '../../src/auth/refresh-tokens.js';
import type { Tx, TxOptions } from '../../src/infra/db/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createTenant, someAddress } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

const RACERS = 8;

/**
 * Widens the window between a transaction's commit and the moment its caller goes on, as a
 * round trip to a distant database would: work split over two transactions is then reliably
 * interleaved with the other racers' transactions.
 */
async function withSlowCommits<T>(t: TestApp, run: () => Promise<T>): Promise<T> {
  const db = t.app.resources.db;
  const original = db.platform;
  const platform: typeof db.platform = original.bind(db);
  db.platform = async <R>(work: (tx: Tx) => Promise<R>, options?: TxOptions): Promise<R> => {
    const result = await platform(work, options);
    await setTimeout(50);
    return result;
  };
  try {
    return await run();
  } finally {
    db.platform = original;
  }
}

for (const mode of storageModes) {
  describe(`refresh-token reuse under concurrency (${mode.name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(mode);
    });
    after(async () => t?.close());

    const refresh = (token: string) =>
      t.app.inject({
        method: 'POST',
        url: '/oauth/token',
        remoteAddress: someAddress(),
        payload: { grant_type: 'refresh_token', refresh_token: token },
      });

    it('one refresh token presented many times at once: reuse revokes the whole family, a winner’s new token included', async () => {
      const tenant = await createTenant(t.app);
      const presented = tenant.tokens.refresh_token!;
      const answers = await withSlowCommits(t, () => Promise.all(Array.from({ length: RACERS }, () => refresh(presented))));

      const won = answers.filter((answer) => answer.statusCode === 200);
      const refused = answers.filter((answer) => answer.statusCode !== 200);
      assert.ok(won.length >= 1, 'the first use rotates the token');
      assert.ok(refused.length >= 1, 'the others are a reuse');
      for (const answer of refused) {
        assert.equal(answer.statusCode, 400, answer.body);
        assert.equal(answer.json().error, 'invalid_grant');
      }

      // Every token of the family is dead: the one presented and every token a racing request got.
      const { rows } = await t.app.resources.db.platform((tx) =>
        tx.query<{ family_id: string }>('SELECT family_id FROM refresh_tokens WHERE token_hash = $1', [hashToken(presented)]),
      );
      const family = await t.app.resources.db.platform((tx) =>
        tx.query<{ id: string; revoked_at: Date | null }>('SELECT id, revoked_at FROM refresh_tokens WHERE family_id = $1', [
          rows[0]!.family_id,
        ]),
      );
      assert.equal(family.rows.length, 1 + won.length, 'one new token for each request that won');
      assert.deepEqual(
        family.rows.filter((row) => row.revoked_at === null),
        [],
        'no token of the family is left unrevoked',
      );
      for (const token of [presented, ...won.map((answer) => answer.json().refresh_token as string)]) {
        const again = await refresh(token);
        assert.equal(again.statusCode, 400, again.body);
        assert.equal(again.json().error, 'invalid_grant');
      }
    });
  });
}
