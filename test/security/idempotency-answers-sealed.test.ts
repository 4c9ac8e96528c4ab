import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

interface StoredRow {
  answer_id: string | null;
  response_sealed: string | null;
  response_body: unknown;
}

/**
 * A POST's answer kept for Idempotency-Key replays may carry a secret shown once (an OAuth
 * client's) or a farmer's phone: it is stored sealed, and a retry still gets it back word for word.
 */
for (const mode of storageModes) {
  describe(`idempotency answers sealed at rest (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
    });
    after(async () => t?.close());

    const post = (url: string, payload: object, key: string) =>
      t.app.inject({ method: 'POST', url, headers: { ...bearer(tenant.tokens), 'idempotency-key': key }, payload });
    const stored = async (key: string) =>
      (
        await t.app.resources.db.platform((tx) =>
          tx.query<StoredRow>('SELECT answer_id, response_sealed, response_body FROM idempotency_keys WHERE key = $1', [key]),
        )
      ).rows[0]!;

    it("an OAuth client's secret is not readable in the stored answer, and the retry answers it again", async () => {
      const first = await post('/v1/clients', { name: 'Sealed answers' }, 'client-secret-once');
      assert.equal(first.statusCode, 201, first.body);
      const secret = first.json().clientSecret as string;

      const row = await stored('client-secret-once');
      assert.equal(row.response_body, null);
      assert.ok(row.answer_id && row.response_sealed, 'the answer is stored sealed');
      assert.ok(!row.response_sealed.includes(secret), 'the sealed answer does not show the secret');
      assert.ok(!row.response_sealed.includes('Sealed answers'), 'nor any other part of the answer');

      const again = await post('/v1/clients', { name: 'Sealed answers' }, 'client-secret-once');
      assert.equal(again.statusCode, 201);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.body, first.body);
    });

    it("a farmer's phone in an answer written with its record is sealed with it", async () => {
      const first = await post('/v1/farmers', { name: 'Sunita', state: 'Maharashtra', phone: '+91 98220 12345' }, 'farmer-phone');
      assert.equal(first.statusCode, 201, first.body);
      const row = await stored('farmer-phone');
      assert.ok(row.response_sealed, 'the answer is stored sealed');
      for (const fragment of ['9822012345', 'Sunita']) assert.ok(!row.response_sealed.includes(fragment), fragment);
      const again = await post('/v1/farmers', { name: 'Sunita', state: 'Maharashtra', phone: '+91 98220 12345' }, 'farmer-phone');
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.body, first.body);
    });

    it('an answer stored in plain text before answers were sealed is still replayed until it expires', async () => {
      const first = await post('/v1/clients', { name: 'Stored before sealing' }, 'legacy-row');
      await t.app.resources.db.platform((tx) =>
        tx.query(
          "UPDATE idempotency_keys SET response_body = to_jsonb($1::text), response_sealed = NULL, answer_id = NULL WHERE key = 'legacy-row'",
          [first.body],
        ),
      );
      const again = await post('/v1/clients', { name: 'Stored before sealing' }, 'legacy-row');
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.body, first.body);
    });

    it('a sealed answer moved to another key row does not open: each is sealed under its own row', async () => {
      await post('/v1/clients', { name: 'First' }, 'row-a');
      await post('/v1/clients', { name: 'Second' }, 'row-b');
      const a = await stored('row-a');
      await t.app.resources.db.platform((tx) =>
        tx.query("UPDATE idempotency_keys SET response_sealed = $1 WHERE key = 'row-b'", [a.response_sealed]),
      );
      const replay = await post('/v1/clients', { name: 'Second' }, 'row-b');
      assert.equal(replay.statusCode, 500, 'a tampered answer is never replayed as if it were this one');
    });
  });
}
