/**
 * Time from `kheti serve --migrate --seed` to the first 200 from /readyz, side by side for the two
 * storage modes, on a fresh and on an existing database; then `npm start` itself (its build check
 * included) on a fresh and an existing data directory, and the idle memory of each HTTP worker of
 * a two-worker server. The targets: a newcomer's first `npm start` serves within 20 s with no
 * services installed, the second within 5 s; an idle HTTP worker holds under 150 MB.
 *
 *   node --import tsx bench/startup.ts [runs=5] [memory]     # `memory`: only the idle workers' memory
 *
 * Runs the compiled CLI (bin/kheti.js), as `npm start` does; build first with `npm run build`.
 * PostgreSQL mode needs the machine's PostgreSQL and Redis (KHETI_TEST_PG_ADMIN_URL, KHETI_TEST_REDIS_URL).
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTempDataDir, createTestDatabase } from '../test/support/database.js';
import { testServices } from '../test/support/services.js';

const BIN = fileURLToPath(new URL('../bin/kheti.js', import.meta.url));
const REPO = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[2] ?? 5);
const memoryOnly = process.argv[3] === 'memory';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a command in its own process group, waits for /readyz, hands the group's leader to
 * `whileUp`, then stops the whole group (npm start runs kheti under a shell).
 */
async function timeToReady(
  env: Record<string, string>,
  command: string[] = [process.execPath, BIN, 'serve', '--migrate', '--seed'],
  whileUp?: (pid: number) => Promise<void>,
): Promise<number> {
  const port = String(20_000 + Math.floor(Math.random() * 20_000));
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', PORT: port, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) {
        const elapsed = performance.now() - started;
        await whileUp?.(child.pid!);
        return elapsed;
      }
      await sleep(25);
    }
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
    // The group is gone only when its last process is: npm may exit before the server it started.
    for (;;) {
      try {
        process.kill(-child.pid!, 0);
      } catch {
        break;
      }
      await sleep(25);
    }
  }
}

/** The resident set of a process, from /proc (Linux), in MB. */
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

const childrenOf = (pid: number) =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      } catch {
        return false; // gone since the directory was listed
      }
      // The parent pid is the 4th field; the 2nd (the command, in parentheses) may contain spaces.
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
    })
    .map(Number);

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: Math.round(sorted[Math.floor(sorted.length / 2)]!), max: Math.round(sorted.at(-1)!) };
};

async function measure(name: string, fresh: () => Promise<{ env: Record<string, string>; done: () => Promise<void> }>) {
  const first: number[] = [];
  const again: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { env, done } = await fresh();
    try {
      first.push(await timeToReady(env));
      again.push(await timeToReady(env));
    } finally {
      await done();
    }
  }
  console.log(
    `${name.padEnd(24)} fresh database: median ${stats(first).median} ms, max ${stats(first).max} ms | existing: median ${stats(again).median} ms, max ${stats(again).max} ms`,
  );
}

if (!memoryOnly)
  await measure('embedded (PGlite)', async () => {
    const data = createTempDataDir();
    return { env: { DATA_DIR: data.dir }, done: async () => data.remove() };
  });
if (!testServices.embeddedOnly && !memoryOnly) {
  await measure('PostgreSQL + Redis', async () => {
    const database = await createTestDatabase();
    return { env: { DATABASE_URL: database.url, REDIS_URL: testServices.redisUrl }, done: database.drop };
  });
}

// `npm start` as a newcomer types it: the build check, then serve --migrate --seed --worker, embedded.
if (!memoryOnly) {
  const first: number[] = [];
  const again: number[] = [];
  for (let i = 0; i < runs; i++) {
    const data = createTempDataDir();
    try {
      first.push(await timeToReady({ DATA_DIR: data.dir }, ['npm', 'start', '--silent']));
      again.push(await timeToReady({ DATA_DIR: data.dir }, ['npm', 'start', '--silent']));
    } finally {
      data.remove();
    }
  }
  console.log(
    `${'npm start (embedded)'.padEnd(24)} first start: median ${stats(first).median} ms, max ${stats(first).max} ms | second: median ${stats(again).median} ms, max ${stats(again).max} ms`,
  );
}

// Idle memory of each HTTP worker: two workers on PostgreSQL + Redis, read 5 s and 30 s after
// ready. V8 gives back the young generation and unused heap pages only once its memory reducer has
// seen the process idle for a while (a few seconds after the last allocation burst); the 30 s
// reading is what a worker between bursts of traffic holds, the 5 s one what start-up leaves.
if (!testServices.embeddedOnly) {
  const database = await createTestDatabase();
  try {
    const env = { DATABASE_URL: database.url, REDIS_URL: testServices.redisUrl, WEB_CONCURRENCY: '2' };
    await timeToReady(env, undefined, async (primary) => {
      for (const [after, wait] of [
        ['5 s', 5_000],
        ['30 s', 25_000],
      ] as const) {
        await sleep(wait);
        const workers = childrenOf(primary).map((pid) => `${rssMb(pid).toFixed(0)} MB`);
        console.log(`${`idle RSS per HTTP worker, ${after}`.padEnd(24)} ${workers.join(', ')} (primary ${rssMb(primary).toFixed(0)} MB)`);
      }
    });
  } finally {
    await database.drop();
  }
}
