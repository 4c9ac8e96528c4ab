import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Layout } from '../layout.js';
import { run, startDaemon, waitFor } from '../processes.js';
import type { Secrets } from '../secrets.js';
import type { Part } from '../state.js';
import { appUrl } from './postgres.js';
import { redisUrl } from './redis.js';

export const ADMIN_EMAIL = 'admin@topology.kheti.local';
/** nginx keeps upstream connections idle this long; a stopping server answers longer than that (SHUTDOWN_DRAIN_MS). */
export const UPSTREAM_KEEPALIVE_S = 2;
const DRAIN_MS = (UPSTREAM_KEEPALIVE_S + 1) * 1000;

const kheti = (layout: Layout) => join(layout.root, 'bin/kheti.js');

/**
 * The environment of every Kheti process of the topology: production mode, writes through
 * PgBouncer, reads from the three replicas directly, the queue and the cache each on its Redis,
 * the offline twins for outside data (no keys, no network), and a rate limit high enough that
 * the drills' load from one address is not what they measure.
 */
export function khetiEnv(layout: Layout, secrets: Secrets): Record<string, string> {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: appUrl(secrets, layout.ports.pgbouncer),
    DATABASE_REPLICA_URLS: layout.ports.postgresReplicas.map((port) => appUrl(secrets, port)).join(','),
    REDIS_URL: redisUrl(layout, secrets, 'queue'),
    REDIS_CACHE_URL: redisUrl(layout, secrets, 'cache'),
    DATA_DIR: join(layout.runDir, 'data'),
    PUBLIC_URL: `https://127.0.0.1:${layout.ports.https}`,
    TRUST_PROXY: '127.0.0.1',
    KHETI_ENCRYPTION_KEY: secrets.encryptionKey,
    KHETI_BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
    KHETI_BOOTSTRAP_ADMIN_PASSWORD: secrets.adminPassword,
    WEATHER_PROVIDER: 'synthetic',
    IMAGERY_PROVIDER: 'synthetic',
    MARKET_PRICE_PROVIDER: 'sample',
    RATE_LIMIT_PER_MINUTE: '100000',
    SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
    // A killed worker's job runs again on the other within about 8 s (the default 15 s lock: 20 s).
    JOB_LOCK_MS: '6000',
    LOG_LEVEL: 'info',
  };
}

/** The environment as a file a person can source, secrets masked (they are in secrets/). */
export function writeEnvFile(layout: Layout, env: Record<string, string>): string {
  const file = join(layout.runDir, 'kheti.env');
  const masked = Object.entries(env).map(([key, value]) =>
    /PASSWORD|KEY$/.test(key) ? `${key}=<in ${join(layout.runDir, 'secrets')}>` : `${key}=${value.replace(/:[^:@/]+@/, ':***@')}`,
  );
  writeFileSync(file, `${masked.join('\n')}\n`, { mode: 0o600 });
  return file;
}

/** `kheti migrate`, once, straight to the primary: a migration takes a session lock, which a transaction pooler cannot hold. */
export async function migrate(layout: Layout, secrets: Secrets, env: Record<string, string>) {
  await run(process.execPath, [kheti(layout), 'migrate'], {
    env: { ...process.env, ...env, DATABASE_URL: appUrl(secrets, layout.ports.postgresPrimary), DATABASE_REPLICA_URLS: '' },
  });
}

export async function startApi(layout: Layout, env: Record<string, string>, index: number): Promise<Part> {
  const name = `api-${index + 1}`;
  const port = layout.ports.api[index]!;
  const log = join(layout.runDir, 'logs', `${name}.log`);
  const pid = startDaemon(process.execPath, [kheti(layout), 'serve'], {
    env: { ...process.env, ...env, PORT: String(port), WEB_CONCURRENCY: '2' },
    log,
  });
  await waitFor(name, async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, { log, timeoutMs: 90_000 });
  return { name, role: 'api', pid, port };
}

export async function startWorker(layout: Layout, env: Record<string, string>, index: number): Promise<Part> {
  const name = `worker-${index + 1}`;
  const port = layout.ports.workerMetrics[index]!;
  const log = join(layout.runDir, 'logs', `${name}.log`);
  const pid = startDaemon(process.execPath, [kheti(layout), 'worker'], {
    env: { ...process.env, ...env, METRICS_PORT: String(port) },
    log,
  });
  await waitFor(name, async () => (await fetch(`http://127.0.0.1:${port}/livez`)).ok, { log, timeoutMs: 90_000 });
  return { name, role: 'worker', pid, port };
}
