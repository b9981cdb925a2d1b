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

# A stopped check (3) or a given emergency message (4) is a normal end here, not
# make's "Error 3"; scripts that need the code run .venv/bin/twitchcheck itself.
run: setup-run
	@$(VENV)/bin/twitchcheck $(ARGS); status=$$?; case $$status in 0|3|4) ;; *) exit $$status ;; esac

test: setup-test
	@VENV=$(VENV) bash scripts/test.sh $(PYTEST_ARGS)

bench: setup-test
	$(VENV)/bin/python -m benchmarks
