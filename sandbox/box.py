"""A box is a private host folder: lay it out before a run, read it back safely after.

The trusted side never follows a link or trusts a path the box produced: outputs are opened
with O_NOFOLLOW relative to a directory fd, must be regular files under a size cap, and the
box is deleted afterwards (rmtree does not follow symlinks).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

HARNESS_DIR = Path(__file__).parent / "harness"
OUTPUT_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}\.(json|npz)$")
MAX_OUTPUT_FILES = 4096


def make_box(files: Mapping[str, bytes], owner_uid: int | None) -> Path:
    """Create a private folder holding `files` and an empty out/ writable by `owner_uid`."""
    box = Path(tempfile.mkdtemp(prefix="katagrad-box-"))
    for rel, data in files.items():
        target = box / rel
        if ".." in Path(rel).parts or Path(rel).is_absolute():
            raise ValueError(f"box path escapes the box: {rel}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for sub in ("lib", "code", "in", "out", "etc"):
        (box / sub).mkdir(exist_ok=True)
    if owner_uid is not None:  # readable by the sandbox uid, writable only in out/
        for path in (box, *box.rglob("*")):
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        os.chown(box / "out", owner_uid, owner_uid)
        os.chmod(box / "out", 0o700)
    return box


def harness_files() -> dict[str, bytes]:
    """The runner and the wire format, as they enter every box."""
    return {f"lib/{name}": (HARNESS_DIR / name).read_bytes() for name in ("runner.py", "wire.py")}


def collect_outputs(out_dir: Path, limits_total: int) -> tuple[dict[str, bytes], list[str]]:
    """Read the regular files the box wrote to out/, never following links; notes on the rest."""
    outputs: dict[str, bytes] = {}
    notes: list[str] = []
    try:
        dfd = os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as exc:
        return outputs, [f"output folder unreadable: {exc.strerror}"]
    total = 0
    try:
        with os.scandir(dfd) as entries:
            for i, entry in enumerate(entries):
                if i >= MAX_OUTPUT_FILES:
                    notes.append(f"more than {MAX_OUTPUT_FILES} entries in the output folder")
                    break
                name = entry.name
                if not OUTPUT_NAME.match(name):
                    continue
                try:
                    fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dfd)
                except OSError:
                    notes.append(f"ignored {name}: not a plain file")
                    continue
                with os.fdopen(fd, "rb") as f:
                    st = os.fstat(f.fileno())
                    if not stat.S_ISREG(st.st_mode):
                        notes.append(f"ignored {name}: not a regular file")
                        continue
                    if total + st.st_size > limits_total:
                        notes.append(f"ignored {name}: results exceed {limits_total} bytes")
                        continue
                    data = f.read(limits_total - total + 1)
                    if total + len(data) > limits_total:
                        notes.append(f"ignored {name}: results exceed {limits_total} bytes")
                        continue
                    total += len(data)
                    outputs[name] = data
    finally:
        os.close(dfd)
    return outputs, notes


def remove_box(box: Path) -> None:
    shutil.rmtree(box, ignore_errors=True)
