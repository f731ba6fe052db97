#!/usr/bin/env bash
# Install everything, then start katagrad on its embedded defaults: SQLite under data/, an
# in-process worker pool, the bwrap sandbox, http://127.0.0.1:8000 (docs/service.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/katagrad serve
