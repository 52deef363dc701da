# Scout: `make demo` and `make test` are the whole quick start.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
DEMO_CREATORS ?= 1000
DEMO_PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install demo test test-fast browser-deps opensearch-up opensearch-down schemas lint clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip wheel setuptools
	$(PY) -m pip install -q -e '.[test,eval]'
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## Generate sample data, index it, serve the API (and page) on 127.0.0.1:$(DEMO_PORT).
demo: install
	$(VENV)/bin/scout sample-data --creators $(DEMO_CREATORS) --seed 42 --out data/sample
	$(VENV)/bin/scout index data/sample/creators.jsonl --data-dir data/index
	$(VENV)/bin/scout keys create --tenant demo --scope write --name demo --replace --data-dir data/index --url http://127.0.0.1:$(DEMO_PORT)/
	$(VENV)/bin/scout serve --data-dir data/index --host 127.0.0.1 --port $(DEMO_PORT)

## Everything: installs, starts OpenSearch, runs the whole suite.
test: install browser-deps opensearch-up
	$(PY) -m pytest

## Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser-deps:
	@{ command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto Color Emoji"; } || { \
	  echo "installing Debian chromium (and the emoji font for screenshots) for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
	    fonts-noto-color-emoji >/dev/null; }
	@chromium --version 2>/dev/null

## The quick loop: no model-heavy or server tests.
test-fast: install
	$(PY) -m pytest -m "not slow and not opensearch and not browser"

opensearch-up:
	bash scripts/opensearch.sh up

opensearch-down:
	bash scripts/opensearch.sh down

schemas: install
	$(VENV)/bin/scout schemas --out schemas/json

clean:
	rm -rf data/index data/sample .pytest_cache
