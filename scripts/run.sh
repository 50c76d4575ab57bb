#!/usr/bin/env bash
# Serve the site on 127.0.0.1:$PORT with a Celery worker (and its schedule) beside it.
# One Ctrl+C (SIGINT), or one SIGTERM or SIGHUP to this script or its process group, stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
# Links in emails and text messages are built on SITE_URL, by the worker too: unless it is set,
# it follows PORT, so they point at the server this script starts.
export SITE_URL="${SITE_URL:-http://127.0.0.1:${PORT}}"
BIN=.venv/bin

# Without REDIS_URL the broker is this folder, which both processes share (README, "Configuration").
BROKER_DIR="${CELERY_BROKER_DIR:-.broker}"
mkdir -p "$BROKER_DIR/queue" "$BROKER_DIR/processed" "$BROKER_DIR/control"
WORKER_LOG="$BROKER_DIR/worker.log"

# Each process, with its children (the worker's pool and schedule, the server's reloader), runs
# in a process group of its own (job control on), so stopping is one signal to each group.
SERVER_PID=""
WORKER_PID=""
STOPPING=""
stop() {
  [ -n "$STOPPING" ] && return
  STOPPING=1
  trap '' INT TERM HUP # a second Ctrl+C must not cut the clean-up short
  local pids=() groups=() pid waited=0
  for pid in $SERVER_PID $WORKER_PID; do
    pids+=("$pid")
    groups+=("-$pid")
  done
  [ ${#pids[@]} -eq 0 ] && return
  echo "Stopping the server and the worker..." >&2
  # The worker finishes the task in hand and stops its own pool and schedule (a warm shutdown);
  # the server's reloader stops the server.
  kill -TERM "${pids[@]}" 2>/dev/null || true
  while [ "$waited" -lt 100 ] && kill -0 "${pids[@]}" 2>/dev/null; do
    sleep 0.1
    waited=$((waited + 1))
  done
  # After 10 seconds, or once both have gone, whatever is left in their groups is stopped hard.
  kill -KILL -- "${groups[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap 'stop; exit 129' HUP
trap stop EXIT

set -m
"$BIN/celery" -A cocreation worker --beat --loglevel=INFO --concurrency=2 \
  </dev/null >"$WORKER_LOG" 2>&1 &
WORKER_PID=$!
"$BIN/python" manage.py runserver "127.0.0.1:${PORT}" </dev/null &
SERVER_PID=$!
set +m

cat <<MSG

  The co-creation community is running at http://127.0.0.1:${PORT}/
  Links in its emails start ${SITE_URL}/ (SITE_URL).
  The background worker is running too (its log: ${WORKER_LOG}).
  Sign in as staff@example.org, cocreator@example.org or steering@example.org
  with the demo password printed above. Press Ctrl+C to stop.

MSG
# Watch both (a signal cuts the short sleep, so the trap runs at once); if either process ends by
# itself, the other is stopped too.
while kill -0 "$SERVER_PID" 2>/dev/null && kill -0 "$WORKER_PID" 2>/dev/null; do
  sleep 1 &
  wait $! || true
done
echo "The server or the worker stopped by itself; stopping the other (worker log: ${WORKER_LOG})." >&2
exit 1
