#!/usr/bin/env bash
# Install everything, then run the whole test suite (what CI runs). Extra args go to pytest.
# The persistence tests run against SQLite and a throwaway PostgreSQL cluster started here.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
mkdir -p artifacts
source scripts/postgres.sh
start_test_postgres
# Every kata is validated on K = 20 fresh hidden seeds per solution (references, alternatives
# and mutants: ~10,000 gradings, about 30 minutes of the suite on 2 cores), as `katagrad
# validate` does by default. Set KATAGRAD_VALIDATE_SEEDS lower for a quicker local run.
export KATAGRAD_VALIDATE_SEEDS=${KATAGRAD_VALIDATE_SEEDS:-20}
.venv/bin/python -m pytest "$@"
