import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Layout } from '../layout.js';
import { asRoot, portAnswers, startDaemon, waitFor } from '../processes.js';
import type { Secrets } from '../secrets.js';
import type { Part } from '../state.js';
import { APP_ROLE, DATABASE } from './postgres.js';

export const STATS_USER = 'pgbouncer_stats';
/** Debian's nobody and nogroup. */
const NOBODY = 65534;

/**
 * PgBouncer in transaction mode in front of the primary: every Kheti process's writes share a
 * bounded set of server connections. Replicas are reached directly (see deploy/local/README.md).
 * As root it drops to `nobody`, who must read its files and write its log.
 */
export async function startPgbouncer(layout: Layout, secrets: Secrets): Promise<Part> {
  const dir = join(layout.runDir, 'pgbouncer');
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const users = join(dir, 'users.txt');
  writeFileSync(users, `${quote(APP_ROLE)} ${quote(secrets.dbPassword)}\n${quote(STATS_USER)} ${quote(secrets.pgbouncerStatsPassword)}\n`, {
    mode: 0o600,
  });
  if (asRoot) chownSync(users, NOBODY, NOBODY);
  const ini = join(dir, 'pgbouncer.ini');
  const log = join(layout.runDir, 'logs', 'pgbouncer.log');
  writeFileSync(
    ini,
    [
      '[databases]',
      `${DATABASE} = host=127.0.0.1 port=${layout.ports.postgresPrimary} dbname=${DATABASE}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${layout.ports.pgbouncer}`,
      "unix_socket_dir = ''",
      'auth_type = scram-sha-256',
      `auth_file = ${users}`,
      // Transaction pooling: Kheti keeps no session state across transactions (test/infra/pgbouncer.test.ts).
      'pool_mode = transaction',
      'default_pool_size = 20',
      'reserve_pool_size = 5',
      'max_client_conn = 1000',
      `stats_users = ${STATS_USER}`,
      'ignore_startup_parameters = extra_float_digits',
      // A restarted primary: server connections are re-made as soon as it answers again.
      'server_login_retry = 1',
      '',
    ].join('\n'),
  );
  const pid = startDaemon('pgbouncer', [...(asRoot ? ['-u', 'nobody'] : []), ini], { log });
  await waitFor('PgBouncer', () => portAnswers(layout.ports.pgbouncer), { log });
  return { name: 'pgbouncer', role: 'pgbouncer', pid, port: layout.ports.pgbouncer };
}
