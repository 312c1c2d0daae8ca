# `make plan` and `make test` set up the virtualenv on first use, then run.
VENV ?= venv
PY := $(VENV)/bin/python
STACK ?= dev
FORMAT ?= text

.PHONY: plan test bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

plan: $(VENV)/.installed
	$(PY) -m plan $(STACK) --format $(FORMAT)

test: $(VENV)/.installed
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache
