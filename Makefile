# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench dist translations clean-venv

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
# and stops it when the session ends; with pytest-xdist, each worker has its own.
PYTEST_ARGS ?= -n auto --maxprocesses=4 --durations=15
test: $(STAMP)
	sh tools/ensure_postgres.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# A one-folder bundle (PyInstaller), its smoke test, and the Windows installer script compiled
# by makensis when it is available (CI installs it). NSIS_FLAGS=-DFAST: quick zlib compression.
VERSION = $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
DIST_STAMP := $(VENV)/.installed-dist

$(DIST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dist]'
	touch $(DIST_STAMP)

dist: $(DIST_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		installer/marketdesk.spec
	sh installer/smoke_test.sh dist/marketdesk
	sh tools/ensure_nsis.sh
	if command -v makensis >/dev/null 2>&1; then \
		makensis -V2 $(NSIS_FLAGS) -DVERSION=$(VERSION) -DBUNDLE=$(CURDIR)/dist/marketdesk \
			-DOUTFILE=$(CURDIR)/dist/MarketDesk-$(VERSION)-setup.exe installer/marketdesk.nsi; \
	else echo "makensis not found: installer/marketdesk.nsi was not compiled (apt-get install nsis)"; fi

bench: $(STAMP)
	$(BIN)/python -m bench.startup

translations: $(STAMP)
	$(BIN)/python tools/translations.py

clean-venv:
	rm -rf $(VENV)
