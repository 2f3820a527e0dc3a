# sendpath: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run` uses a SQLite file; `make test` uses PostgreSQL. DATABASE_URL overrides either.
RUN_DATABASE_URL ?= sqlite:///$(CURDIR)/db.sqlite3
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/sendpath

.PHONY: run test lint typecheck unit system demo bench assets setup clean help

help:
	@echo "make run    set up everything and serve the demo on http://$(HOST):$(PORT)"
	@echo "make test   set up everything and run the whole suite on PostgreSQL"

$(BIN)/.installed: requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --requirement requirements.lock
	@touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# GOV.UK Frontend's stylesheet, built from its Sass with sendpath's settings (no GDS Transport
# font, images under /static/): the one the app serves.
GOVUK_CSS := build/static/css/govuk-frontend.min.css

$(GOVUK_CSS): sendpath/assets/govuk-frontend.scss node_modules/.installed
	@mkdir -p $(dir $@)
	node_modules/.bin/sass --load-path=node_modules --style=compressed --no-source-map \
		--quiet-deps sendpath/assets/govuk-frontend.scss $@

assets: $(GOVUK_CSS)

setup: $(BIN)/.installed assets

run: setup
	DATABASE_URL=$${DATABASE_URL:-$(RUN_DATABASE_URL)} $(BIN)/python manage.py migrate --no-input -v 0
	DATABASE_URL=$${DATABASE_URL:-$(RUN_DATABASE_URL)} $(BIN)/python manage.py createcachetable
	DATABASE_URL=$${DATABASE_URL:-$(RUN_DATABASE_URL)} $(BIN)/python manage.py demo
	@echo ""
	@echo "sendpath is starting on http://$(HOST):$(PORT)  (stop it with Ctrl+C)"
	DATABASE_URL=$${DATABASE_URL:-$(RUN_DATABASE_URL)} $(BIN)/python manage.py runserver $(HOST):$(PORT)

demo: setup
	DATABASE_URL=$${DATABASE_URL:-$(RUN_DATABASE_URL)} $(BIN)/python manage.py demo

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy sendpath
	$(BIN)/lint-imports --no-cache

test: setup
	@DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python scripts/check_postgres.py
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy sendpath
	$(BIN)/lint-imports --no-cache
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} DJANGO_SETTINGS_MODULE=sendpath.config.settings.test \
		$(BIN)/python manage.py makemigrations --check --dry-run
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/pytest $(PYTEST_ARGS)

unit: setup
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/pytest -m "not system" $(PYTEST_ARGS)

system: setup
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/pytest -m system $(PYTEST_ARGS)

bench: setup
	$(BIN)/python bench/timescales_bench.py
	$(BIN)/python bench/worklist_bench.py
	$(BIN)/python bench/localoffer_bench.py
	$(BIN)/python bench/pages_bench.py

clean:
	rm -rf $(VENV) node_modules build staticfiles .pytest_cache .mypy_cache .ruff_cache
