# LINKS publishing system. Quick start: `make site` and `make test` (see README.md).
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin
export NO_MKDOCS_2_WARNING = 1

.PHONY: site serve check test bench system-deps clean help

help:
	@echo "make site    build site/ in every language (installs what it needs)"
	@echo "make serve   live preview on http://127.0.0.1:8000/ (rebuilds on every edit)"
	@echo "make check   check every source and list every problem"
	@echo "make test    install the test tools and run the whole test suite"
	@echo "make bench   print build speed figures (synthetic 5 x 60 pages project)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install -q -e ".[test,bench]"
	@touch $@

site: $(VENV)/.installed
	$(BIN)/links build

serve: $(VENV)/.installed
	$(BIN)/links serve

check: $(VENV)/.installed
	$(BIN)/links check

system-deps:
	@bash .ci/system-deps.sh

test: system-deps $(VENV)/.installed-test
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest

bench: system-deps $(VENV)/.installed-test
	$(BIN)/python -m build_scripts.bench

clean:
	rm -rf site .site-staging-* .site-old-* bench-out
