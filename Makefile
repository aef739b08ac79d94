# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench translations clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	sh tools/ensure_system_libs.sh
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/marketdesk gui

# tests/conftest.py starts a throwaway PostgreSQL cluster (or uses MARKETDESK_TEST_PG)
# and stops it when the session ends.
test: $(STAMP)
	sh tools/ensure_postgres.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench.startup

translations: $(STAMP)
	$(BIN)/python tools/translations.py

clean-venv:
	rm -rf $(VENV)
