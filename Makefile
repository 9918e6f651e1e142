# IC2PerMed — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-test
RUN_STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck install clean bench deadcode

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP) $(RUN_STAMP)

install: $(STAMP)

## Set up everything and start the platform on its embedded database (http://127.0.0.1:8000).
run: $(RUN_STAMP)
	exec $(BIN)/ic2permed demo

## Install the test extras, then ruff, mypy and the whole pytest suite: everything but the browser journeys
## in parallel (pytest-xdist, one worker per core; PYTEST_WORKERS=0 for one process), then the journeys,
## which share one live server and one Chromium.
PYTEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser"
	$(BIN)/pytest -m browser

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

## Functions, methods and imports nothing uses (vulture; settings in pyproject.toml). Fields and attributes
## are left out: Pydantic, SQLAlchemy and the templates read them by name.
deadcode: $(STAMP)
	$(BIN)/vulture | grep -v "unused variable\|unused attribute\|unused class" || true

typecheck: $(STAMP)
	$(BIN)/mypy

## Benchmarks: node, landscape and hub (figures to bench/results.json and docs/performance.md); not part of `make test`.
bench: $(STAMP)
	$(BIN)/python -m bench all

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
