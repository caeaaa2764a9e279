# Two commands: `make run` and `make test`. Both set everything up on a fresh Debian
# machine as root (system packages, .venv, database, keys), then run.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system-packages

.PHONY: run test test-sqlite test-postgresql bench lint setup clean

setup: $(SYSTEM_STAMP) $(STAMP)

$(SYSTEM_STAMP):
	scripts/install-system-packages
	@mkdir -p $(VENV) && touch $@

$(STAMP): pyproject.toml | $(SYSTEM_STAMP)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: setup
	$(BIN)/kyc init --demo
	$(BIN)/kyc serve --bind 127.0.0.1:8000

test: setup
	@echo "==== static checks: ruff, import layering ===="
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	@echo "==== test suite on SQLite (embedded default) ===="
	$(BIN)/python -m pytest --db=sqlite
	@echo "==== database tests on PostgreSQL (temporary server) ===="
	$(BIN)/python -m pytest --db=postgresql -m database

bench: setup
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/foundation.py
	$(BIN)/python bench/documents.py
	$(BIN)/python bench/aml_rules_accuracy.py
	$(BIN)/python bench/aml_intake.py
	$(BIN)/python bench/screening_speed.py
	$(BIN)/python -m bench.screening_service
	$(BIN)/python bench/case_queues.py
	$(BIN)/python bench/audit_export.py --entries 1000000
	$(BIN)/python -m bench.quality_speed --runs 15
	$(BIN)/python -m bench.quality_accuracy --per-case 50
	$(BIN)/python -m bench.mrz_accuracy --count 120
	$(BIN)/python bench/ocr_accuracy.py --start 5000

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
