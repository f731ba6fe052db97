"""Ship the katas and the built web UI inside the wheel (package data of `katagrad`).

Everything else is declared in pyproject.toml; this file only copies two data folders into
the build: katas/ -> katagrad/_shipped/katas and web/dist/ -> katagrad/_shipped/web, where
katagrad/settings.py looks for them when katagrad runs outside a checkout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED = {"katas": HERE / "katas", "web": HERE / "web" / "dist"}
JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout's own folders
            return
        for name, source in SHIPPED.items():
            target = Path(self.build_lib) / "katagrad" / "_shipped" / name
            shutil.rmtree(target, ignore_errors=True)
            if not source.is_dir():
                print(f"setup.py: {source} is missing; the wheel ships without it")
                continue
            shutil.copytree(source, target, ignore=JUNK)


setup(cmdclass={"build_py": BuildWithData})
