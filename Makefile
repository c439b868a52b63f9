# Newsroom: `make run` serves the demo newsroom, `make test` runs lint and the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
VPY := $(VENV)/bin/python
PORT ?= 8000
ARTICLES ?= 10000

# Find a Python >= 3.12: PYTHON=... wins; then python3.13/3.12/python3 on PATH (each run, since a
# pyenv shim can exist and still fail); then pyenv's own versions.
define FIND_PYTHON
for p in $(PYTHON) python3.13 python3.12 python3 $$(ls -d "$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
  if "$$p" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then echo "$$p"; exit 0; fi; \
done; exit 1
endef

.PHONY: help venv setup run test lint format check-migrations pytest bench clean deploy-check multinode lighthouse messages

help:
	@echo "make run    - set up (venv, packages, SQLite, demo newsroom) and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   - set up, lint, check migrations, run the whole test suite"
	@echo "make lint   - ruff check, ruff format --check, import contracts (lint-imports), djhtml --check"
	@echo "make format - apply ruff format and djhtml"
	@echo "make deploy-check - check --deploy and the readiness checks, with this shell's settings"
	@echo "make multinode - two web nodes, two workers, PostgreSQL, Redis, local S3: proven to agree"
	@echo "make lighthouse - Lighthouse (mobile) on home, a story, a section, search; fails under the thresholds"
	@echo "make bench  - load a synthetic archive (ARTICLES=$(ARTICLES)) and measure with wrk"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@py="$$( $(FIND_PYTHON) )" || { echo "error: no Python >= 3.12 found. Install one (e.g. pyenv install 3.13) or pass PYTHON=/path/to/python3.12" >&2; exit 1; }; \
	if [ ! -x $(VPY) ] || ! $(VPY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then \
		echo "Creating $(VENV) with $$py ($$("$$py" -V))"; rm -rf $(VENV); "$$py" -m venv $(VENV); \
	fi
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed

setup: venv
	$(VPY) manage.py migrate --noinput
	$(VPY) manage.py collectstatic --noinput --verbosity 0
	@# The interface's translations (locale/): the compiled .mo files are committed too, so a
	@# machine without gettext's msgfmt still serves them.
	@if command -v msgfmt >/dev/null; then $(VPY) manage.py compilemessages --ignore=.venv --verbosity 0; \
	else echo "msgfmt not found (apt install gettext): using the committed .mo files"; fi

run: setup
	LOG_LEVEL=WARNING $(VPY) manage.py load_demo
	@# Web Push keys for the demo's "Follow" buttons, made once and kept in var/ (never committed).
	@$(VPY) manage.py vapid_keys --file var/vapid.env
	@echo
	@echo "Newsroom:   http://127.0.0.1:$(PORT)/"
	@echo "Admin:      http://127.0.0.1:$(PORT)/admin/"
	@echo "Dashboard:  http://127.0.0.1:$(PORT)/dashboard/"
	@echo
	@# A task worker and the periodic-job scheduler run beside the web server and stop with it.
	@set -a; . ./var/vapid.env; set +a; \
	$(VPY) manage.py db_worker --interval 1 & worker=$$!; \
	$(VPY) manage.py run_scheduler & scheduler=$$!; \
	trap 'kill -TERM $$worker $$scheduler 2>/dev/null; wait $$worker $$scheduler' EXIT; \
	PORT=$(PORT) $(VENV)/bin/gunicorn -c gunicorn.conf.py newsroom.wsgi:application --bind 127.0.0.1:$(PORT) \
		--access-logfile - --error-logfile -

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/djhtml --check templates $$(find . -path ./.venv -prune -o -type d -name templates -print | grep -v '^./templates$$')

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates $$(find . -path ./.venv -prune -o -type d -name templates -print | grep -v '^./templates$$')

# New or changed interface strings into each language's catalogue (locale/<code>/LC_MESSAGES/
# django.po); translate the new entries there, then `make setup` (or compilemessages) compiles.
messages: venv
	$(VPY) manage.py makemessages --all --no-wrap --no-location --ignore=.venv --ignore=staticfiles \
		--ignore=media --ignore=var --ignore=test-output --ignore='*/tests/*' --ignore=tests --ignore=bench
	$(VPY) manage.py compilemessages --ignore=.venv

check-migrations: venv
	$(VPY) manage.py makemigrations --check --dry-run

pytest: venv
	$(VPY) -m pytest -n auto --dist worksteal

test: setup lint check-migrations pytest

# Before a node joins the load balancer: run with the production environment exported.
deploy-check: venv
	$(VPY) manage.py check --deploy --fail-level WARNING
	$(VPY) manage.py readiness

# Two gunicorn nodes, two task workers and two schedulers against PostgreSQL, Redis and a local S3
# server, proven to agree (tests/multinode.py; needs PostgreSQL and Redis running, as .ci/run has).
multinode: setup
	$(VPY) -m tests.multinode

# Lighthouse from npm, pinned by package-lock.json (npm ci, into node_modules/), with Debian's
# Chromium, against gunicorn on a scratch database and port (tests/lighthouse.py says how it judges).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lighthouse: venv node_modules/.installed
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(VPY) -m tests.lighthouse

bench: setup
	$(VPY) -m bench --articles $(ARTICLES)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media .pytest_cache node_modules
