import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';
import { loadEnvironment } from '../../src/infra/keys/vault-kv.js';
import { openCrypto } from '../../src/infra/crypto.js';
import { KeyProviderUnavailableError } from '../../src/infra/keys/unavailable.js';
import { createTempDataDir } from '../support/database.js';
import { runKheti } from '../support/process.js';
import { startKmsStub, TEST_AWS_CREDENTIALS, TEST_KMS_REGION, type KmsStub } from '../stubs/kms.js';
import { startVaultStub, type VaultStub } from '../stubs/vault.js';

const wrappedBy = (sealed: string) => sealed.split('|')[1]!.split('~')[0];
const vaultVersionOf = (sealed: string) => /~vault:v(\d+):/.exec(sealed)?.[1];

/**
 * Each key provider through the Crypto the application uses, against loopback stubs of Vault and
 * KMS; and the configuration read from Vault KV at start.
 */
describe('key providers', () => {
  let vault: VaultStub;
  let kms: KmsStub;
  let kmsKeyId: string;
  let data: ReturnType<typeof createTempDataDir>;
  const saved = { ...process.env };

  before(async () => {
    vault = await startVaultStub();
    vault.createKey('transit', 'kheti');
    kms = await startKmsStub();
    kmsKeyId = kms.createKey('kheti');
    data = createTempDataDir();
    // The AWS SDK's default credential chain reads these, as it would on a machine with a role.
    Object.assign(process.env, TEST_AWS_CREDENTIALS);
  });
  after(async () => {
    for (const name of Object.keys(TEST_AWS_CREDENTIALS)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await vault?.close();
    await kms?.close();
    data?.remove();
  });

  const blindIndexKey = randomBytes(32).toString('base64');
  const vaultEnv = (extra: Record<string, string> = {}) => ({
    NODE_ENV: 'test',
    DATA_DIR: data.dir,
    KEY_PROVIDER: 'vault-transit',
    VAULT_ADDR: vault.baseUrl,
    VAULT_TOKEN: vault.rootToken,
    VAULT_TRANSIT_KEY: 'kheti',
    KHETI_BLIND_INDEX_KEY: blindIndexKey,
    ...extra,
  });
  const kmsEnv = (extra: Record<string, string> = {}) => ({
    NODE_ENV: 'test',
    DATA_DIR: data.dir,
    KEY_PROVIDER: 'aws-kms',
    AWS_KMS_KEY_ID: 'alias/kheti',
    AWS_REGION: TEST_KMS_REGION,
    AWS_KMS_ENDPOINT: kms.baseUrl,
    KHETI_BLIND_INDEX_KEY: blindIndexKey,
    ...extra,
  });

  it('Vault transit: Vault makes each data key, a value opens after a restart, and nothing else opens it', async () => {
    const crypto = openCrypto(loadConfig(vaultEnv()));
    await crypto.verify();
    const sealed = await crypto.seal('+919876543210', 'user.phone');
    assert.equal(wrappedBy(sealed), 'vault:transit/kheti');
    assert.ok(vault.requests.some((r) => r.path === '/v1/transit/datakey/plaintext/kheti' && r.status === 200));
    assert.ok(!crypto.needsRewrap(sealed));
    const restarted = openCrypto(loadConfig(vaultEnv()));
    assert.equal(await restarted.open(sealed, 'user.phone'), '+919876543210');
    await assert.rejects(restarted.open(sealed, 'farmer.phone'), 'the context is bound to the value');
    // A damaged wrapped key is the value's fault, not an outage: no 503.
    const damaged = sealed.replace(/~vault:v1:(.)/, (_, c: string) => `~vault:v1:${c === 'A' ? 'B' : 'A'}`);
    await assert.rejects(
      openCrypto(loadConfig(vaultEnv())).open(damaged, 'user.phone'),
      (error: Error) => !(error instanceof KeyProviderUnavailableError),
    );
  });

  it('Vault transit: after the transit key is rotated, values wrapped by its older version need a re-wrap', async () => {
    const crypto = openCrypto(loadConfig(vaultEnv()));
    const old = await crypto.seal('234567890124', 'farmer.aadhaar');
    vault.rotateKey('transit', 'kheti');
    const after = openCrypto(loadConfig(vaultEnv()));
    await after.verify(); // learns the newest version, as `kheti admin rotate-data-keys` does at start
    assert.ok(after.needsRewrap(old));
    const rewrapped = await after.rewrap(old, 'farmer.aadhaar');
    assert.equal(vaultVersionOf(rewrapped), '2');
    assert.equal(rewrapped.split('|')[2], old.split('|')[2], 'the ciphertext is untouched');
    assert.ok(!after.needsRewrap(rewrapped));
    assert.equal(await after.open(rewrapped, 'farmer.aadhaar'), '234567890124');
    assert.equal(await after.open(old, 'farmer.aadhaar'), '234567890124', 'the older version still unwraps until re-wrapped');
  });

  it('Vault transit with Kubernetes auth: logs in with the service account token and renews the lease', async () => {
    const shortVault = await startVaultStub({ leaseSeconds: 2 });
    try {
      shortVault.createKey('transit', 'kheti');
      const jwtFile = join(data.dir, 'sa-token');
      writeFileSync(jwtFile, 'eyJhbGciOiJSUzI1NiJ9.service-account.signature\n');
      shortVault.kubernetesJwts.set('eyJhbGciOiJSUzI1NiJ9.service-account.signature', 'kheti-api');
      const env = vaultEnv({ VAULT_ADDR: shortVault.baseUrl, VAULT_K8S_ROLE: 'kheti-api', VAULT_K8S_JWT_FILE: jwtFile });
      delete (env as Record<string, string>).VAULT_TOKEN;
      const crypto = openCrypto(loadConfig(env));
      await crypto.verify();
      assert.equal(await crypto.open(await crypto.seal('x', 'c'), 'c'), 'x');
      assert.equal(shortVault.requests.filter((r) => r.path === '/v1/auth/kubernetes/login').length, 1);
      // Renewed at two thirds of the 2 s lease: well within ten seconds.
      const deadline = Date.now() + 10_000;
      while (shortVault.renewals.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(shortVault.renewals.length > 0, 'the token lease was renewed');

      shortVault.kubernetesJwts.clear();
      const refused = openCrypto(loadConfig({ ...env, VAULT_K8S_ROLE: 'other-role' }));
      await assert.rejects(refused.verify(), /403/);
    } finally {
      await shortVault.close();
    }
  });

  it('AWS KMS: GenerateDataKey and Decrypt through the SDK, signed, the key named in the wrapped key', async () => {
    const crypto = openCrypto(loadConfig(kmsEnv()));
    await crypto.verify();
    const sealed = await crypto.seal('001234567890', 'farmer.bank_account');
    assert.equal(wrappedBy(sealed), 'kms:alias/kheti');
    const restarted = openCrypto(loadConfig(kmsEnv()));
    const before = kms.requests.length;
    assert.equal(await restarted.open(sealed, 'farmer.bank_account'), '001234567890');
    assert.equal(await restarted.open(sealed, 'farmer.bank_account'), '001234567890');
    assert.deepEqual(
      kms.requests.slice(before).map((r) => `${r.operation} ${r.status}`),
      ['Decrypt 200'],
      'the unwrapped data key is kept for the second read',
    );
    assert.ok(kms.requests.some((r) => r.operation === 'GenerateDataKey' && r.status === 200));
    // The key by its ARN names another key id: its values are told apart and need a re-wrap.
    const byArn = openCrypto(loadConfig(kmsEnv({ AWS_KMS_KEY_ID: kms.arnOf(kmsKeyId) })));
    assert.ok(byArn.needsRewrap(sealed));
    await assert.rejects(openCrypto(loadConfig(kmsEnv({ AWS_KMS_KEY_ID: 'alias/missing' }))).verify(), /NotFoundException/);
  });

  it('an unreachable provider is a KeyProviderUnavailableError (503), and works again when it is back', async () => {
    for (const [stub, env] of [
      [vault, vaultEnv({ KEY_CACHE_SECONDS: '0' })],
      [kms, kmsEnv({ KEY_CACHE_SECONDS: '0' })],
    ] as const) {
      const crypto = openCrypto(loadConfig(env));
      const sealed = await crypto.seal('secret', 'ctx');
      await stub.stop();
      try {
        await assert.rejects(
          crypto.open(sealed, 'ctx'),
          (error: Error) => error instanceof KeyProviderUnavailableError && error.statusCode === 503,
        );
        await assert.rejects(crypto.seal('other', 'ctx'), KeyProviderUnavailableError);
      } finally {
        await stub.start();
      }
      assert.equal(await crypto.open(sealed, 'ctx'), 'secret');
    }
  });

  it('refuses an incomplete provider configuration in one line', () => {
    const fails = (env: Record<string, string>, pattern: RegExp) =>
      assert.throws(
        () => loadConfig(env),
        (error: Error) => error instanceof ConfigError && pattern.test(error.message) && !error.message.includes('\n'),
      );
    fails({ KEY_PROVIDER: 'vault-transit', VAULT_ADDR: 'http://127.0.0.1:1', VAULT_TOKEN: 'hvs.abcdefgh' }, /needs VAULT_TRANSIT_KEY/);
    fails({ KEY_PROVIDER: 'vault-transit', VAULT_TRANSIT_KEY: 'k', VAULT_TOKEN: 'hvs.abcdefgh' }, /needs VAULT_ADDR/);
    fails({ KEY_PROVIDER: 'vault-transit', VAULT_TRANSIT_KEY: 'k', VAULT_ADDR: 'http://127.0.0.1:1' }, /VAULT_TOKEN or VAULT_K8S_ROLE/);
    fails({ KEY_PROVIDER: 'aws-kms', AWS_KMS_KEY_ID: 'alias/kheti' }, /needs AWS_KMS_KEY_ID and AWS_REGION/);
    fails({ AWS_KMS_KEY_ID: 'alias/kheti' }, /set while KEY_PROVIDER is local/);
    fails({ KEY_PROVIDER: 'hsm' }, /KEY_PROVIDER must be one of local, vault-transit, aws-kms/);
    fails(
      { NODE_ENV: 'production', KEY_PROVIDER: 'aws-kms', AWS_KMS_KEY_ID: 'alias/kheti', AWS_REGION: 'ap-south-1' },
      /needs KHETI_BLIND_INDEX_KEY in production/,
    );
    assert.equal(loadConfig({}).keys.provider, 'local');
  });

  it('kheti refuses to start, in one line, while its key provider is down', async () => {
    await vault.stop();
    await kms.stop();
    try {
      for (const env of [vaultEnv(), kmsEnv(TEST_AWS_CREDENTIALS)]) {
        const run = await runKheti(['serve'], { ...env, LOG_LEVEL: 'silent' });
        assert.equal(run.code, 1, run.stderr);
        const lines = run.stderr.trim().split('\n');
        assert.equal(lines.length, 1, run.stderr);
        assert.match(lines[0]!, new RegExp(`^kheti: the key provider \\(KEY_PROVIDER=${env.KEY_PROVIDER}\\) cannot be used: `));
        assert.equal(run.stdout, '', 'nothing was served');
      }
    } finally {
      await vault.start();
      await kms.start();
    }
  });
});

describe('configuration from Vault KV v2', () => {
  let vault: VaultStub;
  before(async () => {
    vault = await startVaultStub();
    vault.kv.set('secret/data/kheti', { LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: 1200, SEED_DEMO: false, VAULT_ADDR: 'http://elsewhere' });
  });
  after(async () => vault?.close());

  const kvEnv = (extra: Record<string, string> = {}) => ({
    VAULT_ADDR: vault.baseUrl,
    VAULT_TOKEN: vault.rootToken,
    VAULT_KV_PATH: 'secret/data/kheti',
    ...extra,
  });

  it('fills in what the environment does not set, and the environment wins', async () => {
    const config = loadConfig(await loadEnvironment(kvEnv({ RATE_LIMIT_PER_MINUTE: '30' })));
    assert.equal(config.logLevel, 'warn', 'from Vault');
    assert.equal(config.seedDemo, false, 'a boolean in Vault, as text');
    assert.equal(config.http.rateLimitPerMinute, 30, 'the environment overrides Vault');
    const merged = await loadEnvironment(kvEnv());
    assert.equal(merged.VAULT_ADDR, vault.baseUrl, 'the Vault connection never comes from the secret');
    assert.equal(merged.RATE_LIMIT_PER_MINUTE, '1200');
    assert.ok(vault.requests.some((r) => r.method === 'GET' && r.path === '/v1/secret/data/kheti' && r.status === 200));
  });

  it('a missing secret, a refused token or an unreachable Vault stops the start with a clear line', async () => {
    await assert.rejects(
      loadEnvironment(kvEnv({ VAULT_KV_PATH: 'secret/data/missing' })),
      (error: Error) => error instanceof ConfigError && /VAULT_KV_PATH secret\/data\/missing is not a secret in Vault/.test(error.message),
    );
    await assert.rejects(loadEnvironment(kvEnv({ VAULT_TOKEN: 'hvs.not-a-token' })), /could not be read from Vault: .*403/);
    await assert.rejects(loadEnvironment(kvEnv({ VAULT_KV_PATH: 'secret/kheti' })), /VAULT_KV_PATH must be the API path of a KV v2 secret/);
    await assert.rejects(
      loadEnvironment(kvEnv({ VAULT_ADDR: 'http://127.0.0.1:1' })),
      /could not be read from Vault: Vault at http:\/\/127\.0\.0\.1:1 could not connect/,
    );
    assert.deepEqual(await loadEnvironment({ LOG_LEVEL: 'info' }), { LOG_LEVEL: 'info' }, 'without VAULT_KV_PATH, Vault is not asked');
  });

  it('kheti reads the secret before its configuration', async () => {
    const data = createTempDataDir();
    try {
      vault.kv.set('secret/data/cli', { DATA_DIR: data.dir, NODE_ENV: 'test' });
      const ok = await runKheti(['migrate', '--status'], kvEnv({ VAULT_KV_PATH: 'secret/data/cli' }));
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /^pending: /);
      const missing = await runKheti(['migrate', '--status'], kvEnv({ VAULT_KV_PATH: 'secret/data/none' }));
      assert.equal(missing.code, 2);
      assert.match(
        missing.stderr.trim(),
        /^kheti: Invalid configuration: VAULT_KV_PATH secret\/data\/none is not a secret in Vault[^\n]*$/,
      );
    } finally {
      data.remove();
    }
  });
});
