# Two entry points a fresh clone needs: `make demo` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test check-sample docs bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## The main job on the demo repository: the drift report (exits 1 because sample_repo carries planted drift).
demo: $(STAMP)
	$(BIN)/tracer scan sample_repo
	-$(BIN)/tracer check sample_repo

## The whole test suite.
test: $(STAMP)
	$(BIN)/python -m pytest -q

## Regenerate docs/rules.md from the rules' docstrings.
docs: $(STAMP)
	$(BIN)/tracer rules --format markdown > docs/rules.md

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
