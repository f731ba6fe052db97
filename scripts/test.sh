#!/usr/bin/env bash
# Install everything, then run the whole test suite (what CI runs). Extra args go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
mkdir -p artifacts
exec .venv/bin/python -m pytest "$@"
