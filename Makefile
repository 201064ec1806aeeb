# Olympus Core: `make run` starts the service on the embedded default, `make test` runs
# every test. Both install what they need first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.DEFAULT_GOAL := help
.PHONY: help setup dashboard dashboard-if-npm dev run test lint fmt check migrate openapi clients bench docker-build docker-run up down

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

setup: $(VENV)/.installed ## Create the virtualenv and install the service with its dev tools

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The owner's dashboard (TypeScript + Vite + Chart.js in dashboard/) is built into the package
# at src/olympus/static/dashboard, which the service serves at /dashboard. `run` and `dev`
# rebuild it when a source is newer than the build; without npm they start without it.
DASHBOARD_BUILD := src/olympus/static/dashboard/index.html
DASHBOARD_SOURCES := $(wildcard dashboard/src/*) dashboard/index.html dashboard/package.json \
	dashboard/vite.config.ts dashboard/tsconfig.json
DASHBOARD_DEPS := dashboard/node_modules/.package-lock.json

dashboard: $(DASHBOARD_BUILD) ## Build the dashboard (npm ci, tsc, vite) into the package

$(DASHBOARD_DEPS): dashboard/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to build the dashboard: apt-get install nodejs npm"; exit 1; }
	cd dashboard && npm ci --no-audit --no-fund
	touch $@

$(DASHBOARD_BUILD): $(DASHBOARD_DEPS) $(DASHBOARD_SOURCES)
	cd dashboard && npm run build

dashboard-if-npm:
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory dashboard; \
	else echo "npm not found: the dashboard at /dashboard is not built (apt-get install nodejs npm)"; fi

run: setup dashboard-if-npm ## Install and start the service (SQLite, in-process cache, mail to the log)
	$(BIN)/olympus serve

dev: setup dashboard-if-npm ## Start with auto-reload
	$(BIN)/olympus serve --reload

test: setup ## Install and run the whole test suite (SQLite, and PostgreSQL + Redis if reachable)
	$(BIN)/pytest

lint: setup ## ruff check, ruff format --check, mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/hadolint Dockerfile

fmt: setup ## Format and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: lint test ## Everything CI runs

migrate: setup ## Apply the database migrations to DATABASE_URL
	$(BIN)/olympus migrate

openapi: setup ## Print the OpenAPI schema
	@$(BIN)/olympus openapi

clients: setup ## Regenerate the typed clients in clients/ from the schema (needs node and npm)
	cd clients/typescript && npm ci --no-audit --no-fund
	$(BIN)/python clients/generate.py

bench: setup ## Run the benchmarks against PostgreSQL + Redis (see benchmarks/README.md)
	$(BIN)/python benchmarks/run.py

# The container image and the compose stack need a container daemon (Docker or Podman); where
# there is none, tests/deploy/test_wheel.py checks the part of the build that matters here.
IMAGE ?= olympus-core:latest
DOCKER ?= docker

docker-build: ## Build the container image (IMAGE=olympus-core:latest)
	$(DOCKER) build -t $(IMAGE) .

docker-run: ## Run the image on port 8000 with the settings of .env
	$(DOCKER) run --rm -it -p 8000:8000 $(if $(wildcard .env),--env-file .env,) $(IMAGE)

up: ## Start the compose stack: PostgreSQL, Redis, migrate, 2 API replicas behind nginx, relay
	OLYMPUS_IMAGE=$(IMAGE) $(DOCKER) compose up -d --build

down: ## Stop the compose stack (its data stays in the named volumes)
	$(DOCKER) compose down
