#!/usr/bin/env bash
# Serve the site on 127.0.0.1:$PORT with a Celery worker (and its schedule) beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
BIN=.venv/bin

# Without REDIS_URL the broker is this folder, which both processes share (README, "Configuration").
mkdir -p .broker/queue .broker/processed .broker/control

"$BIN/celery" -A cocreation worker --beat --loglevel=INFO --concurrency=2 >.broker/worker.log 2>&1 &
WORKER_PID=$!
trap 'kill "$WORKER_PID" 2>/dev/null || true; wait "$WORKER_PID" 2>/dev/null || true' EXIT INT TERM

cat <<MSG

  The co-creation community is running at http://127.0.0.1:${PORT}/
  The background worker is running too (its log: .broker/worker.log).
  Sign in as staff@example.org, cocreator@example.org or steering@example.org
  with the demo password printed above. Press Ctrl+C to stop.

MSG
"$BIN/python" manage.py runserver "127.0.0.1:${PORT}"
