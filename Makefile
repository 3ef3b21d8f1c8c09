# Two commands: `make run` and `make test`. Both create .venv and install the project first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test check bench bench-replicated bench-ack lock clean

# Every dependency, build tools included, comes pinned with its hashes from requirements.lock
# (pip refuses anything else: --require-hashes); the project itself is installed on top.
$(INSTALLED): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(INSTALLED)

## run: start the bot (Slack when .env has SLACK_BOT_TOKEN, else the local console)
run: $(INSTALLED)
	$(BIN)/relations start

## test: validate the fact base, lint, type-check and run every test
test: $(INSTALLED)
	$(BIN)/relations check --coverage
	$(BIN)/ruff check bot tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

check: $(INSTALLED)
	$(BIN)/relations check --coverage

bench: $(INSTALLED)
	$(BIN)/python benchmarks/run.py

## bench-replicated: the real fact base copied to 10,000 and 100,000 facts, its questions timed
bench-replicated: $(INSTALLED)
	$(BIN)/python benchmarks/replicated.py

## bench-ack: slash-command acknowledgement latency against a trivial Bolt app
bench-ack: $(INSTALLED)
	$(BIN)/python benchmarks/ack.py

## lock: re-pin every dependency with hashes after changing pyproject.toml
## (requirements.lock: everything, for make and CI; requirements-deploy.lock: run time, for Docker)
PIN := $(BIN)/pip-compile --quiet --all-build-deps --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links
lock: $(INSTALLED)
	$(PIN) --extra dev --output-file requirements.lock pyproject.toml
	$(PIN) --output-file requirements-deploy.lock pyproject.toml

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
