import { commandExists, run } from './processes.js';

/** The Debian packages the topology runs on, by a command each provides. */
const PACKAGES: Record<string, string> = {
  nginx: 'nginx',
  pgbouncer: 'pgbouncer',
  prometheus: 'prometheus',
  'prometheus-redis-exporter': 'prometheus-redis-exporter',
  'prometheus-postgres-exporter': 'prometheus-postgres-exporter',
  'prometheus-pgbouncer-exporter': 'prometheus-pgbouncer-exporter',
  'prometheus-blackbox-exporter': 'prometheus-blackbox-exporter',
  'redis-server': 'redis-server',
  openssl: 'openssl',
  curl: 'curl',
};

/**
 * Installs the missing ones with apt-get, as a VM deployment would. The packages' own services
 * are not started: policy-rc.d answers 101 ("action forbidden") for the length of the install,
 * so nothing takes the machine's standard ports behind the topology's back.
 */
export async function ensurePackages(log: (line: string) => void) {
  const missing: string[] = [];
  for (const [command, pkg] of Object.entries(PACKAGES)) if (!(await commandExists(command))) missing.push(pkg);
  if (missing.length === 0) return;
  log(`installing ${missing.join(', ')} with apt-get`);
  const script = [
    'set -e',
    'policy=/usr/sbin/policy-rc.d',
    'restore=""',
    'if [ -e "$policy" ]; then cp -p "$policy" "$policy.topology"; restore=1; fi',
    `printf '#!/bin/sh\\nexit 101\\n' > "$policy"; chmod +x "$policy"`,
    'trap \'if [ -n "$restore" ]; then mv "$policy.topology" "$policy"; else rm -f "$policy"; fi\' EXIT',
    'apt-get update -q',
    `DEBIAN_FRONTEND=noninteractive apt-get install -y -q ${missing.join(' ')}`,
  ].join('\n');
  await run('sh', ['-c', script]);
}
