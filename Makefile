# `make plan`, `make test` and `make bench` set up the virtualenv on first use, then run. The setup writes to stderr,
# so stdout carries only the plan: `make plan FORMAT=json > plan.json` is JSON, on the first run too.
# `make plan CONFIG="ecr-access:accountId=123456789012"`: values for secrets the offline plan needs (each KEY=VALUE
# becomes a --config; see README.md, "Secrets and the offline plan"); STACK_FILE=path plans another stack file.
VENV ?= venv
PY := $(VENV)/bin/python
STACK ?= dev
FORMAT ?= text
CONFIG ?=
STACK_FILE ?=
SIZES ?= 10,100,1000

.PHONY: plan test bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@echo "Setting up $(VENV) (first run only)..." >&2
	@python3 -m venv $(VENV) >&2
	@$(PY) -m pip install -q --upgrade pip >&2
	@$(PY) -m pip install -q -r requirements-dev.txt >&2
	@touch $@

# A reader that stops early (`make plan | head`) ends the plan with status 141 (SIGPIPE): not an error.
plan: $(VENV)/.installed
	@$(PY) -m plan $(STACK) --format $(FORMAT) $(if $(STACK_FILE),--stack-file '$(STACK_FILE)') \
		$(foreach pair,$(CONFIG),--config '$(pair)') || [ $$? -eq 141 ]

test: $(VENV)/.installed
	$(PY) -m pytest -q

# `make bench SIZES=10,100,1000`: render time, memory and policy fill vs a plain pulumi_aws baseline (see
# README.md, "Benchmark"). The 1,000 size takes about a minute on 2 cores.
bench: $(VENV)/.installed
	$(PY) -m bench --sizes $(SIZES)

clean:
	rm -rf $(VENV) .pytest_cache
