import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { asPostgres, asRoot, freePort, runAsPostgres, sleep, tail } from './postgres-tools.js';

/**
 * A throwaway PostgreSQL cluster of one test's own (initdb in a temporary directory, on a free
 * loopback port, trust authentication, no fsync), for tests that stop the database on purpose:
 * the shared server is never stopped. Needs the server binaries of the machine's PostgreSQL
 * (`KHETI_TEST_PG_BINDIR`, else the newest under /usr/lib/postgresql). As root, every server
 * command runs as the `postgres` OS user. If the test process dies without calling remove(), an
 * exit hook and a detached watchdog stop the server and remove its directory.
 */
export interface PostgresServer {
  /** The `postgres` database as the superuser `postgres`. */
  url: string;
  /** Stops the server at once (`pg_ctl stop -m immediate`, like a crash), keeping its data. */
  stop(): Promise<void>;
  /** Starts it again on the same port and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  remove(): Promise<void>;
}

function binDir(): string {
  if (process.env.KHETI_TEST_PG_BINDIR) return process.env.KHETI_TEST_PG_BINDIR;
  const versions = execFileSync('ls', ['/usr/lib/postgresql'], { encoding: 'utf8' })
    .split('\n')
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql; set KHETI_TEST_PG_BINDIR');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = binDir();
  const pgCtl = join(bin, 'pg_ctl');
  const root = mkdtempSync(join(tmpdir(), 'kheti-pg-'));
  const dataDir = join(root, 'data');
  const logFile = join(root, 'server.log');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
  }
  chmodSync(root, 0o700);
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;

  const stopSync = () => {
    const [file, argv] = asPostgres(pgCtl, ['-D', dataDir, 'stop', '-m', 'immediate', '-w']);
    spawnSync(file, argv, { cwd: root, stdio: 'ignore', timeout: 30_000 });
  };
  const onExit = () => {
    stopSync();
    rmSync(root, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  const watchdog = spawnWatchdog(process.pid, pgCtl, dataDir, root);

  const start = async () => {
    const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=16MB -c max_connections=40`;
    try {
      await runAsPostgres(pgCtl, ['-D', dataDir, '-o', options, '-l', logFile, '-w', '-t', '60', 'start'], root);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- server log ---\n${tail(logFile)}`);
    }
    const deadline = Date.now() + 30_000;
    for (;;) {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
      client.on('error', () => undefined);
      const up = await client.connect().then(
        () => true,
        () => false,
      );
      await client.end().catch(() => undefined);
      if (up) return;
      if (Date.now() > deadline) throw new Error(`the test server did not accept connections\n--- server log ---\n${tail(logFile)}`);
      await sleep(100);
    }
  };

  let removed = false;
  const remove = async () => {
    if (removed) return;
    removed = true;
    try {
      process.kill(-watchdog, 'SIGKILL'); // its own process group: the shell and its sleep
    } catch {
      // already gone
    }
    process.off('exit', onExit);
    onExit();
  };

  try {
    await runAsPostgres(
      join(bin, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C.UTF-8'],
      root,
    );
    await start();
  } catch (error) {
    await remove();
    throw error;
  }
  return { url, stop: async () => stopSync(), start, remove };
}

/** A detached shell that waits for this process to end by any means, then stops the server and removes its directory. */
function spawnWatchdog(pid: number, pgCtl: string, dataDir: string, root: string): number {
  const script = `
    while kill -0 "$1" 2>/dev/null; do sleep 1; done
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$2" -D "$3" stop -m immediate -w; else "$2" -D "$3" stop -m immediate -w; fi
    rm -rf "$4"
  `;
  const child = spawn('sh', ['-c', script, 'kheti-postgres-watchdog', String(pid), pgCtl, dataDir, root], {
    cwd: '/',
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  return child.pid!;
}
