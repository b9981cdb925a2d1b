# Two commands do all set-up on a fresh machine:
#   make run    start the spoken check (typed check when there is no microphone)
#   make test   run every test, end-to-end audio tests included
VENV ?= .venv
ARGS ?=

.PHONY: run test bench setup-run setup-test

setup-run:
	@bash scripts/setup.sh run

setup-test:
	@bash scripts/setup.sh test

run: setup-run
	@$(VENV)/bin/twitchcheck $(ARGS)

test: setup-test
	@VENV=$(VENV) bash scripts/test.sh $(PYTEST_ARGS)

bench: setup-test
	$(VENV)/bin/python -m benchmarks
