import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, isEmbeddedDatabase, loadConfig, usesRedis } from '../src/config.js';

const fails = (env: Record<string, string>, pattern: RegExp) =>
  assert.throws(
    () => loadConfig(env),
    (error: Error) => error instanceof ConfigError && pattern.test(error.message) && !error.message.includes('\n'),
  );

describe('configuration', () => {
  it('defaults to embedded mode on 127.0.0.1:8080 with demo data', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8080);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.dataDir, './data');
    assert.equal(config.webConcurrency, 1);
    assert.equal(config.seedDemo, true);
    assert.ok(isEmbeddedDatabase(config));
    assert.ok(!usesRedis(config));
  });

  it('reads production settings', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://kheti@db:5432/kheti',
      DATABASE_REPLICA_URLS: 'postgres://kheti@r1/kheti, postgresql://kheti@r2/kheti',
      REDIS_CLUSTER_NODES: 'redis-0:6379,redis-1:6379',
      WEB_CONCURRENCY: '4',
      CORS_ORIGINS: 'https://a.example.org,https://b.example.org',
      TRUST_PROXY: '1',
      SEED_DEMO: 'false',
    });
    assert.equal(config.port, 9000);
    assert.deepEqual(config.database.replicaUrls, ['postgres://kheti@r1/kheti', 'postgresql://kheti@r2/kheti']);
    assert.deepEqual(config.redis.clusterNodes, [
      { host: 'redis-0', port: 6379 },
      { host: 'redis-1', port: 6379 },
    ]);
    assert.deepEqual(config.http.corsOrigins, ['https://a.example.org', 'https://b.example.org']);
    assert.equal(config.http.trustProxy, 1);
    assert.equal(config.seedDemo, false);
    assert.ok(!isEmbeddedDatabase(config) && usesRedis(config));
  });

  it('stops with one line naming the variable that is wrong', () => {
    fails({ PORT: '80a' }, /^Invalid configuration: PORT must be a port number/);
    fails({ PORT: '70000' }, /PORT/);
    fails({ WEB_CONCURRENCY: '0' }, /WEB_CONCURRENCY must be an integer 1-256/);
    fails({ LOG_LEVEL: 'verbose' }, /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/);
    fails({ SEED_DEMO: 'no' }, /SEED_DEMO must be one of true, false/);
    fails({ REDIS_URL: 'localhost:6379' }, /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    fails({ REDIS_CLUSTER_NODES: 'a:1,b' }, /REDIS_CLUSTER_NODES/);
    fails({ REDIS_URL: 'redis://a', REDIS_CLUSTER_NODES: 'a:1' }, /REDIS_URL or REDIS_CLUSTER_NODES, not both/);
    fails({ DATABASE_REPLICA_URLS: 'postgres://r1/kheti' }, /DATABASE_REPLICA_URLS needs DATABASE_URL/);
    fails({ DATABASE_URL: 'postgres://p/k', DATABASE_REPLICA_URLS: 'mysql://r1/kheti' }, /DATABASE_REPLICA_URLS/);
    fails({ KHETI_BOOTSTRAP_ADMIN_EMAIL: 'ops@example.org' }, /set together/);
    fails({ TRUST_PROXY: 'sometimes' }, /TRUST_PROXY/);
  });

  it('in production runs an offline twin or the bundled sample only when chosen by name', () => {
    const production = { NODE_ENV: 'production', KHETI_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') };
    fails(
      { ...production, IMAGERY_PROVIDER: 'stac', MARKET_PRICE_PROVIDER: 'sample' },
      /^Invalid configuration: WEATHER_PROVIDER must be chosen in production/,
    );
    fails(
      { ...production, WEATHER_PROVIDER: 'open-meteo', MARKET_PRICE_PROVIDER: 'sample' },
      /^Invalid configuration: IMAGERY_PROVIDER must be chosen/,
    );
    fails(
      { ...production, WEATHER_PROVIDER: 'open-meteo', IMAGERY_PROVIDER: 'stac' },
      /^Invalid configuration: MARKET_PRICE_PROVIDER must be chosen/,
    );
    fails({ MARKET_PRICE_PROVIDER: 'datagovin' }, /MARKET_PRICE_PROVIDER=datagovin needs DATA_GOV_IN_API_KEY/);
    const providers = (env: Record<string, string>) => {
      const config = loadConfig(env);
      return [config.weather.provider, config.imagery.provider, config.marketPrices.provider];
    };
    assert.deepEqual(
      providers({ ...production, WEATHER_PROVIDER: 'synthetic', IMAGERY_PROVIDER: 'synthetic', MARKET_PRICE_PROVIDER: 'sample' }),
      ['synthetic', 'synthetic', 'sample'],
    );
    assert.deepEqual(
      providers({ ...production, OPENWEATHER_API_KEY: 'a'.repeat(32), IMAGERY_PROVIDER: 'stac', DATA_GOV_IN_API_KEY: 'b'.repeat(56) }),
      ['openweather', 'stac', 'datagovin'],
    );
    // Outside production the defaults stay what a laptop without keys needs.
    assert.deepEqual(providers({}), ['synthetic', 'synthetic', 'sample']);
  });

  it('refuses private webhook URLs by default in production only, and reads the retry schedule', () => {
    const production = {
      NODE_ENV: 'production',
      KHETI_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      WEATHER_PROVIDER: 'synthetic',
      IMAGERY_PROVIDER: 'synthetic',
      MARKET_PRICE_PROVIDER: 'sample',
    };
    assert.deepEqual(loadConfig(production).webhooks, {
      allowPrivateUrls: false,
      timeoutMs: 10_000,
      retryBaseMs: 30_000,
      retryWindowMs: 86_400_000,
    });
    assert.equal(loadConfig({ ...production, WEBHOOK_ALLOW_PRIVATE_URLS: 'true' }).webhooks.allowPrivateUrls, true);
    assert.equal(loadConfig({}).webhooks.allowPrivateUrls, true);
    assert.equal(loadConfig({ NODE_ENV: 'test', WEBHOOK_ALLOW_PRIVATE_URLS: 'false' }).webhooks.allowPrivateUrls, false);
    assert.throws(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE_URLS: 'yes' }), /WEBHOOK_ALLOW_PRIVATE_URLS must be true or false/);
    assert.equal(loadConfig({ WEBHOOK_RETRY_WINDOW_SECONDS: '3600' }).webhooks.retryWindowMs, 3_600_000);
  });

  it('never echoes a value that may hold credentials', () => {
    assert.throws(
      () => loadConfig({ DATABASE_URL: 'mysql://kheti:s3cret@db/kheti' }),
      (error: Error) => /DATABASE_URL/.test(error.message) && !error.message.includes('s3cret'),
    );
    assert.throws(
      () => loadConfig({ KHETI_BOOTSTRAP_ADMIN_EMAIL: 'ops@example.org', KHETI_BOOTSTRAP_ADMIN_PASSWORD: 'short' }),
      (error: Error) => /KHETI_BOOTSTRAP_ADMIN_PASSWORD/.test(error.message) && !error.message.includes('short'),
    );
  });
});
