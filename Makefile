# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: run test lint format install check-python bench

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: set PYTHON=python3.11")'

$(RUNTIME_STAMP): pyproject.toml | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(RUNTIME_STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(RUNTIME_STAMP)

## Install, migrate, load the demo community, and serve the site with its background worker.
run: $(RUNTIME_STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	PORT=$${PORT:-8000} scripts/run.sh

## The whole test suite (SQLite by default; PostgreSQL when DATABASE_URL is set), in parallel:
## one worker per core, each with its own test database (and, for browser tests, its own live
## server and Chromium); the real-worker tests run one after another on one worker.
## PYTEST_WORKERS=0 runs everything in this one process.
PYTEST_WORKERS ?= auto
test: $(TEST_STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(TEST_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Benchmarks against PostgreSQL with whole-system data (BENCH_DATABASE_URL to use another database).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cocreation_bench
bench: $(TEST_STAMP)
	DATABASE_URL=$(BENCH_DATABASE_URL) scripts/bench.sh
