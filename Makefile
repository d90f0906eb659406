# cnm: two commands do all the set-up on a fresh machine.
#   make demo   runs the whole pipeline on the bundled demo mines
#   make test   runs the linters and the tests
# The virtualenv lives in .venv; afterwards the CLI is .venv/bin/cnm.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= demo-output

.PHONY: demo test bench lint system clean

$(STAMP): pyproject.toml | system
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# System packages the project needs (LibreOffice, fonts, Chromium...): installed by the
# project's own script, only when missing.
system:
	PYTHON=$(PYTHON) bash scripts/install-system-deps.sh

demo: $(STAMP) system
	$(BIN)/cnm demo --out $(OUT)

test: $(STAMP) system
	$(BIN)/ruff check .
	$(BIN)/pytest -q

bench: $(STAMP) system
	$(BIN)/python -m benchmarks

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) $(OUT) build .pytest_cache .ruff_cache
