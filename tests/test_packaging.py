"""The wheel works outside a checkout: built, installed in a scratch venv, it finds its katas,
serves its UI and its API docs from the installation."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from katagrad.settings import ROOT

pytestmark = pytest.mark.slow
SKIP = shutil.ignore_patterns(".git", ".venv", "node_modules", "build", "dist", "data",
                              "artifacts", "*.egg-info", "__pycache__", "*.pyc", ".*_cache")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch venv holding only the wheel; this venv's packages (torch) come in by a .pth."""
    if not (ROOT / "web" / "dist" / "index.html").is_file():
        pytest.skip("web/dist is not built (scripts/build-web.sh)")
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "src"  # a clean copy: no stale build/ from an earlier build
    shutil.copytree(ROOT, source, ignore=SKIP)
    shutil.copytree(ROOT / "web" / "dist", source / "web" / "dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp / "wheels"), str(source)], check=True, timeout=600)
    wheel = next((tmp / "wheels").glob("katagrad-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
    assert "katagrad/_shipped/katas/attention-numpy/kata.toml" in names
    assert "katagrad/_shipped/web/index.html" in names
    assert not any(n.startswith(("katas/", "web/")) for n in names)

    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python3.*/site-packages"))
    # after the venv's own site-packages: the wheel's katagrad wins over this checkout's
    (site / "reuse-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                    "install", "-q", "--no-deps", "--ignore-installed", str(wheel)],
                   check=True, timeout=600)
    return venv


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KATAGRAD_")}
    return {**env, "HOME": str(tmp), "XDG_DATA_HOME": str(tmp / "xdg")}


def test_the_wheel_finds_its_katas(installed: Path, tmp_path: Path) -> None:
    out = subprocess.run([str(installed / "bin" / "katagrad"), "list"], cwd=tmp_path,
                         env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    ids = {line.split()[0] for line in out.stdout.splitlines()}
    assert ids == {p.name for p in (ROOT / "katas").iterdir() if (p / "kata.toml").is_file()}
    where = subprocess.run([str(installed / "bin" / "python"), "-c",
                            "import katagrad.settings as s; print(s.get_settings().katas_dir)"],
                           cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True)
    assert Path(where.stdout.strip()).is_relative_to(installed)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_wheel_serves_its_ui_and_docs(installed: Path, tmp_path: Path) -> None:
    port = _free_port()
    env = {**_env(tmp_path), "KATAGRAD_SANDBOX": "bwrap", "KATAGRAD_WORKERS": "1",
           "KATAGRAD_PORT": str(port)}
    server = subprocess.Popen([str(installed / "bin" / "katagrad"), "serve"],
                              cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/api/health", timeout=5) as r:
                    assert r.status == 200
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"katagrad serve did not start: {server.stdout}") from None
                time.sleep(0.5)
        with urllib.request.urlopen(base + "/", timeout=10) as r:
            page = r.read().decode()
        assert r.status == 200 and '<main id="main"' in page
        script = page.split('src="/assets/', 1)[1].split('"', 1)[0]
        with urllib.request.urlopen(f"{base}/assets/{script}", timeout=10) as r:
            assert r.status == 200 and r.read()
        for page, asset in (("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")):
            with urllib.request.urlopen(base + page, timeout=10) as r:
                assert f'src="/docs/assets/{asset}"' in r.read().decode()
            with urllib.request.urlopen(f"{base}/docs/assets/{asset}", timeout=10) as r:
                assert r.status == 200 and len(r.read()) > 100_000
        assert (tmp_path / "xdg" / "katagrad" / "katagrad.db").is_file()
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stdout:
            server.stdout.close()
