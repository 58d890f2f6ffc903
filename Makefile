# The commands people type. README and CI use these same targets.
.PHONY: demo test setup setup-test lint bench

demo: setup          ## set up and run the live demo on the embedded defaults
	.venv/bin/straitwatch demo

test: setup-test     ## set up and run lint, type checks and the whole test suite
	scripts/test.sh

setup:
	scripts/setup.sh demo

setup-test:
	scripts/setup.sh test

lint: setup-test
	.venv/bin/ruff check src tests bench && .venv/bin/ruff format --check src tests bench && .venv/bin/mypy

bench: setup-test    ## run every benchmark (minutes); results go to bench/RESULTS.md by hand
	for b in bench/*.py; do .venv/bin/python "$$b"; done
