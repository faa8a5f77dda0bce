# Two commands: `make run` (start the app) and `make test` (lint, types, every test).
# Both create .venv when missing and install exactly the versions in constraints.txt.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
REPLICAS ?= 2
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt

.PHONY: run test lint validate bench load lock clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-app: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e ".[test]"
	@touch $@ $(VENV)/.installed-app

run: $(VENV)/.installed-app
	$(BIN)/python -m dashboard serve --server.port $(PORT) --server.address localhost \
		--server.headless true --browser.gatherUsageStats false

# N app servers behind HAProxy (sticky sessions by cookie, websockets, health checks) on
# PORT; Ctrl-C stops them all. See docs/DEPLOY.md.
.PHONY: serve soak
serve: $(VENV)/.installed-app
	$(BIN)/python -m dashboard serve --replicas $(REPLICAS) --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

validate: $(VENV)/.installed-app
	$(BIN)/python -m dashboard validate data

bench: $(VENV)/.installed-test
	$(BIN)/python bench/rerun.py
	$(BIN)/python bench/payload.py
	$(BIN)/python bench/export.py
	$(BIN)/python bench/server.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/load.py

load: $(VENV)/.installed-test
	$(BIN)/python bench/load.py

# 25 sessions for 20 minutes on one server, then the memory verdict (not part of make test)
soak: $(VENV)/.installed-test
	$(BIN)/python bench/load.py --sessions 25 --seconds 1200 --settle 60 --soak

lock: $(VENV)/.installed-test
	$(PIP) -e ".[scripts]"
	{ echo "# Exact versions for every package the app, tests and scripts install."; \
	  echo "# Used as pip constraints by the Makefile; regenerate with 'make lock'."; \
	  $(BIN)/python -m pip freeze --exclude-editable; } > constraints.txt

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .ruff_cache
