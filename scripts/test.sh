#!/usr/bin/env bash
# Install everything, then run the whole test suite (what CI runs). Extra args go to pytest.
# The persistence tests run against SQLite and a throwaway PostgreSQL cluster started here.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
mkdir -p artifacts
source scripts/postgres.sh
start_test_postgres
.venv/bin/python -m pytest "$@"
