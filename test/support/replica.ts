import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { asPostgres, asRoot, freePort, runAsPostgres, sleep, tail } from './postgres-tools.js';
import { testServices } from './services.js';

/**
 * A real physical streaming replica of the PostgreSQL cluster at `testServices.postgresAdminUrl`,
 * for tests of read-replica routing. It is a base backup (`pg_basebackup -R -X stream`) started as
 * a hot standby in a temporary directory on a free port, and it copies the whole cluster, so take
 * one per test file. It follows the primary through a physical replication slot, so the primary
 * keeps the WAL it needs even while the replica is crashed on purpose.
 *
 * The primary must accept replication connections from 127.0.0.1: `.ci/prepare-replication.sh`
 * arranges that (the test never changes the primary itself).
 *
 * PostgreSQL refuses to run as root, so when the tests run as root every server-side command runs
 * as the `postgres` OS user. If the test process dies without calling stop(), an exit hook stops
 * the server and a detached watchdog (which outlives even SIGKILL) stops it too, drops the slot and
 * removes the directory; slots left behind by dead test processes are also dropped on the next start.
 */
export interface StreamingReplica {
  port: number;
  /** The replica's copy of database `dbName`, as a connection URL. */
  url(dbName: string): string;
  /** Stops the server at once (`pg_ctl stop -m immediate`, like a crash), keeping its data for start(). */
  crash(): Promise<void>;
  /** Starts the server again on the same port and waits until it serves reads as a standby. */
  start(): Promise<void>;
  /** Waits until the replica has replayed everything the primary had written when this was called. */
  waitForReplay(timeoutMs?: number): Promise<void>;
  /** Stops applying WAL (the replica keeps serving reads, now falling behind), and resumes it. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Stops the server, drops its replication slot and removes its directory. */
  stop(): Promise<void>;
}

const SLOT_PREFIX = 'kheti_test_replica_';
async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined); // the server may go away under us on purpose
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Settings a hot standby must have at least as high as its primary, or it refuses to start. */
const STANDBY_MINIMUMS = [
  'max_connections',
  'max_worker_processes',
  'max_wal_senders',
  'max_prepared_transactions',
  'max_locks_per_transaction',
];

export async function startStreamingReplica(): Promise<StreamingReplica> {
  const adminUrl = testServices.postgresAdminUrl;
  const primary = await withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name = ANY($1) OR name = 'server_version_num'`,
      [STANDBY_MINIMUMS],
    );
    // Slots of test processes that died without cleaning up would make the primary keep WAL forever.
    const stale = await client.query<{ slot_name: string }>(
      `SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE '${SLOT_PREFIX}%' AND NOT active`,
    );
    for (const { slot_name } of stale.rows) {
      const pid = Number(slot_name.slice(SLOT_PREFIX.length).split('_')[0]);
      if (!isAlive(pid)) await client.query('SELECT pg_drop_replication_slot($1)', [slot_name]).catch(() => undefined);
    }
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  });
  const major = Math.floor(Number(primary.server_version_num) / 10000);
  const binDir = process.env.KHETI_TEST_PG_BINDIR ?? `/usr/lib/postgresql/${major}/bin`;
  const pgCtl = join(binDir, 'pg_ctl');

  const root = mkdtempSync(join(tmpdir(), 'kheti-replica-'));
  const dataDir = join(root, 'data');
  const logFile = join(root, 'server.log');
  const slot = `${SLOT_PREFIX}${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
  }
  chmodSync(root, 0o700);
  const port = await freePort();
  const replicaUrl = (dbName: string) => {
    const url = new URL(adminUrl);
    url.hostname = '127.0.0.1';
    url.port = String(port);
    url.pathname = `/${dbName}`;
    url.search = '';
    return url.toString();
  };

  const stopServerSync = () => {
    const [file, argv] = asPostgres(pgCtl, ['-D', dataDir, 'stop', '-m', 'immediate', '-w']);
    spawnSync(file, argv, { cwd: root, stdio: 'ignore', timeout: 30_000 });
  };
  const onExit = () => stopServerSync();
  process.on('exit', onExit);
  const watchdog = spawnWatchdog({ pid: process.pid, pgCtl, dataDir, root, adminUrl, slot });

  const startServer = async () => {
    const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1`;
    try {
      await runAsPostgres(pgCtl, ['-D', dataDir, '-o', options, '-l', logFile, '-w', '-t', '60', 'start'], root);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- replica log ---\n${tail(logFile)}`);
    }
    const deadline = Date.now() + 30_000;
    for (;;) {
      const standby = await withClient(replicaUrl('postgres'), async (client) => {
        const { rows } = await client.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
        return rows[0]!.standby;
      }).catch(() => undefined);
      if (standby === true) return;
      if (standby === false) throw new Error('the replica is not in recovery: it is not a standby');
      if (Date.now() > deadline) throw new Error(`the replica did not accept connections\n--- replica log ---\n${tail(logFile)}`);
      await sleep(100);
    }
  };

  // The walsender on the primary notices the disconnect a moment later; until then the slot is active.
  const dropSlot = () =>
    withClient(adminUrl, async (client) => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const { rows } = await client.query<{ active: boolean }>('SELECT active FROM pg_replication_slots WHERE slot_name = $1', [slot]);
        if (rows.length === 0) return;
        if (!rows[0]!.active) {
          await client.query('SELECT pg_drop_replication_slot($1)', [slot]).catch(() => undefined);
        } else {
          await sleep(100);
        }
      }
    }).catch(() => undefined);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-watchdog, 'SIGKILL'); // its own process group: the shell and its sleep
    } catch {
      // already gone
    }
    process.off('exit', onExit);
    stopServerSync();
    await dropSlot();
    rmSync(root, { recursive: true, force: true });
  };

  try {
    try {
      await baseBackup(
        binDir,
        ['-d', adminUrl, '-D', dataDir, '-R', '-X', 'stream', '-C', '-S', slot, '-c', 'fast', '--no-sync'],
        root,
        async () => {
          await dropSlot();
          rmSync(dataDir, { recursive: true, force: true });
        },
      );
    } catch (error) {
      const message = (error as Error).message;
      throw new Error(
        /replication connection|pg_hba\.conf|wal_level|max_wal_senders|replication slots/i.test(message)
          ? `${message}\nThe primary does not accept replication connections; run .ci/prepare-replication.sh (as root) once on this machine.`
          : message,
      );
    }
    // Our own server configuration: a Debian primary keeps its postgresql.conf outside the data
    // directory, and any other primary's would name its port and paths. The port, socket directory
    // and listen address go on the command line, which wins over postgresql.auto.conf as well.
    writeFileSync(
      join(dataDir, 'postgresql.conf'),
      [
        'hot_standby = on',
        ...STANDBY_MINIMUMS.map((name) => `${name} = ${primary[name]}`),
        'shared_buffers = 16MB',
        'fsync = off',
        'ssl = off',
        'autovacuum = off',
        `cluster_name = 'kheti-test-replica'`,
        'wal_receiver_status_interval = 1s',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dataDir, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
    writeFileSync(join(dataDir, 'pg_ident.conf'), '');
    await startServer();
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    port,
    url: replicaUrl,
    crash: async () => stopServerSync(),
    start: startServer,
    async waitForReplay(timeoutMs = 15_000) {
      const target = await withClient(adminUrl, async (client) => {
        const { rows } = await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
        return rows[0]!.lsn;
      });
      await withClient(replicaUrl('postgres'), async (client) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const { rows } = await client.query<{ done: boolean; at: string | null }>(
            'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done, pg_last_wal_replay_lsn()::text AS at',
            [target],
          );
          if (rows[0]!.done) return;
          if (Date.now() > deadline) throw new Error(`the replica replayed up to ${rows[0]!.at}, not ${target}, within ${timeoutMs} ms`);
          await sleep(50);
        }
      });
    },
    async pauseReplay() {
      await withClient(replicaUrl('postgres'), (client) => client.query('SELECT pg_wal_replay_pause()'));
    },
    async resumeReplay() {
      await withClient(replicaUrl('postgres'), (client) => client.query('SELECT pg_wal_replay_resume()'));
    },
    stop,
  };
}

/**
 * pg_basebackup, tried again when the primary took its new slot away. A checkpoint running while
 * the slot is created can decide which WAL to keep before it sees the slot and then invalidate it
 * ("invalidating slot … because its restart_lsn … exceeds max_slot_wal_keep_size" in the server
 * log, even with no such limit), ending the backup with "terminating connection due to
 * administrator command". Other test files' base backups and CREATE DATABASE force checkpoints.
 */
async function baseBackup(binDir: string, args: string[], cwd: string, cleanUp: () => Promise<void>) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runAsPostgres(join(binDir, 'pg_basebackup'), args, cwd);
    } catch (error) {
      const slotTaken = /administrator command|unexpected termination of replication stream/.test((error as Error).message);
      if (!slotTaken || attempt === 3) throw error;
      await cleanUp();
    }
  }
}

/**
 * A detached shell that waits for this process to end by any means and then stops the replica,
 * drops its slot and removes its directory. stop() kills it first when cleanup goes normally.
 */
function spawnWatchdog(target: { pid: number; pgCtl: string; dataDir: string; root: string; adminUrl: string; slot: string }): number {
  const script = `
    while kill -0 "$1" 2>/dev/null; do sleep 1; done
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$2" -D "$3" stop -m immediate -w; else "$2" -D "$3" stop -m immediate -w; fi
    for i in $(seq 1 50); do
      left=$(psql "$5" -XAtqc "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '$6'") || break
      [ "$left" = 0 ] && break
      psql "$5" -XAtqc "SELECT pg_drop_replication_slot('$6') FROM pg_replication_slots WHERE slot_name = '$6' AND NOT active"
      sleep 0.2
    done
    rm -rf "$4"
  `;
  const child = spawn(
    'sh',
    ['-c', script, 'kheti-replica-watchdog', String(target.pid), target.pgCtl, target.dataDir, target.root, target.adminUrl, target.slot],
    {
      cwd: '/',
      detached: true,
      stdio: 'ignore',
    },
  );
  child.unref();
  return child.pid!;
}
