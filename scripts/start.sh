#!/usr/bin/env bash
# Install everything, then start katagrad on its embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/katagrad list
