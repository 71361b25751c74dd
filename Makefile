# The two commands of the README's quick start:
#   make site   set up (virtualenv, dependencies) and build the site from content/ into site/
#   make test   set up, then run the whole test suite (unit, golden, CLI, feeds, browser)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: site test serve setup browser clean

site: setup
	$(BIN)/paperdigest build

test: setup browser
	$(BIN)/python -m pytest

serve: setup
	$(BIN)/paperdigest serve

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Browser tests drive Debian's chromium through Playwright; no browser download.
browser:
	@scripts/ensure-chromium

clean:
	rm -rf build site $(VENV)
