#!/usr/bin/env bash
# `make bench`: make the benchmark database if it is missing, load the whole-system demo set
# (skipped when it is already there), time the pages and the digest build, run the load test.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?DATABASE_URL must point at PostgreSQL}"
export DJANGO_SETTINGS_MODULE=cocreation.settings.local DEBUG=false
db_name="${DATABASE_URL##*/}"
server="${DATABASE_URL%/*}/postgres"
if ! .venv/bin/python - "$server" "$db_name" <<'PY'
import sys, psycopg2
conn = psycopg2.connect(sys.argv[1]); conn.autocommit = True
cur = conn.cursor(); cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (sys.argv[2],))
if cur.fetchone() is None:
    cur.execute(f'CREATE DATABASE "{sys.argv[2]}"')
PY
then
  echo "Could not reach PostgreSQL at $server" >&2; exit 1
fi
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py seed_demo --size ics
.venv/bin/python manage.py bench --out bench/latest.md "$@"
scripts/loadtest.sh bench/latest.md
