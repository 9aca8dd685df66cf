# Two commands for a fresh machine: `make run` (the app) and `make test` (the suite).
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
HOST ?= 127.0.0.1
PORT ?= 8000
export DEBUG ?= True

.PHONY: run test bench lint install system-deps

install:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --quiet uv
	$(UV) sync --locked

# Links in emails (the welcome, reminders) point at the address `make run` serves.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install
	$(UV) run python manage.py migrate --noinput
	$(UV) run python manage.py refresh_road
	$(UV) run python manage.py seed_demo
	@echo "Serving http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(UV) run python manage.py runserver $(HOST):$(PORT)

system-deps:
	@bash scripts/system-deps.sh

test: install system-deps
	$(UV) run pytest

lint: install
	$(UV) run ruff check .
	$(UV) run python manage.py check
	$(UV) run python manage.py makemigrations --check --dry-run

bench:
	@$(MAKE) -s install system-deps >&2
	@$(UV) run python -m benchmarks
