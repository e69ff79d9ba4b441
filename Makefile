# Two entry points a fresh clone needs: `make demo` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test docs gold bench bench-check accuracy clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## The main job on the demo repository: the weekly coverage report in reports/ (open reports/index.html).
demo: $(STAMP)
	$(BIN)/tracer report sample_repo --out reports
	@cat reports/report.md

## The whole test suite.
test: $(STAMP)
	$(BIN)/python -m pytest -q

## Regenerate the committed report of sample_repo (reports/sample_repo/) after a deliberate change.
gold: $(STAMP)
	$(BIN)/python -m tests.gold

## Regenerate docs/rules.md from the rules' docstrings.
docs: $(STAMP)
	$(BIN)/tracer rules --format markdown > docs/rules.md

## Benchmarks: the full comparison (see benchmarks/README.md) and the regression ratio CI runs.
bench: $(STAMP)
	$(BIN)/python -m venv .venv-bench
	.venv-bench/bin/python -m pip install --quiet doorstop strictdoc
	$(BIN)/python benchmarks/run.py --sizes 100,1000 --repeat 3 --env .venv-bench

bench-check: $(STAMP)
	$(BIN)/python benchmarks/regression.py
	$(BIN)/python benchmarks/report_scale.py

## Accuracy on the labelled real repositories (clones them from GitHub into benchmarks/accuracy/.work/).
accuracy: $(STAMP)
	$(BIN)/python benchmarks/accuracy/run.py

clean:
	rm -rf $(VENV) .venv-bench .venv-floors .pytest_cache .hypothesis
