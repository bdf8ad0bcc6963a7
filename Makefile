# Tech Bar. `make run` opens the app on a local SQLite database with demo data (and serves
# the visitors' status pages on http://127.0.0.1:8080);
# `make test` runs the whole suite. Both create .venv on first use and are idempotent:
# `run` installs what running needs, `test` adds the development tools.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
RUN_STAMP := $(VENV)/.run-stamp
DEV_STAMP := $(VENV)/.dev-stamp
# PYTHONWARNINGS: setuptools warns about editable installs on every build; nothing to act on.
PIP := PYTHONWARNINGS=ignore $(PY) -m pip --quiet --disable-pip-version-check
KIOSK_TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
export KIOSK_TEST_POSTGRES_URL

.PHONY: run test lint bench screenshots migrate sync clean translations i18n-update

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Tech Bar needs Python 3.11 or newer (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e .
	@touch $(RUN_STAMP)

$(DEV_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e '.[dev]'
	@touch $(DEV_STAMP) $(RUN_STAMP)

# The web service (the status pages behind the kiosk's QR codes) runs beside the windows
# and stops when they close.
run: $(RUN_STAMP)
	$(PY) -m ui.common.i18n build
	@$(PY) main.py migrate >/dev/null
	@$(PY) main.py web & web=$$!; trap 'kill $$web 2>/dev/null' EXIT INT TERM; $(PY) main.py

# Qt's .qm files are built from the .ts sources in resources/translations (not committed).
translations: $(RUN_STAMP)
	$(PY) -m ui.common.i18n build

# Refresh the .ts sources from the code (then translate the new strings).
i18n-update: $(DEV_STAMP)
	$(PY) -m ui.common.i18n update

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# One worker per core (TEST_WORKERS=0 runs in this process); the RT tests share one worker
# and so one RT server (their xdist_group).
TEST_WORKERS ?= auto
test: lint translations
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadgroup --durations=15

# `make bench` measures at full size (a year of 1,000,000 visits: about 16 minutes on 2 cores);
# `make bench BENCH_ARGS=--quick` checks that every benchmark runs (under two minutes).
bench: $(DEV_STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.perf $(BENCH_ARGS)

screenshots: translations
	rm -rf screenshots
	QT_QPA_PLATFORM=offscreen $(PY) main.py screenshots --out screenshots

migrate: $(RUN_STAMP)
	$(PY) main.py migrate

sync: $(RUN_STAMP)
	$(PY) main.py sync

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache screenshots *.egg-info
