#!/usr/bin/env bash
# The seed's own stack doing Kheti's hottest read, for side-by-side benchmarks on the same machine:
# FastAPI + Uvicorn workers under Gunicorn, asyncpg, an ES256 JWT check and a row read under RLS.
#   serve.sh PORT [WORKERS]   → creates a fresh database, loads 10 000 fields, starts the reference,
#                               prints "FIELD_ID TOKEN PID DATABASE" and leaves it running (stop: kill -TERM -- -PID)
# Needs Debian's python3-fastapi python3-uvicorn gunicorn python3-asyncpg python3-jwt python3-uvloop python3-httptools.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd); PORT=$1; W=${2:-2}
DB=ref_$(date +%s)_$RANDOM
psql -q -h 127.0.0.1 -U postgres -c "create database $DB" >/dev/null
export REF_DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB
read -r FIELD TENANT < <(/usr/bin/python3 "$HERE/load.py")
TMP=$(mktemp -d); TOKEN=$(/usr/bin/python3 "$HERE/make_token.py" "$TMP" "$TENANT")
REF_PUBLIC_KEY_PEM=$TMP/pub.pem setsid gunicorn --chdir "$HERE" -w "$W" -k uvicorn.workers.UvicornWorker \
  -b 127.0.0.1:$PORT app:app >"$TMP/gunicorn.log" 2>&1 &
PID=$!
for _ in $(seq 1 60); do curl -sf -o /dev/null -H "authorization: Bearer $TOKEN" http://127.0.0.1:$PORT/v1/fields/$FIELD && break; sleep 0.5; done
echo "$FIELD $TOKEN $PID $DB"
