# Intercoop task runner. `make run` and `make test` are the README's two commands.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Python's compiled bytecode is kept: installing compiles the packages (uv's compile-bytecode),
# and Python caches the platform's own modules in __pycache__ (ignored by git). Where the
# environment sets PYTHONDONTWRITEBYTECODE, every process (each test worker, and each server,
# demo or command a test starts) would otherwise compile Django and the platform from source
# again: about 4 s of a 2-core machine each time.
export UV_COMPILE_BYTECODE := 1
unexport PYTHONDONTWRITEBYTECODE

HOST ?= 127.0.0.1
PORT ?= 8000
# What `make run` serves at, unless INTERCOOP_PUBLIC_URL says otherwise: the demo's credential
# file and the emails name it.
RUN_PUBLIC_URL := $(or $(INTERCOOP_PUBLIC_URL),http://$(HOST):$(PORT))
# Who signs the exchange's co-op share labels in the demo: its federation, a label issuer.
RUN_COOP_SHARE_ISSUER := $(or $(INTERCOOP_COOP_SHARE_ISSUER),federation-saint-laurent)

.PHONY: help run install install-dev assets test test-fast lint format typecheck snapshot \
        migrations-check deploy-check catalogues messages ci bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

install: $(UV) ## Install the platform (runtime dependencies) and compile translations
	$(UV) sync --frozen --inexact --quiet
	npm ci --omit=dev --no-audit --no-fund --loglevel=error
	$(BIN)/intercoop compilecatalogs

install-dev: $(UV) ## Install runtime and development dependencies, and front-end test assets
	$(UV) sync --frozen --extra dev --quiet
	npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/intercoop compilecatalogs

# $(call timed,What it does,command): say what runs, run it, then say how long it took.
timed = printf '%s…\n' '$(1)'; start=$$($(PYTHON) -c 'import time; print(time.time())'); \
	$(2) || exit $$?; \
	printf '%s: %s s\n' '$(1)' "$$($(PYTHON) -c 'import sys, time; print(f"{time.time() - float(sys.argv[1]):.1f}")' $$start)"

run: ## Install, load the demo data and serve on http://127.0.0.1:8000 (SQLite)
	@$(call timed,Installing (uv sync; npm ci; translations),$(MAKE) --no-print-directory install)
	@$(call timed,Migrating the database,$(BIN)/intercoop migrate --verbosity 0 && $(BIN)/intercoop createcachetable)
	@INTERCOOP_PUBLIC_URL=$(RUN_PUBLIC_URL) $(BIN)/intercoop demo
	@INTERCOOP_PUBLIC_URL=$(RUN_PUBLIC_URL) INTERCOOP_COOP_SHARE_ISSUER=$(RUN_COOP_SHARE_ISSUER) \
		$(BIN)/intercoop serve --host $(HOST) --port $(PORT)

# One pytest-xdist worker per core; a worker takes whole test files (their module fixtures are
# built once), in the order of the collection: files with browser tests first, the longest
# (intercoop/conftest.py). xdist would otherwise hand out the files with the most tests first,
# leaving the single-test browser journeys of minutes each to the end, on one worker while the
# other waits. TEST_WORKERS=0 runs everything in one process.
TEST_WORKERS ?= auto

test: install-dev ## Install test dependencies and run the whole test suite
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder --durations=10 $(PYTEST_ARGS)

test-fast: ## Run the suite without reinstalling and without the browser tests
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder -m "not browser" \
		$(PYTEST_ARGS)

lint: ## ruff check, format check and the import contracts (pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: ## Reformat the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: ## mypy with django-stubs
	$(BIN)/mypy intercoop tools/intercoop_tools

snapshot: ## Rewrite the OpenAPI snapshot after an intended API change
	$(BIN)/intercoop openapi --write

migrations-check: ## Fail if a model change has no migration
	$(BIN)/intercoop makemigrations --check --dry-run

deploy-check: ## `check --deploy` with production-like settings
	INTERCOOP_PUBLIC_URL=https://coops.example.org \
	INTERCOOP_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))') \
	INTERCOOP_DATA_DIR=$$(mktemp -d) \
	$(BIN)/intercoop check --deploy --fail-level WARNING

messages: ## Re-extract the translatable strings into the .po files (needs GNU gettext)
	cd intercoop && ../$(BIN)/intercoop makemessages -l fr -l es --no-obsolete --no-location \
		--ignore 'testing/*' --ignore 'tests/*' --ignore '*/tests/*'

catalogues: ## Compile the .po files to .mo with Babel (no gettext needed)
	$(BIN)/intercoop compilecatalogs

# bench/_*.py are modules the benchmarks import, not benchmarks.
bench: install-dev ## Run every benchmark in bench/ (by hand; figures go to docs/benchmarks.md)
	@set -e; shopt -s nullglob; scripts=(bench/[!_]*.py); \
	if [ $${#scripts[@]} -eq 0 ]; then echo "bench/ holds no benchmark yet."; fi; \
	for script in "$${scripts[@]}"; do echo "== $$script"; $(BIN)/python "$$script"; done

ci: ## What .ci/run does
	bash .ci/run

clean: ## Remove the virtual environments and local data
	rm -rf $(VENV) $(TOOLS) node_modules var
