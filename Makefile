# Two entry points: `make run` and `make test`. Both set everything up on a fresh machine.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
INSTALL_STAMP := $(VENV)/.installed-$(shell sha256sum pyproject.toml | cut -c1-12)

.PHONY: setup system-deps train run test lint typecheck validate catalog clean

$(INSTALL_STAMP): pyproject.toml
	@test -x $(BIN)/python || { py=$$(scripts/find-python310.sh) && "$$py" -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@rm -f $(VENV)/.installed-* && touch $@

system-deps:
	@scripts/system-deps.sh

setup: system-deps $(INSTALL_STAMP)

train: setup
	$(BIN)/assistant train

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy assistant actions civic speech tests

validate: setup
	$(BIN)/rasa data validate --domain domain.yml --data nlu_data --config config.yml --fail-on-warnings

test: setup lint typecheck validate train
	$(BIN)/pytest -ra

run: setup train
	$(BIN)/assistant run

catalog: setup
	$(BIN)/assistant catalog build

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
