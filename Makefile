# caseqa: `make run` serves the web page, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 7860

.PHONY: install index run test lint bench clean

install: $(STAMP)

# The first install fills about 2 GB (torch's CPU build is the largest part): say so, and let
# pip show each package as it comes, rather than sit silent for minutes.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@echo "caseqa: setting up $(VENV) with the pinned packages (about 2 GB once unpacked) the first time:"
	@echo "caseqa: usually 5-15 minutes depending on the connection (later runs skip this step)."
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch is pinned to 2.13.0, the local CPU build; installing it first keeps pip from
	# resolving a multi-GB CUDA build for sentence-transformers.
	@echo "caseqa: [1/2] torch 2.13.0, CPU build: the largest part"
	$(BIN)/python -m pip install --progress-bar on torch==2.13.0
	@echo "caseqa: [2/2] sentence-transformers, faiss, gradio and the rest"
	$(BIN)/python -m pip install --progress-bar on -r requirements.txt -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)
	@echo "caseqa: installed."

index: install
	$(BIN)/caseqa index

run: install
	@echo "caseqa: indexing corpus/ (the first time about half a minute: the model loads and embeds every case)"
	$(BIN)/caseqa index
	$(BIN)/python app.py --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests bench app.py

bench: install
	$(BIN)/python bench/retrieval.py
	$(BIN)/python bench/latency.py
	$(BIN)/python bench/indexing.py
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/load.py

clean:
	rm -rf index .pytest_cache test-artifacts
