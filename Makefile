# Two commands a newcomer needs: `make demo` and `make test`. Both set up everything they
# need on a fresh Debian machine (virtualenv, Python packages, Debian packages, services),
# and are safe to run again.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export SPARK_LOCAL_IP ?= 127.0.0.1

.PHONY: demo test lint typecheck pytest install system-deps services clean help bench

help:
	@echo "make demo   build the demo workspace (demo-workspace/) and show what was built"
	@echo "make test   install what tests need, start services, run ruff, mypy and pytest"

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "needs $(PYTHON)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests need: a Java runtime for Spark in local mode, and Chromium for
# the browser tests (Playwright drives Debian's build; never `playwright install`).
system-deps:
	@command -v java >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; }
	@command -v chromium >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation; }
	@command -v pdftoppm >/dev/null && fc-list | grep -q DejaVuSans || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils fonts-dejavu-core \
		libpango-1.0-0 libpangoft2-1.0-0; }

# The real PostgreSQL server the store tests run against (trust auth on 127.0.0.1).
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
		command -v pg_ctlcluster >/dev/null && \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n1) main start && \
		for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; } \
		|| echo "PostgreSQL is not available: its tests will skip (or fail in CI)"

demo: install
	$(BIN)/journeymap demo --workspace demo-workspace

lint: install
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy src/journeymap

pytest: install system-deps services
	$(BIN)/pytest

test: lint typecheck pytest

clean:
	rm -rf $(VENV) demo-workspace demo-workspace.building .pytest_cache .mypy_cache .ruff_cache

# Side-by-side benchmark (bench/README.md): its own virtualenv, then every size and contender.
# BENCH_ARGS narrows it, e.g. make bench BENCH_ARGS="--sizes 100k --label 'smoke run'".
bench:
	bench/setup.sh
	bench/.venv/bin/python bench/run.py $(BENCH_ARGS)
