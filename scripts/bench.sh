#!/usr/bin/env bash
# `make bench`: make the two benchmark databases if they are missing and load each one's data set
# only when it is not there yet (the whole-system set takes minutes), then time every GET URL
# with `manage.py bench` (queries counted in both databases), and run the load test.
#   DATABASE_URL               the whole-system set (`seed_demo --size ics`: 50,000 people)
#   BENCH_SMALL_DATABASE_URL   the small demo (`seed_demo`: about 200 people); by default the
#                              same server with "_small" after the database's name
# Arguments are passed to `manage.py bench`, e.g. `scripts/bench.sh --only reports`.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?DATABASE_URL must point at PostgreSQL}"
export DJANGO_SETTINGS_MODULE=cocreation.settings.local DEBUG=false
SMALL_DATABASE_URL="${BENCH_SMALL_DATABASE_URL:-${DATABASE_URL}_small}"
started=$(date +%s)

ensure_database() {  # ensure_database <url>: create the database if the server has none of that name
  local url="$1"
  .venv/bin/python - "${url%/*}/postgres" "${url##*/}" <<'PY' || { echo "Could not reach PostgreSQL for $1" >&2; exit 1; }
import sys, psycopg2
conn = psycopg2.connect(sys.argv[1]); conn.autocommit = True
cur = conn.cursor(); cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (sys.argv[2],))
if cur.fetchone() is None:
    cur.execute(f'CREATE DATABASE "{sys.argv[2]}"')
PY
}

has_data() {  # has_data <url> <demo|ics>: is that data set loaded there already?
  DATABASE_URL="$1" .venv/bin/python manage.py bench --has-data "$2"
}

for url in "$DATABASE_URL" "$SMALL_DATABASE_URL"; do
  ensure_database "$url"
  DATABASE_URL="$url" .venv/bin/python manage.py migrate --noinput -v0
done
has_data "$DATABASE_URL" ics || .venv/bin/python manage.py seed_demo --size ics
has_data "$SMALL_DATABASE_URL" demo || DATABASE_URL="$SMALL_DATABASE_URL" .venv/bin/python manage.py seed_demo
# The report rollups (kept by triggers and the worker) counted afresh, so no timed request pays
# for a migration's full count (about 5 s at this size).
.venv/bin/python manage.py rebuild_rollups
# Vacuumed and analysed, as autovacuum keeps a live database: each run's rolled-back writes (the
# digests, the page timings) leave dead rows, and a server with autovacuum off (as some test
# machines have) would otherwise plan later runs' queries for tables several times their size.
.venv/bin/python - "$DATABASE_URL" <<'PY'
import sys, psycopg2
conn = psycopg2.connect(sys.argv[1]); conn.autocommit = True
conn.cursor().execute("VACUUM ANALYZE")
PY
.venv/bin/python manage.py bench --small-database-url "$SMALL_DATABASE_URL" --out bench/latest.md "$@"
status=0
scripts/loadtest.sh bench/latest.md || status=$?
finished=$(date +%s)
printf '\nThe whole `make bench` (page timings, digests, newsletter, export and load test) took %d min %02d s.\n' \
  $(((finished - started) / 60)) $(((finished - started) % 60)) | tee -a bench/latest.md
exit "$status"
