"""The box's runner writes each result atomically, even when a submission's forked children
run the same code and write the same results at the same moment."""

from __future__ import annotations

import os

from sandbox.harness import runner


def test_processes_writing_one_result_never_take_each_others_file(tmp_path, monkeypatch) -> None:
    """A submission that forks at import leaves its children running the runner: each writes
    import.json. With one shared temporary name, one process's os.replace took the file from
    under another's (FileNotFoundError, and the run ended with status 1)."""
    monkeypatch.setattr(runner, "OUT", str(tmp_path))
    children = []
    for n in range(8):
        pid = os.fork()
        if pid == 0:  # the child: write the same result many times, report by exit status
            status = 0
            try:
                for _ in range(300):
                    runner._atomic("import.json", b'{"ok": true, "by": %d}' % n)
            except BaseException:  # noqa: BLE001 - any failure is this test's failure
                status = 1
            os._exit(status)
        children.append(pid)
    statuses = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
    assert statuses == [0] * 8
    assert sorted(os.listdir(tmp_path)) == ["import.json"]  # whole, and no temporary left
    assert (tmp_path / "import.json").read_bytes().startswith(b'{"ok": true, "by": ')
