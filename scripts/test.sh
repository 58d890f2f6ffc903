#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# The test command: lint, type-check, then the whole suite on SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
echo "== ruff"; ruff check src tests bench; ruff format --check src tests bench
echo "== mypy (strict on src/)"; mypy
read -r pgdir pgurl < <(scripts/pg-test-cluster.sh)
trap 'scripts/pg-test-cluster.sh stop "$pgdir"' EXIT
export STRAITWATCH_TEST_PG_URL="$pgurl"
echo "== pytest (PostgreSQL at $pgurl)"
pytest -q -p no:cacheprovider "$@"
