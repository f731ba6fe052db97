"""The trusted side's reading of a box: links, FIFOs, folders and oversized files are never
followed, opened blocking or read whole; and the capped tmpfs mounts hold and drop."""

from __future__ import annotations

import os
from pathlib import Path

from sandbox.box import (
    MAX_JSON_BYTES,
    collect_outputs,
    make_box,
    mount_tmpfs,
    remove_box,
    tmpfs_full,
)


def test_collect_reads_only_regular_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("host secret")
    (out / "c0_0.json").write_text('{"ok": true}')
    os.symlink(secret, out / "c1_0.json")
    os.mkfifo(out / "c2_0.json")  # opening it blocking would hang the grader
    (out / "c3_0.json").mkdir()
    (out / "not-a-result.txt").write_text("ignored")
    with open(out / "c4_0.json", "wb") as f:  # sparse, huge apparent size
        f.truncate(MAX_JSON_BYTES + 1)
    (out / "c5_0.arrays").write_bytes(b"x" * 2000)
    outputs, notes = collect_outputs(out, limits_total=1000)
    assert outputs == {"c0_0.json": b'{"ok": true}'}
    text = "\n".join(notes)
    for name in ("c1_0.json", "c2_0.json", "c3_0.json", "c4_0.json", "c5_0.arrays"):
        assert name in text


def test_collect_refuses_a_linked_output_folder(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "c0_0.json").write_text("{}")
    os.symlink(tmp_path / "real", tmp_path / "out")
    outputs, notes = collect_outputs(tmp_path / "out", 1000)
    assert outputs == {} and "unreadable" in notes[0]


def test_box_paths_cannot_escape() -> None:
    import pytest

    with pytest.raises(ValueError):
        make_box({"../escape": b"x"}, None)


def test_tmpfs_caps_bytes_and_files_and_is_dropped(tmp_path: Path) -> None:
    box = make_box({}, 65534)
    target = box / "tmp"
    target.mkdir()
    mount_tmpfs(target, 1024 * 1024, 64, os.getuid())
    try:
        assert not tmpfs_full(target)
        for i in range(200):
            try:
                (target / f"f{i}").touch()
            except OSError:
                break
        assert tmpfs_full(target)
    finally:
        remove_box(box, (target,))
    assert not box.exists()
    assert str(box) not in Path("/proc/self/mountinfo").read_text()
