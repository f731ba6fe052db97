"""Mount order: whatever the box mounts for itself must not hide the runtime it runs on."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from graders.grade import Mode, grade
from sandbox.bwrap import BwrapSandbox
from sandbox.runtime import current_runtime
from sandbox.warm import WarmSandbox


@pytest.mark.parametrize("backend", [BwrapSandbox, WarmSandbox])
def test_a_runtime_under_tmp_stays_visible(backend, attention, small_settings,
                                           tmp_path: Path) -> None:
    """A checkout (and so its venv) under /tmp, as a CI clone may be, still runs."""
    assert str(tmp_path).startswith("/tmp/")
    for p in (tmp_path, *tmp_path.parents):
        if p == Path("/tmp"):
            break
        p.chmod(0o755)  # pytest makes them 0700; a real checkout is world-readable
    (tmp_path / "marker.txt").write_text("here")
    (tmp_path / "marker.txt").chmod(0o644)
    runtime = current_runtime()
    runtime = dataclasses.replace(runtime, roots=(*runtime.roots, tmp_path))
    box = backend(small_settings, runtime=runtime)
    code = (f"MARK = open({str(tmp_path / 'marker.txt')!r}).read()\n"
            "def softmax(x, axis=-1):\n"
            "    raise RuntimeError('marker=' + MARK)\n")
    report = grade(attention, code, sandbox=box, settings=small_settings, mode=Mode.RUN)
    if isinstance(box, WarmSandbox):
        box.close()
        assert box.fallbacks == 0, box.last_problem
    assert "marker=here" in report.tests[0].message, report.message or report.tests[0].message
