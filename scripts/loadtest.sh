#!/usr/bin/env bash
# 50 signed-in co-creators browsing the portal for 60 seconds, against gunicorn on 127.0.0.1.
# Two runs: people reading each page for 1 to 3 seconds before the next (browsing), then the
# same people clicking as fast as the server answers (the most it can serve). Run by `make bench`
# after the page timings; needs wrk (Debian package) and the large demo set.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?DATABASE_URL must point at PostgreSQL}"
USERS="${LOAD_USERS:-50}" DURATION="${LOAD_SECONDS:-60}" PORT="${LOAD_PORT:-8765}"
OUT="${1:-bench/latest.md}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
export DJANGO_SETTINGS_MODULE=cocreation.settings.local DEBUG=false
sessions="$(mktemp)"
trap 'rm -f "$sessions"; [ -n "${gunicorn_pid:-}" ] && kill "$gunicorn_pid" 2>/dev/null || true' EXIT
.venv/bin/python manage.py loadtest_sessions --count "$USERS" > "$sessions"
# gunicorn.conf.py in this folder sets the workers and threads, as in production.
.venv/bin/gunicorn cocreation.wsgi --bind "127.0.0.1:$PORT" --log-level warning \
  --access-logfile /dev/null &
gunicorn_pid=$!
shape="$(.venv/bin/python -c 'import runpy; c = runpy.run_path("gunicorn.conf.py"); print(c["workers"], "processes of", c["threads"], "threads")')"
for _ in $(seq 1 50); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/accessibility/" && break
  sleep 0.2
done

failed=0
run() {  # run <description> <think min ms> <think max ms>
  local result
  result="$(SESSIONS_FILE="$sessions" THINK_MIN_MS="$2" THINK_MAX_MS="$3" wrk -t2 -c"$USERS" \
    -d"${DURATION}s" --timeout 10s --latency -s scripts/portal_browse.lua \
    "http://127.0.0.1:$PORT" | tee /dev/stderr | grep '^LOADTEST')"
  eval "${result#LOADTEST }"
  echo "Load test, $1: $USERS signed-in co-creators for ${duration_s} s against gunicorn" \
       "($shape) on 127.0.0.1 with wrk: $requests requests, ${rps} a second," \
       "median ${p50_ms} ms, 99th percentile ${p99_ms} ms, slowest ${max_ms} ms;" \
       "$non200 responses other than 200, $socket_errors socket errors or timeouts (10 s)." \
    | tee -a "$OUT"
  if [ "$non200" -ne 0 ] || [ "$socket_errors" -ne 0 ]; then failed=1; fi
}
# Warm-up, not counted: every worker loads its code and templates before anything is timed.
SESSIONS_FILE="$sessions" wrk -t2 -c"$USERS" -d10s -s scripts/portal_browse.lua \
  "http://127.0.0.1:$PORT" > /dev/null
echo | tee -a "$OUT"
run "browsing (each person reads a page for 1 to 3 s)" 1000 3000
echo | tee -a "$OUT"
run "as fast as the server answers (no reading time)" 0 0
exit "$failed"
