# The two commands: `make run` and `make test`. Everything else helps them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The development settings build the public address of links in emails, PDFs
# and calendar files from these (szkola/settings/dev.py).
export HOST PORT
PYTEST_ARGS ?= -n 2 --dist loadgroup --durations=25
# `make test` builds the test database afresh (CI runs it); `make test-fast`
# keeps it between runs (var/test-szkola.sqlite3*, or test_<name>_gw* on
# PostgreSQL); new migrations are applied to it, after editing or deleting one
# run `make test` once.
FAST_ARGS ?= -n 2 --dist loadgroup --reuse-db

.PHONY: run test test-fast install migrate messages static seed lint format makemessages clean bench

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (PYTHON=$(PYTHON)).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP)

messages: install
	$(BIN)/python manage.py compilemessages -v0 --ignore=.venv

migrate: install
	$(BIN)/python manage.py migrate --noinput

static: install
	$(BIN)/python manage.py collectstatic --noinput -v0

seed: migrate
	$(BIN)/python manage.py seed_demo

run: messages migrate static seed
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: messages
	$(BIN)/python -m pytest --create-db $(PYTEST_ARGS)

test-fast: messages
	$(BIN)/python -m pytest $(FAST_ARGS)

# Every benchmark, or those named in BENCH, then one table (benchmarks/run.py;
# PostgreSQL and Redis from BENCH_DATABASE_URL / BENCH_REDIS_URL).
BENCH ?=
bench: install
	$(BIN)/python benchmarks/run.py $(BENCH)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

makemessages: install
	$(BIN)/python manage.py makemessages -l pl -l en --ignore=.venv --ignore=var --ignore=static/vendor
	$(BIN)/python manage.py makemessages -d djangojs -l pl -l en --ignore=.venv --ignore=var --ignore=static/vendor

clean:
	rm -rf $(VENV) var/static
