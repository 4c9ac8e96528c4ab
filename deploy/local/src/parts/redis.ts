import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Layout } from '../layout.js';
import { run, startDaemon, waitFor } from '../processes.js';
import type { Secrets } from '../secrets.js';
import type { Part } from '../state.js';

export type RedisKind = 'queue' | 'cache';

/**
 * Two Redis servers, because their data wants opposite policies. The queue and events Redis holds
 * BullMQ's jobs, which must never be evicted (BullMQ requires `noeviction`) nor lost in a restart
 * (append-only file, fsync on every write). The cache Redis holds only what can be recomputed, so
 * it evicts the least recently used keys when full and keeps nothing on disk.
 */
const SETTINGS: Record<RedisKind, string[]> = {
  queue: ['--maxmemory', '256mb', '--maxmemory-policy', 'noeviction', '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''],
  cache: ['--maxmemory', '128mb', '--maxmemory-policy', 'allkeys-lru', '--appendonly', 'no', '--save', ''],
};

export const redisPort = (layout: Layout, kind: RedisKind) => (kind === 'queue' ? layout.ports.redisQueue : layout.ports.redisCache);
export const redisUrl = (layout: Layout, secrets: Secrets, kind: RedisKind) =>
  `redis://:${encodeURIComponent(secrets.redisPassword)}@127.0.0.1:${redisPort(layout, kind)}`;

export async function startRedis(layout: Layout, secrets: Secrets, kind: RedisKind): Promise<Part> {
  const dir = join(layout.runDir, `redis-${kind}`);
  mkdirSync(dir, { recursive: true });
  const port = redisPort(layout, kind);
  const log = join(layout.runDir, 'logs', `redis-${kind}.log`);
  const pid = startDaemon(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--requirepass', secrets.redisPassword, ...SETTINGS[kind]],
    { log },
  );
  await waitFor(`Redis (${kind})`, async () => (await redisCli(layout, secrets, kind, ['PING'])) === 'PONG', { log });
  return { name: `redis-${kind}`, role: `redis-${kind}`, pid, port };
}

export async function redisCli(layout: Layout, secrets: Secrets, kind: RedisKind, args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', [
    '-h',
    '127.0.0.1',
    '-p',
    String(redisPort(layout, kind)),
    '--no-auth-warning',
    '-a',
    secrets.redisPassword,
    ...args,
  ]);
  return stdout.trim();
}
