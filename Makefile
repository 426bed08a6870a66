# Atazan: two commands do everything on a fresh machine.
#   make demo   set up, load the sample reform and serve http://127.0.0.1:8000
#   make test   set up and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo test lint install messages catalogs serve clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

install: $(STAMP) catalogs

catalogs: $(STAMP)
	$(BIN)/atazan compile_catalogs

# The demo runs with DEBUG on (the shipped secret key is accepted only then).
demo: export ATAZAN_DEBUG = 1
demo: install
	$(BIN)/atazan migrate --noinput
	$(BIN)/atazan load_demo
	@echo "Atazan demo: http://$(HOST):$(PORT)/  (accounts are listed in README.md)"
	@# The task worker carries out analysis runs started from the pages and sends e-mail; it stops with the server.
	$(BIN)/atazan db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/atazan runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# ruff, the formatter, mypy, the project's own rules (tools/custom_lint.py) and
# models without a migration.
lint: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/mypy
	$(BIN)/python tools/custom_lint.py
	$(BIN)/atazan makemigrations --check --dry-run

# Re-extract the interface strings into the kk, ru and en catalogs (needs GNU gettext).
messages: install
	cd src/atazan && ../../$(BIN)/atazan makemessages -l kk -l ru -l en --no-obsolete --ignore 'static/*' --ignore 'samples/*'
	$(BIN)/atazan compile_catalogs --fill-source en

bench: install
	$(BIN)/python bench/bench_compare.py
	$(BIN)/python bench/bench_analysis.py
	$(BIN)/python bench/bench_amend.py
	@echo "bench/bench_trace.py and bench/bench_intake.py need PostgreSQL (see docs/benchmarks.md)"

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
