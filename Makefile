# cmp: build the tidy indicator table and render the briefings.  `make help` lists the targets.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## /  /'

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; install Python 3.11 or run 'make PYTHON=/path/to/python3.11'" >&2; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

## setup: create .venv and install cmp with its dependencies
setup: $(STAMP)

## report: (main job) set up, verify sources, build the tidy table, write the exports and render every briefing
report: $(STAMP)
	$(VENV)/bin/cmp sources
	$(VENV)/bin/cmp build
	$(VENV)/bin/cmp export --xlsx data/exports/cmp.xlsx --sqlite data/exports/cmp.sqlite
	$(VENV)/bin/cmp report

## build: set up and build data/tidy/ from data/raw/
build: $(STAMP)
	$(VENV)/bin/cmp build

## test: set up and run the test suite and the linter
test: $(STAMP)
	$(VENV)/bin/ruff check lib tests
	$(PY) -m pytest -n 2 --dist loadfile

## mutation: mutation-test the rule modules with mutmut (not in CI; MODULE=numbers BUDGET=seconds REPO=dir)
mutation: $(VENV)/.mutation-installed
	$(PY) benchmarks/mutation.py $(if $(MODULE),--module $(MODULE)) $(if $(BUDGET),--budget $(BUDGET)) $(if $(REPO),--repo $(REPO))

$(VENV)/.mutation-installed: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,mutation]'
	@touch $@

## lab: open JupyterLab on the notebooks
lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

.PHONY: help setup report build test lab mutation
