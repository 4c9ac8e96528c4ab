import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Layout } from './layout.js';

export const secretsDir = (layout: Layout) => join(layout.runDir, 'secrets');

/**
 * A secret of the topology, made once and kept in its own file (mode 600) under the run
 * directory, so a second `up` finds the same passwords its data was made with.
 */
export function secret(layout: Layout, name: string, make: () => string = () => randomBytes(18).toString('base64url')): string {
  const dir = secretsDir(layout);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, name);
  if (!existsSync(file)) writeFileSync(file, `${make()}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}

export interface Secrets {
  /** The `kheti` database role (through PgBouncer and on the replicas). */
  dbPassword: string;
  replicationPassword: string;
  /** PgBouncer's stats user, for its exporter. */
  pgbouncerStatsPassword: string;
  redisPassword: string;
  encryptionKey: string;
  adminPassword: string;
}

export function topologySecrets(layout: Layout): Secrets {
  return {
    dbPassword: secret(layout, 'db-password'),
    replicationPassword: secret(layout, 'replication-password'),
    pgbouncerStatsPassword: secret(layout, 'pgbouncer-stats-password'),
    redisPassword: secret(layout, 'redis-password'),
    encryptionKey: secret(layout, 'encryption-key', () => randomBytes(32).toString('base64')),
    adminPassword: secret(layout, 'admin-password'),
  };
}
