# Alliance: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# The suite runs on PostgreSQL and Redis (database 15, away from a development worker) and, at
# the same time, on the embedded default (SQLite, tasks in process) for the tests that need neither.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/alliance
TEST_BROKER_URL ?= redis://127.0.0.1:6379/15
TEST_WORKERS ?= 2
TEST_SQLITE_WORKERS ?= 1

# A .env file (see .env.example) configures `make run`, as it does docker-compose.
ifneq (,$(wildcard .env))
include .env
export
endif

.PHONY: install run worker beat test lint messages bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt package.json package-lock.json
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { echo "$(VENV) uses Python < 3.12: remove it and run again." >&2; exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed

messages: install
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

run: messages
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) seed_demo --if-empty
	scripts/serve-dev

worker: install
	$(VENV)/bin/celery -A alliance worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A alliance beat --loglevel=INFO --schedule=$(VENV)/celerybeat-schedule

lint: install
	$(MANAGE) makemessages -l es --ignore=.venv --ignore=node_modules --ignore=staticfiles --no-location --no-wrap -v0
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml

test: lint messages
	scripts/ensure-services
	scripts/ensure-system-packages
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) TEST_BROKER_URL=$(TEST_BROKER_URL) \
		TEST_WORKERS=$(TEST_WORKERS) TEST_SQLITE_WORKERS=$(TEST_SQLITE_WORKERS) \
		scripts/test-both $(PYTEST_ARGS)

# The benchmark (README.md, "Benchmark"): its own databases (alliance_bench*) and Redis database 13.
# `make bench BENCH_ARGS=--quick` for a short run; `.venv/bin/python -m bench --help` lists the options.
bench: messages
	scripts/ensure-services
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
