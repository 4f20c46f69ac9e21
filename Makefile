# One target per habit. Every target creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ENGINE ?= mkdocs
ENGINES := mkdocs properdocs zensical
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site test lint bench clean screenshots golden capture

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,engines]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# make site ENGINE=mkdocs|properdocs|zensical: the same vault into site/ with any engine.
site: $(STAMP)
	$(if $(filter $(ENGINE),$(ENGINES)),,$(error ENGINE must be one of: $(ENGINES)))
ifeq ($(ENGINE),zensical)
	$(BIN)/kith generate --zensical --out build/zensical
	cd build/zensical && $(abspath $(BIN))/zensical build --strict --clean
	rm -rf site && cp -R build/zensical/site site
else
	$(BIN)/$(ENGINE) build --strict
endif

test: $(STAMP)
	$(BIN)/pytest -q

# Rewrite tests/golden/ from what Kith produces now; review the diff like code before committing.
golden: $(STAMP)
	KITH_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py

# `make bench QUICK=1` measures 200 and 2,000 contacts instead of 1,000 and 10,000.
bench: $(STAMP)
	$(BIN)/python bench/bench.py $(if $(QUICK),--quick)
	$(BIN)/python bench/relationships.py
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/capture_bench.py $(if $(QUICK),--quick)

# Capture every export found under exports/<source>/ (Help > Capture), then check the vault.
EXPORTS ?= exports
capture: $(STAMP)
	@for source in calendar mail whatsapp telegram calls; do \
	  if [ -n "$$(ls -A $(EXPORTS)/$$source 2>/dev/null)" ]; then \
	    echo "kith capture $$source $(EXPORTS)/$$source"; \
	    $(BIN)/kith capture $$source $(EXPORTS)/$$source || exit 1; \
	  fi; \
	done
	@if $(BIN)/python -c "import sys; from generator.settings import read_mkdocs_settings as r; sys.exit(0 if r(__import__('pathlib').Path('mkdocs.yml')).notes else 1)" 2>/dev/null; then \
	  echo "kith capture notes"; $(BIN)/kith capture notes || exit 1; \
	fi
	$(BIN)/kith check

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

screenshots: site
	$(BIN)/python tests/screenshots.py site screenshots

clean:
	rm -rf site .cache screenshots build bench/work
