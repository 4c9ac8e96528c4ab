import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { Principal } from '../../src/auth/principal.js';
import { loadConfig, type Config } from '../../src/config.js';
import { migrate } from '../../src/infra/db/index.js';
import { verhoeffCheckDigit } from '../../src/lib/pii.js';
import { TEST_PRINCIPAL_HEADER, asPrincipal } from '../support/app.js';
import { createTenant, type TestTenant } from '../support/identity.js';
import { runKheti } from '../support/process.js';
import { storageModes } from '../support/storage-modes.js';
import { startKmsStub, TEST_AWS_CREDENTIALS, TEST_KMS_REGION, type KmsStub } from '../stubs/kms.js';
import { startVaultStub, type VaultStub } from '../stubs/vault.js';

/**
 * A farmer's sealed personal data through a move from the local key to Vault transit or AWS KMS,
 * in both storage modes: readable with the local key kept for unwrapping, re-wrapped by
 * `kheti admin rotate-data-keys`, readable after restarts without the local key, and, while the
 * provider is down, 503 on a read or write that needs it with nothing written.
 */
const aadhaar = () => {
  const body = `${2 + Math.floor(Math.random() * 8)}${Array.from({ length: 10 }, () => Math.floor(Math.random() * 10)).join('')}`;
  return `${body}${verhoeffCheckDigit(body)}`;
};
const testAuthenticator = async (request: FastifyRequest): Promise<Principal | null> => {
  const header = request.headers[TEST_PRINCIPAL_HEADER];
  return typeof header === 'string' ? (JSON.parse(Buffer.from(header, 'base64url').toString()) as Principal) : null;
};

interface FarmerSealed {
  aadhaar_sealed: string;
  phone_sealed: string;
  bank_account_sealed: string;
  version: number;
}

let vault: VaultStub;
let kms: KmsStub;
const savedEnv = { ...process.env };
before(async () => {
  vault = await startVaultStub();
  kms = await startKmsStub();
  kms.createKey('kheti');
  Object.assign(process.env, TEST_AWS_CREDENTIALS);
});
after(async () => {
  for (const name of Object.keys(TEST_AWS_CREDENTIALS)) if (savedEnv[name] === undefined) delete process.env[name];
  await vault?.close();
  await kms?.close();
});

const providers = [
  {
    name: 'vault-transit',
    // A transit key of each storage mode's own, so that rotating it is seen by one test only.
    prefix: (mode: string) => `vault:transit/kheti-${mode}~`,
    stub: () => vault,
    env: (mode: string): Record<string, string> => ({
      KEY_PROVIDER: 'vault-transit',
      VAULT_ADDR: vault.baseUrl,
      VAULT_TOKEN: vault.rootToken,
      VAULT_TRANSIT_KEY: `kheti-${mode}`,
    }),
  },
  {
    name: 'aws-kms',
    prefix: (_mode: string) => 'kms:alias/kheti~',
    stub: () => kms,
    env: (_mode: string): Record<string, string> => ({
      KEY_PROVIDER: 'aws-kms',
      AWS_KMS_KEY_ID: 'alias/kheti',
      AWS_REGION: TEST_KMS_REGION,
      AWS_KMS_ENDPOINT: kms.baseUrl,
      ...TEST_AWS_CREDENTIALS,
    }),
  },
] as const;

for (const mode of storageModes) {
  for (const provider of providers) {
    describe(`moving personal data from the local key to ${provider.name} (${mode.name})`, () => {
      const localKey = randomBytes(32).toString('base64');
      const redisPrefix = `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
      let base: Config;
      let cleanup: () => Promise<void>;
      let app: FastifyInstance | undefined;
      let tenant: TestTenant;
      const farmers: { id: string; aadhaar: string; phone: string }[] = [];

      const envWith = (extra: Record<string, string>) => ({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        MAX_EVENT_LOOP_DELAY_MS: '0',
        DATA_DIR: base.dataDir,
        ...(base.database.url ? { DATABASE_URL: base.database.url } : {}),
        ...(base.redis.url ? { REDIS_URL: base.redis.url } : {}),
        ...extra,
      });
      const onProvider = (extra: Record<string, string> = {}) =>
        envWith({ ...provider.env(mode.name), KHETI_BLIND_INDEX_KEY: localKey, ...extra });
      /** A restart: the running app (if any) closes, and one with this environment opens the same database. */
      const restart = async (env: Record<string, string>) => {
        await app?.close();
        app = await buildApp(loadConfig(env), { authenticate: testAuthenticator, redisPrefix });
        await migrate(app.resources.db);
        return app;
      };
      const as = () => asPrincipal({ tenantId: tenant.id, userId: tenant.admin.id, role: 'tenant_admin' });
      const register = async (name: string) => {
        const farmer = { aadhaar: aadhaar(), phone: `9${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}` };
        const response = await app!.inject({
          method: 'POST',
          url: '/v1/farmers',
          headers: as(),
          payload: { name, state: 'Maharashtra', aadhaar: farmer.aadhaar, phone: farmer.phone, bankAccount: '123456789012' },
        });
        assert.equal(response.statusCode, 201, response.body);
        farmers.push({ id: response.json().id, ...farmer });
      };
      const reveal = (id: string) => app!.inject({ url: `/v1/farmers/${id}?reveal=aadhaar,phone,bankAccount`, headers: as() });
      const assertReadable = async () => {
        for (const farmer of farmers) {
          const response = await reveal(farmer.id);
          assert.equal(response.statusCode, 200, response.body);
          assert.equal(response.json().aadhaar, farmer.aadhaar);
          assert.equal(response.json().phone.replace(/\D/g, '').slice(-10), farmer.phone);
        }
      };
      const sealedOf = async (id: string) =>
        (
          await app!.resources.db.platform((tx) =>
            tx.query<FarmerSealed>('SELECT aadhaar_sealed, phone_sealed, bank_account_sealed, version FROM farmers WHERE id = $1', [id]),
          )
        ).rows[0]!;
      const farmerCount = async () =>
        Number((await app!.resources.db.platform((tx) => tx.query<{ n: string }>('SELECT count(*) AS n FROM farmers'))).rows[0]!.n);
      const rotate = async () => {
        // Embedded mode: one process at a time holds the data directory.
        await app?.close();
        app = undefined;
        const run = await runKheti(['admin', 'rotate-data-keys'], onProvider({ KHETI_ENCRYPTION_KEY: localKey }));
        assert.equal(run.code, 0, run.stderr);
        return run.stdout;
      };

      before(async () => {
        vault.createKey('transit', `kheti-${mode.name}`);
        ({ config: base, cleanup } = await mode.setup({ KHETI_ENCRYPTION_KEY: localKey }));
        await restart(envWith({ KHETI_ENCRYPTION_KEY: localKey }));
        tenant = await createTenant(app!);
        await register('Sealed by the local key');
      });
      after(async () => {
        await app?.close();
        await cleanup?.();
      });

      it('opens what the local key sealed while the provider wraps new data keys', async () => {
        await restart(onProvider({ KHETI_ENCRYPTION_KEY: localKey }));
        await assertReadable();
        await register(`Sealed by ${provider.name}`);
        const [old, fresh] = [await sealedOf(farmers[0]!.id), await sealedOf(farmers[1]!.id)];
        assert.match(old.aadhaar_sealed, /^v1\|local:/);
        for (const sealed of [fresh.aadhaar_sealed, fresh.phone_sealed, fresh.bank_account_sealed])
          assert.ok(sealed.startsWith(`v1|${provider.prefix(mode.name)}`), sealed.slice(0, 40));
      });

      it('kheti admin rotate-data-keys re-wraps everything, and the local key is needed no more', async () => {
        const stdout = await rotate();
        assert.match(stdout, /^farmers\.aadhaar_sealed: 1 re-wrapped, 1 already current$/m);
        assert.match(stdout, /^signing_keys\.private_sealed: [1-9]\d* re-wrapped, 0 already current$/m);
        assert.match(await rotate(), /^farmers\.aadhaar_sealed: 0 re-wrapped, 2 already current$/m, 'nothing left the second time');

        // A restart with the provider alone: no local key at all.
        await restart(onProvider());
        for (const farmer of farmers) {
          const sealed = await sealedOf(farmer.id);
          for (const value of [sealed.aadhaar_sealed, sealed.phone_sealed, sealed.bank_account_sealed])
            assert.ok(value.startsWith(`v1|${provider.prefix(mode.name)}`), value.slice(0, 40));
        }
        await assertReadable();
        // Sign-in still works: the signing key's private half was re-wrapped too.
        await createTenant(app!);
      });

      if (provider.name === 'vault-transit')
        it("a rotation of Vault's transit key is re-wrapped the same way", async () => {
          vault.rotateKey('transit', `kheti-${mode.name}`);
          assert.match(await rotate(), /^farmers\.aadhaar_sealed: 2 re-wrapped, 0 already current$/m);
          await restart(onProvider());
          assert.match((await sealedOf(farmers[0]!.id)).aadhaar_sealed, /~vault:v2:/);
          await assertReadable();
        });

      it('while the provider is down: 503 on a personal-data read or write, nothing written; all well once it is back', async () => {
        // No cache: every value needs the provider, as a value not read for a while does.
        await restart(onProvider({ KEY_CACHE_SECONDS: '0' }));
        const [target] = farmers;
        const before = await sealedOf(target!.id);
        const count = await farmerCount();
        await provider.stub().stop();
        try {
          const read = await reveal(target!.id);
          assert.equal(read.statusCode, 503, read.body);
          assert.match(String(read.headers['content-type']), /^application\/problem\+json/);
          assert.match(read.json().type, /service-unavailable$/);
          assert.ok(Number(read.headers['retry-after']) > 0);
          const masked = await app!.inject({ url: `/v1/farmers/${target!.id}`, headers: as() });
          assert.equal(masked.statusCode, 200, 'masked data needs no key');

          const created = await app!.inject({
            method: 'POST',
            url: '/v1/farmers',
            headers: as(),
            payload: { name: 'Not now', state: 'Bihar', aadhaar: aadhaar() },
          });
          assert.equal(created.statusCode, 503, created.body);
          assert.ok(created.headers['retry-after']);
          const changed = await app!.inject({
            method: 'PATCH',
            url: `/v1/farmers/${target!.id}`,
            headers: as(),
            payload: { name: 'Renamed', phone: '9000000001' },
          });
          assert.equal(changed.statusCode, 503, changed.body);
          assert.equal(await farmerCount(), count, 'no farmer was created');
          assert.deepEqual(await sealedOf(target!.id), before, 'the farmer is untouched, name and sealed values alike');
        } finally {
          await provider.stub().start();
        }
        await assertReadable();
        const changed = await app!.inject({
          method: 'PATCH',
          url: `/v1/farmers/${target!.id}`,
          headers: as(),
          payload: { phone: '9000000001' },
        });
        assert.equal(changed.statusCode, 200, changed.body);
        target!.phone = '9000000001';
        await assertReadable();
      });
    });
  }
}
