# Two entry points: `make book` builds the HTML book, `make test` runs every test.
# Each creates (or reuses) the pinned virtual environment in .venv first.
SHELL := /bin/bash
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
ENV_STAMP := $(VENV)/.installed
NOTEBOOKS := $(wildcard notebooks/*.ipynb)

.PHONY: book test lint env notebooks html pdf lock clean bench manifest

env: $(ENV_STAMP)

$(ENV_STAMP): requirements.lock pyproject.toml
	@test -n "$(PY)" || { echo "Python 3.11 not found" >&2; exit 1; }
	$(PY) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 required, found " + sys.version'
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Validate the data, then re-execute (in place, outputs committed) each notebook whose inputs
# changed: its code, the package, the environment, the rows and files it reads (emcart.build.execute).
# EXECUTE=--all executes every notebook.
EXECUTE ?=
notebooks: $(ENV_STAMP)
	$(BIN)/python -m emcart.build.execute $(EXECUTE) $(NOTEBOOKS)

# Build the HTML from the notebooks' stored outputs; warnings are errors.
JB_FLAGS ?=
html: $(ENV_STAMP)
	$(BIN)/python -m emcart.build.execute --check $(NOTEBOOKS)
	$(BIN)/jupyter-book build . --warningiserror --keep-going $(JB_FLAGS)

book: notebooks
	$(MAKE) html

# The whole book as one PDF (_build/pdf/book.pdf): the single-page HTML build printed by Chromium.
pdf: $(ENV_STAMP)
	$(BIN)/jupyter-book build . --builder singlehtml
	$(BIN)/python -m emcart.build.pdf

# Lint and format check of the code and the notebooks' cells (also run by .pre-commit-config.yaml).
LINTED := src tests bench notebooks
lint: $(ENV_STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

# Each phase once, timed (scripts/phase.sh): lint; unit, data and mutation tests; every notebook executed
# once and compared with nbval; the book built from the stored outputs; its links checked; the built pages
# in one headless Chromium. The pytest phases spread over the CPUs (pytest-xdist; a notebook stays on one worker).
# The book (one process) is built while nbval runs: neither writes what the other reads. Its log is shown
# after nbval's, and either failing fails the test.
WORKERS ?= logical
PHASE := bash scripts/phase.sh
test: $(ENV_STAMP)
	bash scripts/ensure-chromium.sh
	$(PHASE) lint $(MAKE) --no-print-directory lint
	$(PHASE) unit $(BIN)/python -m pytest tests -m "not browser" -n $(WORKERS)
	mkdir -p _build
	$(PHASE) html $(MAKE) --no-print-directory html JB_FLAGS=--all > _build/html-phase.log 2>&1 & book=$$!; \
	  $(PHASE) nbval $(BIN)/python -m pytest --nbval notebooks --nbval-sanitize-with tests/nbval_sanitize.cfg \
	    -p no:cacheprovider -n $(WORKERS) --dist loadscope; nbval=$$?; \
	  wait $$book; html=$$?; cat _build/html-phase.log; test $$nbval -eq 0 -a $$html -eq 0
	$(PHASE) links $(BIN)/python -m emcart.build.links _build/html
	$(PHASE) browser $(BIN)/python -m pytest tests -m browser -n $(WORKERS) --dist loadgroup

# Pin the rows (keys, counts) and schemas of data/, and the size and SHA-256 of each source text, as they
# stand in data/manifest.json: after adding or removing rows on purpose. Validation reports any row
# deleted, added or duplicated since, and names a source text truncated or replaced since.
manifest: $(ENV_STAMP)
	$(BIN)/python -c 'from emcart.datapackage import manifest; print("wrote", manifest.update())'

lock: $(ENV_STAMP)
	( echo '# Full pinned dependency tree for Python 3.11 (pip). Regenerate with: make lock'; \
	  $(BIN)/pip freeze --exclude-editable | grep -v -E '^(pip|setuptools|wheel)==' ) > requirements.lock

# Timings and page sizes on this machine: bench/report.md and bench/report.json.
bench: $(ENV_STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf _build
