# The two commands a newcomer needs: `make serve` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
STAGE ?= dev
# Where builds go (site, bundle, the development site of `make serve`) and where `make package`
# stages and runs Serverless (its .serverless/ lands there). Plain assignments, so only the command
# line overrides them (`make package BUILD_DIR=/tmp/x PACKAGE_DIR=/tmp/y`): the tests give each run
# its own folders, so no two share an output tree. PACKAGE_REUSE=<dir>: copy that dir's package
# when it was built from identical inputs (the tests reuse the one `make test` just made).
BUILD_DIR = build
PACKAGE_DIR = .
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# The stamp names the dependency files' hash, so a change to either reinstalls and nothing else does.
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha256sum | cut -c1-12)
# The first Python >= 3.11 on the PATH (pyenv shims for absent versions fail the check and are skipped).
PYTHON ?= $(shell for p in python3.12 python3.13 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo $$p && break; done)
export PYTHONPATH := $(CURDIR):$(CURDIR)/site
export PYTHONDONTWRITEBYTECODE :=

.PHONY: help serve test build venv chromium lighthouse lint typecheck contracts pytest screenshots bench-coldstart bench-score bench-insights build-server build-server-stop itemstats itemstats-export itemstats-example clean admin

help:
	@echo "make serve   build the site and run the whole portal locally on http://127.0.0.1:$(PORT)/"
	@echo "make test    lint, type-check, check import contracts and run every test tier"
	@echo "make package                  serverless package, offline, into .serverless/ (part of make test)"
	@echo "make deploy STAGE=<name>      build, deploy, sync the site, invalidate CloudFront (DRY_RUN=1 to preview)"
	@echo "make calibrate TASK=<lesson.md> GOLDEN=<jsonl> [ADVERSARIAL=<jsonl>] [JUDGE=offline|openai] [JSON=1]"

$(STAMP):
	@test -n "$(PYTHON)" || { echo "Python 3.11+ is needed (python3.11 or newer on the PATH)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) >&2
	@# flock: worktrees that share one venv must not run pip at the same time. Output goes to stderr
	@# so that a target printing data (make itemstats JSON=1) stays parseable on a first run.
	@echo "Installing the pinned dependencies into $(VENV) ..." >&2
	@$(if $(shell command -v flock),flock $(VENV)/.pip.lock) $(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]' >&2
	@touch $@

venv: $(STAMP)

build: $(STAMP)
	$(PY) -m sitegen build --content content --out $(BUILD_DIR)/site

# Keeps the generator loaded: later `make build` runs hand it their work (site/sitegen/buildserver.py).
build-server: $(STAMP)
	$(PY) -m sitegen serve-builds --cache $(BUILD_DIR)/cache

build-server-stop: $(STAMP)
	$(PY) -m sitegen serve-builds --stop --cache $(BUILD_DIR)/cache

# The watcher keeps its own generator loaded: no resident builder for serve's first build.
serve: export SITEGEN_BUILDER = off
serve: build
	$(PY) -m devstack serve --port $(PORT) --watch --dev-dir $(BUILD_DIR)/dev

# A staff user (Cognito group `admin`) in the stack `make serve` is running; PASSWORD is asked for if omitted.
admin: $(STAMP)
	@test -n "$(EMAIL)" || { echo "usage: make admin EMAIL=you@example.com [PASSWORD=...]"; exit 2; }
	$(PY) -m devstack admin --email "$(EMAIL)" $(if $(PASSWORD),--password "$(PASSWORD)",) --state $(BUILD_DIR)/dev/devstack.json

chromium:
	@bash scripts/ensure-chromium.sh $(PY)

lighthouse:
	@bash scripts/ensure-lighthouse.sh

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports --no-cache

pytest: $(STAMP) chromium lighthouse
	$(BIN)/pytest -n 2 --dist loadgroup

# Its builds (make package's) leave no resident builder behind, even when run from a terminal.
test: export SITEGEN_BUILDER = off
test: lint typecheck contracts package pytest

.PHONY: package deploy deploy-site node_modules

# The Serverless Framework v3 and its Python requirements plugin, exactly as package-lock.json pins them.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

node_modules: node_modules/.package-lock.json

# Packaging reuses .serverless/ when its inputs are unchanged (deploy/package.py keeps their hash).
package: build node_modules/.package-lock.json
	$(PY) -m deploy.package --stage $(STAGE) --bundle $(BUILD_DIR)/bundle/bundle.json --service-dir $(PACKAGE_DIR) \
		$(if $(PACKAGE_REUSE),--reuse-from $(PACKAGE_REUSE))

DEPLOY_DIRS = --build-dir $(BUILD_DIR) --service-dir $(PACKAGE_DIR)

deploy: $(STAMP) node_modules/.package-lock.json
	$(PY) -m deploy.deploy --stage $(STAGE) $(DEPLOY_DIRS) $(if $(filter-out 0,$(DRY_RUN)),--dry-run)

# The site alone (content changes, scheduled articles): build, sync, invalidate; the stack is left as it is.
deploy-site: $(STAMP)
	$(PY) -m deploy.deploy --stage $(STAGE) $(DEPLOY_DIRS) --site-only $(if $(filter-out 0,$(DRY_RUN)),--dry-run)

screenshots: build chromium
	$(PY) scripts/screenshots.py

# A judge against labelled briefs: make calibrate TASK=content/gym/<id>.md GOLDEN=<jsonl> [ADVERSARIAL=<jsonl>]
# [JUDGE=offline|openai] [JSON=1]
.PHONY: calibrate
calibrate: $(STAMP)
	@test -n "$(TASK)" -a -n "$(GOLDEN)" || { echo "usage: make calibrate TASK=<lesson.md> GOLDEN=<jsonl> [ADVERSARIAL=<jsonl>] [JUDGE=offline|openai] [JSON=1]"; exit 2; }
	@$(PY) scripts/calibrate.py --task "$(TASK)" --golden "$(GOLDEN)" $(if $(ADVERSARIAL),--adversarial "$(ADVERSARIAL)") --judge $(or $(JUDGE),offline) $(if $(JSON),--json)

bench-coldstart: $(STAMP)
	$(PY) bench/coldstart.py

bench-score: $(STAMP)
	$(PY) bench/score_calls.py

bench-insights: $(STAMP)
	$(PY) bench/insights_bench.py $(ARGS)

clean:
	rm -rf build .serverless .mypy_cache .ruff_cache .pytest_cache

# Item statistics for the assessment team (issue 4). FROM=<export.jsonl> reads a file, otherwise
# DynamoDB (TABLE_NAME and AWS credentials); JSON=1 prints one JSON object instead of writing
# build/itemstats/. The site is built first, quietly, so dimensions come from the current bank.
itemstats: $(STAMP)
	@$(PY) -m sitegen build --content content --out $(BUILD_DIR)/site >/dev/null
	@$(PY) -m analytics.itemstats report --bundle $(BUILD_DIR)/bundle/bundle.json $(if $(FROM),--from $(FROM)) $(if $(JSON),--json) $(if $(VERSION),--version $(VERSION)) --out $(or $(OUT),$(BUILD_DIR)/itemstats)

itemstats-export: $(STAMP)
	@test -n "$(VERSION)" -a -n "$(OUT)" || { echo "usage: make itemstats-export VERSION=<bank version> OUT=<file.jsonl>"; exit 2; }
	@$(PY) -m analytics.itemstats export --version $(VERSION) --out $(OUT)

itemstats-example: build
	$(PY) -m analytics.itemstats simulate --attempts 120 --out analytics/example-attempts.jsonl
