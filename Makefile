# LINKS publishing system. Quick start: `make site` and `make test` (see README.md).
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin
export NO_MKDOCS_2_WARNING = 1

.PHONY: site serve check status test bench contact-sheets budget reference golden system-deps js-deps lock lock-upgrade lock-check clean help

help:
	@echo "make site    build site/ in every language (installs what it needs)"
	@echo "make serve   live preview on http://127.0.0.1:8000/ (rebuilds on every edit)"
	@echo "make check   check every source and list every problem"
	@echo "make status  which translations are missing or outdated"
	@echo "make test    install the test tools and run the whole test suite"
	@echo "make bench   print build speed figures (synthetic 5 x 60 pages project)"
	@echo "make contact-sheets  one PNG per PDF of site/ with every page, in .links-cache/contact-sheets/"
	@echo "make budget  print what a reader downloads: first visit, search index, Lighthouse, PDF sizes"
	@echo "make reference  rewrite the field reference of EDITING.md from the code"
	@echo "make golden  regenerate the golden site plan of the tiny test project (tests/golden/)"
	@echo "make lock    write requirements.lock and requirements-test.lock again after editing pyproject.toml"
	@echo "             (make lock-upgrade: newest versions of everything; make lock-check: do they match?)"
	@echo "The links command itself: .venv/bin/links --help"

# Installs come from the lock files only, with hashes required: the same packages, byte for byte, on
# every machine and next year. The project itself is then installed editable without dependencies,
# built by the locked setuptools (no build isolation, so nothing unlocked is fetched for it).
SITE_LOCK = requirements.lock
TEST_LOCK = requirements-test.lock
PIP       = $(BIN)/python -m pip
LOCKED    = $(PIP) install -q --require-hashes
SELF      = $(PIP) install -q --no-deps --no-build-isolation -e .
# The tool that writes the locks (`make lock`); its version only shapes the lock files' layout.
UV_VERSION = 0.13.9

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Fails when pyproject.toml's dependencies changed since the locks were written.
lock-check:
	@$(PYTHON) .ci/lock.py check

$(VENV)/.installed: pyproject.toml $(SITE_LOCK) | $(BIN)/python
	@$(PYTHON) .ci/lock.py check
	@bash .ci/system-deps.sh site  # PyICU builds against the system's ICU
	$(LOCKED) -r $(SITE_LOCK)
	$(SELF)
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(TEST_LOCK) $(VENV)/.installed
	@$(PYTHON) .ci/lock.py check
	$(LOCKED) -r $(TEST_LOCK)
	@touch $@

$(BIN)/uv: | $(BIN)/python
	$(PIP) install -q "uv==$(UV_VERSION)"

# Keeps every pin pyproject.toml still allows (a new dependency changes only what it brings).
lock: $(BIN)/uv
	$(PYTHON) .ci/lock.py compile --uv $(BIN)/uv

# Takes the newest allowed version of every package: then run `make test` and look at the PDFs.
lock-upgrade: $(BIN)/uv
	$(PYTHON) .ci/lock.py compile --uv $(BIN)/uv --upgrade

site: $(VENV)/.installed
	@bash .ci/system-deps.sh site
	$(BIN)/links build

serve: $(VENV)/.installed
	$(BIN)/links serve

check: $(VENV)/.installed
	$(BIN)/links check

status: $(VENV)/.installed
	$(BIN)/links status

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
	$(BIN)/ruff check build_scripts tests
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

reference: $(VENV)/.installed
	$(BIN)/python -m build_scripts.content.reference --write EDITING.md

# The golden plan of the tiny test project (tests/golden/): regenerate, then read the diff before committing.
golden: $(VENV)/.installed-test
	REGENERATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_plan.py

bench: system-deps $(VENV)/.installed-test
	PYTHONPATH=tests $(BIN)/python -m perf.bench

# Look at every page of every PDF at once: build the site first (make site).
contact-sheets: $(VENV)/.installed
	PYTHONPATH=tests $(BIN)/python -m tools.contact_sheets site .links-cache/contact-sheets

budget: system-deps $(VENV)/.installed-test $(JS)/.links-budget
	PYTHONPATH=tests $(BIN)/python -m perf.budget

clean:
	rm -rf site .site-staging-* .site-old-* bench-out
