# Gongzhi: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs lint and the suite.
# Needs only Python 3.11+ (python3) and make; everything else is installed into .venv from uv.lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install run test lint format worker messages check-deploy clean bench backup restore loadtest

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
	  || { echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.synced: $(BIN)/python pyproject.toml uv.lock
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv sync --frozen --python $(BIN)/python
	@touch $@

install: $(VENV)/.synced

run: install
	DEBUG=1 PORTAL_DEMO=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 PORTAL_DEMO=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 PORTAL_DEMO=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

test: lint
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# A Celery worker with the beat scheduler embedded, against REDIS_URL (required).
worker: install
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (for example redis://127.0.0.1:6379/0)"; exit 1; }
	$(BIN)/celery -A portal worker --beat --loglevel=INFO

# Time every page against the floor view on gunicorn + PostgreSQL (bench/run.py, issue 13);
# writes bench/results.md. BENCH_SCALE=0.1 first seeds an empty database with seed_scale.
bench: install
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL (PostgreSQL) and REDIS_URL"; exit 1; }
	@command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
	$(BIN)/python bench/run.py $(if $(BENCH_SCALE),--seed $(BENCH_SCALE)) $(BENCH_ARGS)

messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l zh_Hans -i .venv -i staticfiles -i tests --no-obsolete
	DEBUG=1 $(BIN)/python manage.py compilemessages -i .venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# Backups (docs/deploy.md): the database (pg_dump, or SQLite's copy) and the media, with
# checksums of the ballots and posted entries that `make restore` checks after restoring.
backup: install
	$(BIN)/python manage.py backup

restore: install
	@test -n "$(FROM)" || { echo "Usage: make restore FROM=backups/gongzhi-YYYYMMDD-HHMMSS"; exit 1; }
	$(BIN)/python manage.py restore "$(FROM)" --yes

# Issue 16, item 10: LOADTEST_USERS residents (200) and 5 staff for LOADTEST_SECONDS (60) on
# gunicorn + PostgreSQL + a private Redis + a worker with beat, then the database checked
# (bench/loadtest.py; a database of its own next to DATABASE_URL's, dropped afterwards).
loadtest: install
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL (PostgreSQL): the run creates its own database beside it"; exit 1; }
	$(BIN)/python bench/loadtest.py --users $(or $(LOADTEST_USERS),200) --seconds $(or $(LOADTEST_SECONDS),60) $(LOADTEST_ARGS)
