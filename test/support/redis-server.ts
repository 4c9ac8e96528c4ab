import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Throwaway `redis-server` processes for tests that need to stop Redis (outage tests) or a
 * cluster. Nothing is persisted; each server has its own temporary directory.
 */
export interface RedisServer {
  url: string;
  port: number;
  /** Kills the server (an outage, as far as clients can tell) and removes its directory. */
  stop(): Promise<void>;
  /** Starts an empty server again on the same port (after stop(), or stops it first). */
  restart(): Promise<void>;
}

export interface RedisClusterServers {
  nodes: { host: string; port: number }[];
  /** For REDIS_CLUSTER_NODES. */
  nodesEnv: string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const run = promisify(execFile);

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kheti-redis-'));
  let child: ChildProcess | undefined = await spawnRedis(port, dir, []);
  const stop = async () => {
    const running = child;
    child = undefined;
    if (running) await kill(running);
  };
  return {
    url: `redis://${HOST}:${port}`,
    port,
    async stop() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await stop();
      mkdirSync(dir, { recursive: true });
      child = await spawnRedis(port, dir, []);
    },
  };
}

/** Three masters with `--cluster-replicas 0`, joined by `redis-cli --cluster create`. */
export async function startRedisCluster(): Promise<RedisClusterServers> {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(kill));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const ports: number[] = [];
    while (ports.length < 3) {
      // The cluster bus listens on port + 10000, so both must be free.
      const port = 20000 + Math.floor(Math.random() * 10000);
      if (!ports.includes(port) && (await isFree(port)) && (await isFree(port + 10000))) ports.push(port);
    }
    for (const port of ports) {
      const dir = mkdtempSync(join(tmpdir(), 'kheti-redis-cluster-'));
      dirs.push(dir);
      const clusterArgs = ['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'), '--cluster-node-timeout', '5000'];
      children.push(await spawnRedis(port, dir, clusterArgs));
    }
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `${HOST}:${p}`), '--cluster-replicas', '0', '--cluster-yes'], {
      timeout: 20_000,
    });
    const deadline = Date.now() + 20_000;
    for (const port of ports) {
      while (!(await command(port, 'CLUSTER INFO')).includes('cluster_state:ok')) {
        if (Date.now() > deadline) throw new Error(`Redis cluster node ${port} never reached cluster_state:ok`);
        await sleep(100);
      }
    }
    const nodes = ports.map((port) => ({ host: HOST, port }));
    return { nodes, nodesEnv: nodes.map((n) => `${n.host}:${n.port}`).join(','), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function spawnRedis(port: number, dir: string, extra: string[]): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir, ...extra],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const deadline = Date.now() + 10_000;
  while ((await command(port, 'PING').catch(() => '')) !== '+PONG') {
    if (child.exitCode !== null || Date.now() > deadline) {
      await kill(child);
      throw new Error(`redis-server on port ${port} did not start: ${stderr}`);
    }
    await sleep(25);
  }
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** One inline command over a raw socket; resolves with the raw reply. */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let reply = '';
    const timer = setTimeout(() => socket.destroy(new Error('timeout')), 1000);
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.connect(port, HOST, () => socket.write(`${line}\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      // A simple reply ends at the first CRLF; a bulk reply ($len) once its body has arrived.
      const bulk = /^\$(\d+)\r\n/.exec(reply);
      if (bulk ? reply.length >= bulk[0].length + Number(bulk[1]) + 2 : reply.includes('\r\n')) {
        clearTimeout(timer);
        socket.end();
        resolve(bulk ? reply.slice(bulk[0].length, bulk[0].length + Number(bulk[1])) : reply.trimEnd());
      }
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Deletes every key matching `pattern` on a standalone Redis (test clean-up). */
export async function deleteRedisKeys(url: string, pattern: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
