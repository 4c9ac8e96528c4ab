import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { createKeyStore } from '../../src/auth/keys.js';
import { maskPhone } from '../../src/lib/phone.js';
import { ConfigError, loadConfig, type Config } from '../../src/config.js';
import { createCrypto, KeyRing, openCrypto, type Crypto } from '../../src/infra/crypto.js';
import { migrate, openDb, type Db } from '../../src/infra/db/index.js';
import { rotateDataKeys, type SealedColumn } from '../../src/infra/sealed-columns.js';
import { SEALED_COLUMNS } from '../../src/sealed-columns.js';
import { DEMO_FARMER_PHONE, seedDemo } from '../../src/seed.js';
import { runKheti } from '../support/process.js';
import { storageModes } from '../support/storage-modes.js';

const newKey = () => randomBytes(32).toString('base64');
const bodyOf = (sealed: string) => sealed.split('|')[2];
const wrappedBy = (sealed: string) => sealed.split('|')[1]!.split('~')[0];

describe('key ring and re-wrapping', () => {
  const [a, b, c] = [randomBytes(32), randomBytes(32), randomBytes(32)];
  const cryptoA = createCrypto(new KeyRing(a), a);
  const rotating = createCrypto(new KeyRing(b, [a]), a);
  const onlyB = createCrypto(new KeyRing(b), a);

  it('wraps with the current key and unwraps with whichever configured key is named', async () => {
    const old = await cryptoA.seal('+919876543210', 'user.phone');
    assert.equal(wrappedBy(old), cryptoA.keyId);
    assert.equal(await rotating.open(old, 'user.phone'), '+919876543210');
    const fresh = await rotating.seal('+919876543211', 'user.phone');
    assert.equal(wrappedBy(fresh), rotating.keyId);
    assert.notEqual(rotating.keyId, cryptoA.keyId);
    await assert.rejects(
      onlyB.open(old, 'user.phone'),
      (error: Error) =>
        error.message.includes(cryptoA.keyId) &&
        /KHETI_ENCRYPTION_KEY_PREVIOUS/.test(error.message) &&
        !error.message.includes(a.toString('base64')),
    );
  });

  it('re-wraps the data key and leaves the ciphertext byte for byte', async () => {
    const old = await cryptoA.seal('secret', 'ctx');
    assert.ok(rotating.needsRewrap(old));
    const rewrapped = await rotating.rewrap(old, 'ctx');
    assert.equal(bodyOf(rewrapped), bodyOf(old));
    assert.equal(wrappedBy(rewrapped), onlyB.keyId);
    assert.ok(!rotating.needsRewrap(rewrapped));
    assert.equal(await onlyB.open(rewrapped, 'ctx'), 'secret');
    assert.equal(await rotating.rewrap(rewrapped), rewrapped, 'a current value is returned as it is');
    assert.equal(bodyOf(await rotating.rewrap(old)), bodyOf(old), 'without a context, nothing is checked but the key');
  });

  it('refuses to re-wrap a value that does not open under the given context, or whose key is unknown', async () => {
    const old = await cryptoA.seal('secret', 'ctx');
    await assert.rejects(rotating.rewrap(old, 'other-ctx'));
    const foreign = await createCrypto(new KeyRing(c), a).seal('secret', 'ctx');
    await assert.rejects(rotating.rewrap(foreign, 'ctx'), /KHETI_ENCRYPTION_KEY_PREVIOUS/);
    assert.throws(() => rotating.needsRewrap('v2|x|y'), /unknown sealed format/);
  });

  it('keys blind indexes from their own secret, so a new master key keeps them', () => {
    assert.equal(onlyB.blindIndex('phone', '+919876543210'), cryptoA.blindIndex('phone', '+919876543210'));
    assert.notEqual(createCrypto(new KeyRing(b), b).blindIndex('phone', '+919876543210'), cryptoA.blindIndex('phone', '+919876543210'));
  });
});

describe('configuration of former keys', () => {
  const fails = (env: Record<string, string>, pattern: RegExp, secret?: string) =>
    assert.throws(
      () => loadConfig(env),
      (error: Error) =>
        error instanceof ConfigError &&
        pattern.test(error.message) &&
        !error.message.includes('\n') &&
        (!secret || !error.message.includes(secret)),
    );

  it('reads comma-separated former keys and the blind-index key', () => {
    const [a, b, c] = [newKey(), newKey(), newKey()];
    const config = loadConfig({ KHETI_ENCRYPTION_KEY: c, KHETI_ENCRYPTION_KEY_PREVIOUS: ` ${a} , ${b}`, KHETI_BLIND_INDEX_KEY: a });
    assert.deepEqual(
      config.previousEncryptionKeys.map((key) => key.toString('base64')),
      [a, b],
    );
    assert.equal(config.blindIndexKey?.toString('base64'), a);
    assert.deepEqual(loadConfig({}).previousEncryptionKeys, []);
  });

  it('refuses malformed keys without echoing them, and former keys without a pinned blind-index key', () => {
    const [a, b] = [newKey(), newKey()];
    fails(
      { KHETI_ENCRYPTION_KEY: b, KHETI_ENCRYPTION_KEY_PREVIOUS: `${a},not-a-key`, KHETI_BLIND_INDEX_KEY: a },
      /KHETI_ENCRYPTION_KEY_PREVIOUS must be/,
      a,
    );
    fails(
      { KHETI_ENCRYPTION_KEY: b, KHETI_ENCRYPTION_KEY_PREVIOUS: `${a},`, KHETI_BLIND_INDEX_KEY: a },
      /KHETI_ENCRYPTION_KEY_PREVIOUS must be/,
      a,
    );
    fails({ KHETI_BLIND_INDEX_KEY: 'short' }, /KHETI_BLIND_INDEX_KEY must be/, 'short');
    fails({ KHETI_ENCRYPTION_KEY_PREVIOUS: a, KHETI_BLIND_INDEX_KEY: a }, /needs KHETI_ENCRYPTION_KEY/, a);
    fails({ KHETI_ENCRYPTION_KEY: b, KHETI_ENCRYPTION_KEY_PREVIOUS: a }, /needs KHETI_BLIND_INDEX_KEY/, a);
  });
});

for (const mode of storageModes) {
  describe(`data-key rotation (${mode.name})`, () => {
    const [keyA, keyB] = [newKey(), newKey()];
    let base: Config;
    let cleanup: () => Promise<void>;
    let db: Db | undefined;
    /** The environment of this mode's database with the given keys, as a process would get it. */
    const envWith = (keys: Record<string, string>) => ({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: base.dataDir,
      ...(base.database.url ? { DATABASE_URL: base.database.url } : {}),
      ...keys,
    });
    const configWith = (keys: Record<string, string>) => loadConfig(envWith(keys));

    /** Sealed values as they were before rotation, by `table.column.id`, with their plaintext. */
    const original = new Map<string, { sealed: string; plaintext: string; column: SealedColumn; id: string }>();
    const phones: string[] = [];
    let present: SealedColumn[] = [];

    const readSealed = async (column: SealedColumn) =>
      (
        await db!.platform((tx) =>
          tx.query<Record<string, unknown>>(
            `SELECT ${column.idColumn}, ${column.column} FROM ${column.table} WHERE ${column.column} IS NOT NULL ORDER BY ${column.idColumn}`,
          ),
        )
      ).rows.map((row) => ({ id: String(row[column.idColumn]), sealed: row[column.column] as string, context: column.context(row) }));

    const openAll = async (crypto: Crypto) => {
      for (const column of present) {
        for (const row of await readSealed(column)) {
          const expected = original.get(`${column.table}.${column.column}.${row.id}`);
          const opened = await crypto.open(row.sealed, row.context);
          if (expected) assert.equal(opened, expected.plaintext, `${column.table}.${column.column} ${row.id}`);
        }
      }
    };

    before(async () => {
      ({ config: base, cleanup } = await mode.setup({ KHETI_ENCRYPTION_KEY: keyA }));
      db = await openDb(base);
      await migrate(db);
      const cryptoA = openCrypto(base);

      // Sealed by the real code paths: the demo farmer's phone and two signing keys.
      const seeded = await seedDemo(db, cryptoA);
      const keys = createKeyStore({ db, crypto: cryptoA, accessTokenTtlSeconds: 900 });
      await keys.current();
      await keys.rotate();
      phones.push(DEMO_FARMER_PHONE);

      // More phones than one batch holds.
      for (let i = 0; i < 5; i++) {
        const phone = `+9170000000${String(i).padStart(2, '0')}`;
        phones.push(phone);
        const sealed = await cryptoA.seal(phone, 'user.phone');
        await db.platform((tx) =>
          tx.query('INSERT INTO users (id, name, phone_index, phone_sealed, phone_hint) VALUES ($1, $2, $3, $4, $5)', [
            uuidv7(),
            `Farmer ${i}`,
            cryptoA.blindIndex('phone', phone),
            sealed,
            maskPhone(phone),
          ]),
        );
      }

      // The field registry's farmers, when this database has that table.
      const hasFarmers = (await db.platform((tx) => tx.query<{ ok: boolean }>(`SELECT to_regclass('farmers') IS NOT NULL AS ok`))).rows[0]!
        .ok;
      if (hasFarmers) {
        await db.platform(async (tx) =>
          tx.query(
            `INSERT INTO farmers (id, tenant_id, name, state, aadhaar_sealed, bank_account_sealed, phone_sealed)
           VALUES ($1, $2, 'Ramesh', 'Maharashtra', $3, $4, $5)`,
            [
              uuidv7(),
              seeded.tenantId,
              await cryptoA.seal('234567890124', 'farmer.aadhaar'),
              await cryptoA.seal('001234567890', 'farmer.bank_account'),
              await cryptoA.seal('+919812345678', 'farmer.phone'),
            ],
          ),
        );
      }
      present = SEALED_COLUMNS.filter((column) => column.table !== 'farmers' || hasFarmers);

      for (const column of present) {
        for (const row of await readSealed(column)) {
          original.set(`${column.table}.${column.column}.${row.id}`, {
            sealed: row.sealed,
            plaintext: await cryptoA.open(row.sealed, row.context),
            column,
            id: row.id,
          });
        }
      }
    });
    after(async () => {
      await db?.close();
      await cleanup?.();
    });

    it('opens everything sealed with the old key once it is only a former key', async () => {
      const rotating = openCrypto(
        configWith({ KHETI_ENCRYPTION_KEY: keyB, KHETI_ENCRYPTION_KEY_PREVIOUS: keyA, KHETI_BLIND_INDEX_KEY: keyA }),
      );
      assert.ok(original.size >= 8, `${original.size} sealed values`);
      for (const value of original.values()) assert.ok(rotating.needsRewrap(value.sealed));
      await openAll(rotating);
      const onlyB = openCrypto(configWith({ KHETI_ENCRYPTION_KEY: keyB, KHETI_BLIND_INDEX_KEY: keyA }));
      await assert.rejects(openAll(onlyB), /KHETI_ENCRYPTION_KEY_PREVIOUS/);
    });

    it('stops at a value no configured key opens, keeps the batches done, and resumes', async () => {
      const rotating = openCrypto(
        configWith({ KHETI_ENCRYPTION_KEY: keyB, KHETI_ENCRYPTION_KEY_PREVIOUS: keyA, KHETI_BLIND_INDEX_KEY: keyA }),
      );
      // One value already sealed by the new key (a process on the new configuration), and one by a
      // key nobody configured, last in id order.
      const currentId = uuidv7();
      await db!.platform(async (tx) =>
        tx.query('INSERT INTO users (id, name, phone_sealed) VALUES ($1, $2, $3)', [
          currentId,
          'Sealed by the new key',
          await rotating.seal('+917000000099', 'user.phone'),
        ]),
      );
      const lostId = uuidv7();
      const stranger = createCrypto(new KeyRing(randomBytes(32)), randomBytes(32));
      await db!.platform(async (tx) =>
        tx.query('INSERT INTO users (id, name, phone_sealed) VALUES ($1, $2, $3)', [
          lostId,
          'Sealed by an unknown key',
          await stranger.seal('+917000000098', 'user.phone'),
        ]),
      );

      // Batches of four: the first (four old values) commits, the second holds the unknown one.
      await assert.rejects(
        rotateDataKeys(db!, rotating, { columns: SEALED_COLUMNS, batchSize: 4 }),
        (error: Error) => error.message.includes(`users.phone_sealed of id ${lostId}`) && !error.message.includes('+917000000098'),
      );
      const users = (await readSealed(present[0]!)).filter((row) => original.has(`users.phone_sealed.${row.id}`));
      const done = users.filter((row) => !rotating.needsRewrap(row.sealed)).length;
      assert.ok(done > 0 && done < users.length, `${done} of ${users.length} re-wrapped before the stop`);

      await db!.platform((tx) => tx.query('DELETE FROM users WHERE id = $1', [lostId]));
      const counts = await rotateDataKeys(db!, rotating, { columns: SEALED_COLUMNS, batchSize: 2 });
      const byColumn = new Map(counts.map((count) => [`${count.table}.${count.column}`, count]));
      assert.deepEqual(
        counts.map((count) => `${count.table}.${count.column}`),
        present.map((column) => `${column.table}.${column.column}`),
      );
      const usersCount = byColumn.get('users.phone_sealed')!;
      assert.equal(usersCount.rewrapped, phones.length - done);
      assert.equal(usersCount.alreadyCurrent, done + 1, 'what the stopped run did, and the value sealed by the new key');
      assert.deepEqual(byColumn.get('signing_keys.private_sealed'), {
        table: 'signing_keys',
        column: 'private_sealed',
        rewrapped: 2,
        alreadyCurrent: 0,
      });
      for (const column of present.filter((c) => c.table === 'farmers')) {
        assert.deepEqual(byColumn.get(`farmers.${column.column}`), {
          table: 'farmers',
          column: column.column,
          rewrapped: 1,
          alreadyCurrent: 0,
        });
      }
      await db!.platform((tx) => tx.query('DELETE FROM users WHERE id = $1', [currentId]));
    });

    it('leaves every value wrapped by the new key with its ciphertext unchanged, and needs the old key no more', async () => {
      const onlyB = openCrypto(configWith({ KHETI_ENCRYPTION_KEY: keyB, KHETI_BLIND_INDEX_KEY: keyA }));
      let checked = 0;
      for (const column of present) {
        for (const row of await readSealed(column)) {
          const old = original.get(`${column.table}.${column.column}.${row.id}`);
          assert.ok(old, `${column.table}.${column.column} ${row.id} was there before`);
          assert.equal(wrappedBy(row.sealed), onlyB.keyId);
          assert.notEqual(row.sealed, old.sealed);
          assert.equal(bodyOf(row.sealed), bodyOf(old.sealed), 'the ciphertext is byte-identical');
          checked += 1;
        }
      }
      assert.equal(checked, original.size);
      await openAll(onlyB);

      // The signing key opens through the key store, and phones are still found by blind index.
      const keys = createKeyStore({ db: db!, crypto: onlyB, accessTokenTtlSeconds: 900 });
      assert.match((await keys.current()).kid, /^k-/);
      for (const phone of phones) {
        const { rows } = await db!.platform((tx) =>
          tx.query<{ phone_sealed: string }>('SELECT phone_sealed FROM users WHERE phone_index = $1', [onlyB.blindIndex('phone', phone)]),
        );
        assert.equal(rows.length, 1, phone);
        assert.equal(await onlyB.open(rows[0]!.phone_sealed, 'user.phone'), phone);
      }
    });

    it('re-wraps nothing the second time', async () => {
      const onlyB = openCrypto(configWith({ KHETI_ENCRYPTION_KEY: keyB, KHETI_BLIND_INDEX_KEY: keyA }));
      const counts = await rotateDataKeys(db!, onlyB, { columns: SEALED_COLUMNS });
      assert.ok(counts.every((count) => count.rewrapped === 0));
      assert.equal(
        counts.reduce((sum, count) => sum + count.alreadyCurrent, 0),
        original.size,
      );
    });

    it('kheti admin rotate-data-keys prints the count of each column', async () => {
      // Embedded mode: one process at a time holds the data directory.
      await db!.close();
      db = undefined;
      const run = await runKheti(
        ['admin', 'rotate-data-keys', '--batch-size', '3'],
        envWith({ KHETI_ENCRYPTION_KEY: keyB, KHETI_BLIND_INDEX_KEY: keyA }),
      );
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^users\\.phone_sealed: 0 re-wrapped, ${phones.length} already current$`, 'm'));
      assert.match(run.stdout, /^signing_keys\.private_sealed: 0 re-wrapped, 2 already current$/m);
      assert.match(run.stdout, /KHETI_ENCRYPTION_KEY_PREVIOUS may be removed/);

      const refused = await runKheti(
        ['admin', 'rotate-data-keys'],
        envWith({ KHETI_ENCRYPTION_KEY: keyB, KHETI_ENCRYPTION_KEY_PREVIOUS: keyA }),
      );
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /needs KHETI_BLIND_INDEX_KEY/);
      assert.ok(!refused.stderr.includes(keyA));
      const badBatch = await runKheti(
        ['admin', 'rotate-data-keys', '--batch-size', '0'],
        envWith({ KHETI_ENCRYPTION_KEY: keyB, KHETI_BLIND_INDEX_KEY: keyA }),
      );
      assert.equal(badBatch.code, 2);
    });
  });
}
