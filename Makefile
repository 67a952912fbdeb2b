# Gongkai: `make run` sets up and starts the platform; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed
# Front-end assets (ECharts) from the npm registry into the git-ignored node_modules/ (see package.json).
ASSETS := node_modules/.installed

.PHONY: run test setup lint fmt browsers clean ci

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

$(ASSETS): package.json
	npm install --no-audit --no-fund --no-package-lock --silent && touch $(ASSETS) || echo "WARNING: npm install failed; the dashboard shows its tables without charts"

setup: $(STAMP) $(ASSETS)

# Migrates, loads the demo jurisdiction (idempotent), collects static files and serves
# with gunicorn plus the in-process periodic jobs. Override HOST/PORT if needed.
run: $(STAMP) $(ASSETS)
	$(PY) manage.py serve --host $(HOST) --port $(PORT)

# Parallel on SQLite by default; DATABASE_URL=postgres://... runs the same suite on PostgreSQL.
# The browser tests need Debian's chromium and fonts-noto-cjk: .ci/ensure-browser installs them
# when run as root, otherwise stops saying what to install. SKIP_BROWSER=1 runs the rest without them.
test: $(STAMP) $(ASSETS)
ifeq ($(SKIP_BROWSER),)
	bash .ci/ensure-browser
	$(PY) -m pytest -n auto $(PYTEST_ARGS)
else
	$(PY) -m pytest -n auto -m "not browser" $(PYTEST_ARGS)
endif

# ruff, then the import layering of docs/architecture.md (contracts in .importlinter).
lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

fmt: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) staticfiles var
