/**
 * Time from `kheti serve --migrate --seed` to the first 200 from /readyz, side by side for the two
 * storage modes, on a fresh and on an existing database. The target: a newcomer's `npm start`
 * serves within 20 s with no services installed.
 *
 *   node --import tsx bench/startup.ts [runs=5]
 *
 * Runs the compiled CLI (bin/kheti.js), as `npm start` does; build first with `npm run build`.
 * PostgreSQL mode needs the machine's PostgreSQL and Redis (KHETI_TEST_PG_ADMIN_URL, KHETI_TEST_REDIS_URL).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTempDataDir, createTestDatabase } from '../test/support/database.js';
import { testServices } from '../test/support/services.js';

const BIN = fileURLToPath(new URL('../bin/kheti.js', import.meta.url));
const runs = Number(process.argv[2] ?? 5);

async function timeToReady(env: Record<string, string>): Promise<number> {
  const port = String(20_000 + Math.floor(Math.random() * 20_000));
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', '--migrate', '--seed'], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', PORT: port, ...env },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`kheti exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

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

await measure('embedded (PGlite)', async () => {
  const data = createTempDataDir();
  return { env: { DATA_DIR: data.dir }, done: async () => data.remove() };
});
if (!testServices.embeddedOnly) {
  await measure('PostgreSQL + Redis', async () => {
    const database = await createTestDatabase();
    return { env: { DATABASE_URL: database.url, REDIS_URL: testServices.redisUrl }, done: database.drop };
  });
}
