"""Generate web/src/api-types.ts from the service's OpenAPI document (openapi-typescript).

    .venv/bin/python -m scripts.api_types           # rewrite the checked-in file
    .venv/bin/python -m scripts.api_types --check   # exit 1 when it is stale
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from api.main import create_app
from katagrad.settings import ROOT, load_settings

WEB = ROOT / "web"
TYPES = WEB / "src" / "api-types.ts"
GENERATOR = WEB / "node_modules" / ".bin" / "openapi-typescript"


def render() -> str:
    """The TypeScript that the current schema generates (needs web/node_modules)."""
    with tempfile.TemporaryDirectory() as tmp:
        schema = create_app(load_settings(data_dir=Path(tmp))).openapi()
        (Path(tmp) / "openapi.json").write_text(json.dumps(schema, indent=2))
        subprocess.run([str(GENERATOR), "openapi.json", "-o", "api-types.ts"], cwd=tmp,
                       check=True, capture_output=True, timeout=300)
        return (Path(tmp) / "api-types.ts").read_text()


if __name__ == "__main__":
    new = render()
    if "--check" in sys.argv:
        sys.exit(0 if new == TYPES.read_text() else 1)
    TYPES.write_text(new)
