#!/usr/bin/env bash
# Install everything katagrad needs on a fresh Debian 12 machine: system packages, a venv
# with the pinned torch CPU wheel, the project and its dev tools. Idempotent and quick when
# nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t wanted < <(grep -Ev '^\s*(#|$)' scripts/apt-packages.txt)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install.sh: missing Debian packages: ${missing[*]} (run as root, or apt-get install them)" >&2
    exit 1
  fi
  echo "install.sh: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
"$PY" -c 'import sys; assert sys.version_info[:2] == (3, 11), sys.version' \
  || { echo "install.sh: katagrad needs Python 3.11" >&2; exit 1; }
[[ -x .venv/bin/python ]] || "$PY" -m venv .venv

stamp=$(cat pyproject.toml scripts/apt-packages.txt | sha256sum | cut -c1-16)
if [[ "$(cat .venv/.katagrad-stamp 2>/dev/null)" != "$stamp" ]]; then
  echo "install.sh: installing Python packages into .venv"
  # torch first and pinned: this exact version resolves to the local CPU wheel.
  .venv/bin/pip install -q --disable-pip-version-check torch==2.13.0
  .venv/bin/pip install -q --disable-pip-version-check -e '.[dev]'
  echo "$stamp" > .venv/.katagrad-stamp
fi

# the browser UI (web/ -> web/dist): npm ci and a Vite build, skipped when dist is fresh
if command -v npm >/dev/null; then
  bash scripts/build-web.sh
else
  echo "install.sh: npm not found (Node 20.19+); the API runs, the web UI is not built (docs/ui.md)" >&2
fi
