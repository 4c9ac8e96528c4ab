#!/usr/bin/env bash
# Makes the machine's PostgreSQL cluster able to serve a physical streaming replica, which
# test/infra/replicas.test.ts builds with pg_basebackup to exercise read-replica routing.
#
# Why a primary-side change is needed at all: replication connections match only pg_hba.conf lines
# whose database field is `replication` (`all` does not cover them). The CI image's pg_hba.conf has
# just `local all all trust` and `host all all 127.0.0.1/32 trust`, so pg_basebackup and the
# standby's walreceiver are refused ("no pg_hba.conf entry for replication connection"). The tests
# never edit the primary themselves; this script does it once per machine, before the suite.
#
# Idempotent: every step first asks the running server whether it is already fine and changes
# nothing if so; the server is reloaded (pg_hba.conf) or restarted (wal_level, max_wal_senders,
# max_replication_slots) only when something actually changed. Run as root (or as postgres).
#
#   KHETI_TEST_PG_ADMIN_URL   superuser URL of the primary (default postgres://postgres@127.0.0.1:5432/postgres)
set -euo pipefail

ADMIN_URL="${KHETI_TEST_PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

sql() { psql "$ADMIN_URL" -v ON_ERROR_STOP=1 -XAtqc "$1"; }
log() { echo "prepare-replication: $*"; }

# A replication connection over TCP to the same host/port/user the tests use: the real probe.
replication_works() {
  local host port user
  host="$(sql "SELECT coalesce(inet_server_addr()::text, '127.0.0.1')")"
  host="${host%/*}"
  port="$(sql 'SHOW port')"
  user="$(sql 'SELECT current_user')"
  psql "host=$host port=$port user=$user dbname=replication replication=true" -XAtqc 'IDENTIFY_SYSTEM' >/dev/null 2>&1
}

restart_server() {
  local cluster
  cluster="$(sql 'SHOW cluster_name')"
  if [[ "$cluster" =~ ^([0-9]+)/(.+)$ ]] && command -v pg_ctlcluster >/dev/null; then
    log "restarting cluster $cluster"
    pg_ctlcluster "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" restart
  else
    echo "prepare-replication: server settings changed but the cluster is not managed by pg_ctlcluster; restart PostgreSQL by hand" >&2
    exit 1
  fi
  for _ in $(seq 1 30); do
    sql 'SELECT 1' >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "prepare-replication: PostgreSQL did not come back after the restart" >&2
  exit 1
}

if ! sql 'SELECT 1' >/dev/null; then
  echo "prepare-replication: cannot connect to $ADMIN_URL" >&2
  exit 1
fi

# 1. Settings that need a restart. ALTER SYSTEM writes postgresql.auto.conf, no file editing.
needs_restart=0
wal_level="$(sql 'SHOW wal_level')"
if [[ "$wal_level" != replica && "$wal_level" != logical ]]; then
  sql "ALTER SYSTEM SET wal_level = 'replica'"
  log "wal_level $wal_level -> replica"
  needs_restart=1
fi
# pg_basebackup -X stream uses two WAL senders and the standby one more; leave room for a few.
for setting in max_wal_senders max_replication_slots; do
  value="$(sql "SHOW $setting")"
  if (( value < 10 )); then
    sql "ALTER SYSTEM SET $setting = 10"
    log "$setting $value -> 10"
    needs_restart=1
  fi
done
if (( needs_restart )); then restart_server; fi

# 2. pg_hba.conf: trust replication connections from 127.0.0.1, matching the other local lines.
if replication_works; then
  log "replication connections from 127.0.0.1 are already allowed"
else
  hba_file="$(sql 'SHOW hba_file')"
  line='host    replication     all             127.0.0.1/32            trust'
  if grep -qxF "$line" "$hba_file"; then
    echo "prepare-replication: $hba_file already has '$line' but replication connections still fail" >&2
    exit 1
  fi
  # First matching line wins, so the new one goes on top. Rewriting through `cat >` keeps the
  # file's owner and mode (postgres, 0640).
  tmp="$(mktemp)"
  { echo '# Added by .ci/prepare-replication.sh: streaming replicas for the test suite.'; echo "$line"; cat "$hba_file"; } >"$tmp"
  cat "$tmp" >"$hba_file"
  rm -f "$tmp"
  sql 'SELECT pg_reload_conf()' >/dev/null
  log "added '$line' to $hba_file and reloaded"
  for _ in $(seq 1 20); do
    replication_works && break
    sleep 0.25
  done
  if ! replication_works; then
    echo "prepare-replication: replication connections are still refused after the reload" >&2
    exit 1
  fi
fi
log "ready"
