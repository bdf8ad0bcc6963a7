# Tech Bar. `make run` opens the app on a local SQLite database with demo data;
# `make test` runs the whole suite. Both create .venv on first use and are idempotent.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
KIOSK_TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
export KIOSK_TEST_POSTGRES_URL

.PHONY: run test lint bench screenshots migrate sync clean translations i18n-update

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Tech Bar needs Python 3.11 or newer (set PYTHON=...)")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: translations
	$(PY) main.py

# Qt's .qm files are built from the .ts sources in resources/translations (not committed).
translations: $(STAMP)
	$(PY) -m ui.common.i18n build

# Refresh the .ts sources from the code (then translate the new strings).
i18n-update: $(STAMP)
	$(PY) -m ui.common.i18n update

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: lint translations
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.perf

screenshots: translations
	rm -rf screenshots
	QT_QPA_PLATFORM=offscreen $(PY) main.py --db sqlite:///$(CURDIR)/screenshots/demo.db screenshots --out screenshots

migrate: $(STAMP)
	$(PY) main.py migrate

sync: $(STAMP)
	$(PY) main.py sync

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache screenshots *.egg-info
