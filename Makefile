# SiteOps — the two commands: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.12 || command -v python3.13 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
SITEOPS := $(VENV)/bin/siteops

.PHONY: demo fonts test test-pg test-e2e install lint bench loadtest soak messages lock clean

$(VENV)/.installed: requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "Python >= 3.12 is required (found %s)" % sys.version.split()[0]'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $@

install: $(VENV)/.installed

## Set everything up and serve the shop + back office + worker + scheduler on 127.0.0.1:$${PORT:-8000}
demo: export SITEOPS_DEMO = 1
demo: install fonts
	$(SITEOPS) migrate --noinput
	$(SITEOPS) load-org
	$(SITEOPS) load-demo
	$(SITEOPS) collectstatic --noinput -v 0
	$(SITEOPS) run-all

## The demo's pictures carry Chinese text: install fonts-noto-cjk when missing (as root or with
## sudo, like .ci/run); without it the demo still loads, its pictures without their Chinese words.
fonts:
	@if ! ls /usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc >/dev/null 2>&1 \
	    && command -v apt-get >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO="-"; fi; \
	  if [ "$$SUDO" = "-" ]; then \
	    echo "demo: fonts-noto-cjk is missing and there is no root/sudo: pictures without Chinese text"; \
	  else \
	    echo "demo: installing fonts-noto-cjk (Chinese text on the demo's pictures)"; \
	    ( DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 \
	      || ( $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 ) ) \
	      || echo "demo: could not install fonts-noto-cjk: pictures without Chinese text"; \
	  fi; \
	fi

## The whole suite on SQLite (browser tests run when Chromium is installed; see `make test-e2e`)
test: install
	$(VENV)/bin/pytest -n 2 -m "not e2e" -q
	$(VENV)/bin/pytest -m e2e -q

## The same suite on PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/siteops make test-pg
test-pg: install
	$(VENV)/bin/pytest -n 2 -m "not e2e" -q
	$(VENV)/bin/pytest -m e2e -q

## Browser tests in Chromium; screenshots go to test-artifacts/
test-e2e: install
	SITEOPS_REQUIRE_BROWSER=1 $(VENV)/bin/pytest -m e2e -q

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings_test $(SITEOPS) makemigrations --check --dry-run

## Benchmarks (bench/README.md): BENCH_ARGS="--quick" | "--only catalog.* --scale 0.1" | "--write-docs"
bench: install
	@command -v wrk >/dev/null || echo "bench: wrk not installed (apt-get install wrk); using the Python load generator"
	$(PY) -m bench $(BENCH_ARGS)

## Load test over the shop/back-office/API mix (loadtest/README.md): LOADTEST_ARGS="--users 32 --seconds 120"
loadtest: install
	$(PY) -m loadtest run $(LOADTEST_ARGS)

## Soak at half the measured maximum: errors (must be 0), server RSS growth, p95 drift
SOAK_MINUTES ?= 10
soak: install
	$(PY) -m loadtest soak --minutes $(SOAK_MINUTES) $(SOAK_ARGS)

## Re-extract and compile translations of every app (needs GNU gettext)
messages: install
	$(PY) scripts/messages.py

lock:
	$(PY) -m pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf $(VENV) var staticfiles test-artifacts
