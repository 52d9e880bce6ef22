# LINKS publishing system. Quick start: `make site` and `make test` (see README.md).
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin
export NO_MKDOCS_2_WARNING = 1

.PHONY: site serve check test bench budget system-deps js-deps clean help

help:
	@echo "make site    build site/ in every language (installs what it needs)"
	@echo "make serve   live preview on http://127.0.0.1:8000/ (rebuilds on every edit)"
	@echo "make check   check every source and list every problem"
	@echo "make test    install the test tools and run the whole test suite"
	@echo "make bench   print build speed figures (synthetic 5 x 60 pages project)"
	@echo "make budget  print what a reader downloads: first visit, search index, Lighthouse, PDF sizes"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@bash .ci/system-deps.sh site  # PyICU builds against the system's ICU
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install -q -e ".[test,bench]"
	@touch $@

site: $(VENV)/.installed
	@bash .ci/system-deps.sh site
	$(BIN)/links build

serve: $(VENV)/.installed
	$(BIN)/links serve

check: $(VENV)/.installed
	$(BIN)/links check

system-deps:
	@bash .ci/system-deps.sh

# The checkers the browser tests inject or run, from npm (tests/js/package.json): axe-core and the W3C Nu checker.
# Lighthouse, a dev dependency, is installed only for `make budget`. Without npm the tests that need them skip,
# except under CI=true, where that is an error.
JS = tests/js/node_modules
$(JS)/.links-test: tests/js/package.json tests/js/package-lock.json
	@if command -v npm >/dev/null; then \
	  cd tests/js && npm ci --omit=dev --no-audit --no-fund --loglevel=error && touch node_modules/.links-test; \
	elif [ "$${CI:-}" = "true" ]; then echo "npm is missing: install Node.js 20 with npm" >&2; exit 1; \
	else echo "npm is missing: the axe-core and HTML validation tests will be skipped (install Node.js 20 with npm)"; fi

$(JS)/.links-budget: tests/js/package.json tests/js/package-lock.json
	cd tests/js && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.links-test node_modules/.links-budget

js-deps: $(JS)/.links-test

test: system-deps $(VENV)/.installed-test js-deps
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest

bench: system-deps $(VENV)/.installed-test
	PYTHONPATH=tests $(BIN)/python -m perf.bench

budget: system-deps $(VENV)/.installed-test $(JS)/.links-budget
	PYTHONPATH=tests $(BIN)/python -m perf.budget

clean:
	rm -rf site .site-staging-* .site-old-* bench-out
