import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Layout } from '../layout.js';
import { asRoot, run, waitFor } from '../processes.js';
import type { Secrets } from '../secrets.js';
import type { Part } from '../state.js';

/**
 * A PostgreSQL primary and three streaming replicas of the machine's own server binaries, each
 * with its data directory under the run directory and a port of its own; the machine's own
 * PostgreSQL is never touched. Sockets live in a directory only the postgres user (and root) can
 * enter, which is where the superuser connects (trust); over TCP every role needs its password.
 */
export const DATABASE = 'kheti';
export const APP_ROLE = 'kheti';
const REPLICATION_ROLE = 'replicator';

export const postgresDir = (layout: Layout) => join(layout.runDir, 'postgres');
export const socketDir = (layout: Layout) => join(postgresDir(layout), 'sockets');
const dataDir = (layout: Layout, name: string) => join(postgresDir(layout), name);
const logFile = (layout: Layout, name: string) => join(layout.runDir, 'logs', `${name}.log`);

export function postgresBin(tool: string): string {
  const versions = readdirSync('/usr/lib/postgresql')
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)');
  return `/usr/lib/postgresql/${versions[0]}/bin/${tool}`;
}

/** The superuser over the socket directory, for set-up and the exporter. */
export const superuserDsn = (layout: Layout, port: number, database = 'postgres') =>
  `host=${socketDir(layout)} port=${port} user=postgres dbname=${database} sslmode=disable`;

export const appUrl = (secrets: Secrets, port: number) =>
  `postgres://${APP_ROLE}:${encodeURIComponent(secrets.dbPassword)}@127.0.0.1:${port}/${DATABASE}`;

function ownedByPostgres(dir: string, mode = 0o700) {
  mkdirSync(dir, { recursive: true, mode });
  if (asRoot) {
    chownSync(dir, postgresId('-u'), postgresId('-g'));
  }
}

const postgresId = (flag: '-u' | '-g') => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());

const psql = (layout: Layout, port: number, sql: string, database = 'postgres') =>
  run(postgresBin('psql'), [superuserDsn(layout, port, database), '-v', 'ON_ERROR_STOP=1', '-XAtqc', sql]);

export const postmasterPid = (layout: Layout, name: string): number =>
  Number(readFileSync(join(dataDir(layout, name), 'postmaster.pid'), 'utf8').split('\n')[0]);

async function pgCtlStart(layout: Layout, name: string, port: number) {
  // The server writes its log as the postgres user.
  const log = logFile(layout, name);
  if (!existsSync(log)) writeFileSync(log, '');
  if (asRoot) chownSync(log, postgresId('-u'), postgresId('-g'));
  await run(postgresBin('pg_ctl'), ['-D', dataDir(layout, name), '-l', logFile(layout, name), '-w', '-t', '60', 'start'], {
    asPostgres: true,
    cwd: postgresDir(layout),
  });
  await waitFor(`PostgreSQL ${name}`, async () => (await psql(layout, port, 'SELECT 1')).stdout.trim() === '1', {
    log: logFile(layout, name),
  });
}

/** Creates the primary on first use (initdb, roles, database), then starts it. */
export async function startPrimary(layout: Layout, secrets: Secrets): Promise<Part> {
  const name = 'postgres-primary';
  const port = layout.ports.postgresPrimary;
  ownedByPostgres(postgresDir(layout), 0o755);
  ownedByPostgres(socketDir(layout));
  const dir = dataDir(layout, name);
  const fresh = !existsSync(join(dir, 'PG_VERSION'));
  if (fresh) {
    ownedByPostgres(dir);
    await run(
      postgresBin('initdb'),
      ['-D', dir, '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--auth-local=trust', '--auth-host=scram-sha-256'],
      {
        asPostgres: true,
        cwd: postgresDir(layout),
      },
    );
    appendFileSync(
      join(dir, 'postgresql.conf'),
      [
        '',
        '# The local production topology (deploy/local/topology)',
        `port = ${port}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${socketDir(layout)}'`,
        'max_connections = 200',
        'shared_buffers = 128MB',
        'wal_level = replica',
        'max_wal_senders = 10',
        'max_replication_slots = 10',
        'hot_standby = on',
        'hot_standby_feedback = on',
        "password_encryption = 'scram-sha-256'",
        '',
      ].join('\n'),
    );
    appendFileSync(join(dir, 'pg_hba.conf'), `host replication ${REPLICATION_ROLE} 127.0.0.1/32 scram-sha-256\n`);
  }
  await pgCtlStart(layout, name, port);
  if (fresh) {
    const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
    // CREATEROLE: the migrations create Kheti's NOLOGIN roles (kheti_app, kheti_platform) and grant them to it.
    await psql(layout, port, `CREATE ROLE ${APP_ROLE} LOGIN CREATEROLE PASSWORD ${quote(secrets.dbPassword)}`);
    await psql(layout, port, `CREATE DATABASE ${DATABASE} OWNER ${APP_ROLE}`);
    await psql(layout, port, `CREATE ROLE ${REPLICATION_ROLE} LOGIN REPLICATION PASSWORD ${quote(secrets.replicationPassword)}`);
  }
  return { name, role: 'postgres-primary', pid: postmasterPid(layout, name), port };
}

/**
 * Creates replica `index` on first use (pg_basebackup -R with a slot of its own), then starts it.
 * --checkpoint=fast: the default spreads the backup's checkpoint over minutes on a fresh primary.
 */
export async function startReplica(layout: Layout, secrets: Secrets, index: number): Promise<Part> {
  const name = `postgres-replica-${index + 1}`;
  const port = layout.ports.postgresReplicas[index]!;
  const dir = dataDir(layout, name);
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    ownedByPostgres(dir);
    const slot = `replica_${index + 1}`;
    await psql(
      layout,
      layout.ports.postgresPrimary,
      `SELECT pg_create_physical_replication_slot('${slot}') WHERE NOT EXISTS (SELECT FROM pg_replication_slots WHERE slot_name = '${slot}')`,
    );
    await run(
      postgresBin('pg_basebackup'),
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(layout.ports.postgresPrimary),
        '-U',
        REPLICATION_ROLE,
        '-D',
        dir,
        '-R',
        '-X',
        'stream',
        '-S',
        slot,
        '--checkpoint=fast',
      ],
      { asPostgres: true, cwd: postgresDir(layout), env: { ...process.env, PGPASSWORD: secrets.replicationPassword } },
    );
    appendFileSync(join(dir, 'postgresql.conf'), `\n# ${name}\nport = ${port}\n`);
  }
  await pgCtlStart(layout, name, port);
  return { name, role: 'postgres-replica', pid: postmasterPid(layout, name), port };
}

/** Stops one server as a fast shutdown would (`pg_ctl stop -m fast`). */
export async function stopPostgres(layout: Layout, name: string) {
  if (!existsSync(join(dataDir(layout, name), 'postmaster.pid'))) return;
  await run(postgresBin('pg_ctl'), ['-D', dataDir(layout, name), '-m', 'fast', '-w', '-t', '60', 'stop'], {
    asPostgres: true,
    cwd: postgresDir(layout),
  });
}

export const restartPostgres = async (layout: Layout, name: string, port: number): Promise<number> => {
  await pgCtlStart(layout, name, port);
  return postmasterPid(layout, name);
};

/** Replicas the primary streams to right now. */
export async function streamingReplicas(layout: Layout): Promise<number> {
  const { stdout } = await psql(layout, layout.ports.postgresPrimary, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'");
  return Number(stdout.trim());
}

export const queryPrimary = (layout: Layout, sql: string) => psql(layout, layout.ports.postgresPrimary, sql, DATABASE);
