# Logbuch — the two commands for a fresh machine are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PG_URL ?= postgres://postgres@127.0.0.1:5432/logbuch
REDIS_TEST_URL ?= redis://127.0.0.1:6379/0
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help run test test-sqlite test-postgres check fmt demo bench lock assets messages install test-deps clean

help:
	@echo "make run    – install, migrate, load the demo towns and serve http://127.0.0.1:8000 (SQLite)"
	@echo "make test   – install test tools and run the whole suite (PostgreSQL when reachable, and SQLite)"
	@echo "make check  – ruff format --check, ruff check, djlint --check and --lint (templates), mypy, makemigrations --check"
	@echo "make demo   – (re)load the demo towns; make bench – run the benchmarks; make lock – refresh requirements.lock"

$(STAMP): requirements.lock pyproject.toml
	@rm -rf $(VENV)/.installed-*
	@if [ ! -x $(PY) ]; then \
	  interp=$$(scripts/find-python) || exit 1; \
	  echo "Python: $$interp"; \
	  $$interp -m venv $(VENV) || { echo "Could not create .venv: install the venv module of your Python (e.g. 'apt-get install python3-venv')." >&2; exit 1; }; \
	fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

install: $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm fehlt – installiere Node.js und npm mit apt-get …"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; } \
	  || { echo "Node.js/npm could not be installed: install them (apt-get install nodejs npm) and run make again." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# KERN UX (CSS, fonts) and htmx copied into a git-ignored static folder; WhiteNoise serves them.
static_vendor/.done: node_modules/.package-lock.json
	rm -rf static_vendor && mkdir -p static_vendor/kern static_vendor/htmx static_vendor/axe
	cp -r node_modules/@kern-ux/native/dist/kern.min.css node_modules/@kern-ux/native/dist/fonts static_vendor/kern/
	cp node_modules/htmx.org/dist/htmx.min.js static_vendor/htmx/
	cp node_modules/axe-core/axe.min.js static_vendor/axe/
	@touch $@

assets: static_vendor/.done

messages: $(STAMP)
	@command -v msgfmt >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gettext >/dev/null; } \
	  || { echo "gettext (msgfmt) is missing: apt-get install gettext" >&2; exit 1; }
	@$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

run: install assets messages
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) createcachetable
	$(MANAGE) demo
	$(MANAGE) runserver 127.0.0.1:8000

demo: install
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) createcachetable
	$(MANAGE) demo

# Browser tests need Debian's chromium (never a downloaded browser); wrk for bench.
test-deps: install assets messages
	@command -v chromium >/dev/null || { echo "Installiere chromium (Debian) für die Browser-Tests …"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; } \
	  || { echo "chromium could not be installed: apt-get install chromium, then run make test again." >&2; exit 1; }
	@command -v pdftotext >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq poppler-utils >/dev/null; } || true

# Sessions and the shared cache run on Redis when it answers (as in production), else in memory.
test: test-deps
	@if $(PY) scripts/redis_reachable.py "$(REDIS_TEST_URL)"; then \
	  echo "== Cache und Sitzungen auf Redis ($(REDIS_TEST_URL)) =="; export REDIS_URL=$(REDIS_TEST_URL); \
	else echo "Redis ist nicht erreichbar ($(REDIS_TEST_URL)) – Cache im Speicher."; fi; \
	if $(PY) scripts/pg_reachable.py "$(PG_URL)"; then \
	  echo "== Tests auf PostgreSQL =="; \
	  DATABASE_URL=$(PG_URL) $(PY) -m pytest -n 2 -p no:cacheprovider $(PYTEST_ARGS) || exit $$?; \
	else echo "PostgreSQL ist nicht erreichbar ($(PG_URL)) – nur SQLite."; fi; \
	echo "== Tests auf SQLite =="; \
	DATABASE_URL=sqlite:///:memory: $(PY) -m pytest -n 2 -p no:cacheprovider $(PYTEST_ARGS)

check: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/djlint --check logbuch
	$(VENV)/bin/djlint --lint logbuch
	$(VENV)/bin/mypy logbuch config e2e bench conftest.py
	$(MANAGE) makemigrations --check --dry-run -v 0

fmt: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/djlint --reformat --quiet logbuch || true  # exits 1 when it changed a file

bench: install assets messages
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk >/dev/null; } \
	  || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
	$(PY) bench/run.py

lock: install
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.12 -o requirements.lock

clean:
	rm -rf $(VENV) node_modules static_vendor staticfiles test-artifacts
