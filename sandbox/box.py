"""A box is a private host folder: lay it out before a run, read it back safely after.

The trusted side never follows a link or trusts a path the box produced: outputs are opened
with O_NOFOLLOW relative to a directory fd, must be regular files under a size cap, and the
box is deleted afterwards (rmtree does not follow symlinks).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from sandbox.harness import envelope

HARNESS_DIR = Path(__file__).parent / "harness"
# What of the harness enters every box, in lib/.
HARNESS_FILES = ("runner.py", "wire.py", "envelope.py", "testrunner.py", "scratch_figures.py")
BOX_PREFIX = "katagrad-box-"  # then the grader's pid, so leftovers of a dead one can be swept
OUTPUT_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}\.(json|arrays|png)$")
MAX_OUTPUT_FILES = 4096
MAX_JSON_BYTES = 4 * 1024 * 1024  # result documents are small; arrays travel as .arrays files
MNT_NOSUID, MNT_NODEV, MNT_NOEXEC, MNT_DETACH = 2, 4, 8, 2
_libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


@functools.cache
def box_root() -> Path:
    """Where boxes are made: /dev/shm where it is a writable tmpfs, else the temp folder.

    Every grading creates and deletes a box's dozen files and folders; on a disk filesystem
    that is inode allocation and journal work (ext4's allocator showed in profiles of a
    grading burst), in memory it is nearly free. Boxes are small: out/ and tmp/ are tmpfs
    mounts of their own, with their own caps."""
    shm = Path("/dev/shm")
    try:
        mounts = Path("/proc/self/mounts").read_text().splitlines()
    except OSError:
        mounts = []
    if any(line.split()[1:3] == [str(shm), "tmpfs"] for line in mounts if len(line.split()) > 2) \
            and os.access(shm, os.W_OK | os.X_OK) and not shm.is_symlink():
        return shm
    return Path(tempfile.gettempdir())


def make_box(files: Mapping[str, bytes], owner_uid: int | None) -> Path:
    """Create a private folder holding `files` and an empty out/ writable by `owner_uid`."""
    box = Path(tempfile.mkdtemp(prefix=f"{BOX_PREFIX}{os.getpid()}-", dir=box_root()))
    for sub in (*envelope.READ_ONLY_DIRS, envelope.OUT, "etc"):
        (box / sub).mkdir()
        os.chmod(box / sub, 0o755)
    fill_box(box, files)
    os.chmod(box, 0o755)
    if owner_uid is not None:  # readable by the sandbox uid, writable only in out/
        os.chown(box / envelope.OUT, owner_uid, owner_uid)
        os.chmod(box / envelope.OUT, 0o700)
    return box


def fill_box(box: Path, files: Mapping[str, bytes]) -> None:
    """Write `files` into an existing box, readable by all (folders 0755, files 0644)."""
    for rel, data in files.items():
        parts = Path(rel).parts
        if ".." in parts or Path(rel).is_absolute() or not parts:
            raise ValueError(f"box path escapes the box: {rel}")
        folder = box
        for part in parts[:-1]:
            folder = folder / part
            if not folder.is_dir():
                folder.mkdir(mode=0o755)
                os.chmod(folder, 0o755)  # whatever the umask
        fd = os.open(box / rel, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "wb") as f:
            os.fchmod(fd, 0o644)
            f.write(data)


def harness_files() -> dict[str, bytes]:
    """The runner and the wire format, as they enter every box."""
    return {f"lib/{name}": (HARNESS_DIR / name).read_bytes() for name in HARNESS_FILES}


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
                try:  # fstat the opened fd: the name may have been swapped since scandir
                    st = os.fstat(fd)
                    if not stat.S_ISREG(st.st_mode):
                        notes.append(f"ignored {name}: not a regular file")
                        continue
                    cap = {".json": MAX_JSON_BYTES, ".png": envelope.MAX_FIGURE_BYTES}.get(
                        name[name.rindex("."):], limits_total)
                    if st.st_size > cap or total + st.st_size > limits_total:
                        notes.append(f"ignored {name}: results exceed the size cap")
                        continue
                    data = _read_at_most(fd, min(cap, limits_total - total) + 1)
                finally:
                    os.close(fd)
                if total + len(data) > limits_total or len(data) > cap:
                    notes.append(f"ignored {name}: results exceed the size cap")
                    continue
                total += len(data)
                outputs[name] = data
    finally:
        os.close(dfd)
    return outputs, notes


def _read_at_most(fd: int, n: int) -> bytes:
    chunks, left = [], n
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def mount_tmpfs(target: Path, size_bytes: int, inodes: int, owner_uid: int,
                noexec: bool = False) -> None:
    """Mount a private tmpfs capped in bytes and files on `target`, writable only by `owner_uid`.

    Needs root. What the box writes then lives in memory charged to its cgroup, never on the
    host's disk, and a million files or a disk fill stop at the cap.
    """
    opts = f"size={size_bytes},nr_inodes={inodes},mode=0700,uid={owner_uid},gid={owner_uid}"
    flags = MNT_NOSUID | MNT_NODEV | (MNT_NOEXEC if noexec else 0)
    if _libc.mount(b"katagrad", str(target).encode(), b"tmpfs", flags, opts.encode()) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount tmpfs on {target}: {os.strerror(err)}")


def tmpfs_full(target: Path) -> bool:
    """Whether a tmpfs from `mount_tmpfs` has no byte or no file left."""
    try:
        st = os.statvfs(target)
    except OSError:
        return False
    return st.f_bfree == 0 or st.f_ffree == 0


def owner_alive(pid_text: str) -> bool:
    """Whether the process a leftover is named after still runs (unknown: assume it does)."""
    if not pid_text.isdigit():
        return True
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale_boxes() -> int:
    """Remove boxes whose grader died mid-run (kill -9): their mounts, then their folders."""
    swept = 0
    for box in box_root().glob(f"{BOX_PREFIX}*-*"):
        if box.is_dir() and not box.is_symlink() \
                and not owner_alive(box.name[len(BOX_PREFIX):].split("-", 1)[0]):
            remove_box(box, (box / "out", box / "tmp"))
            swept += 1
    return swept


def remove_box(box: Path, mounts: tuple[Path, ...] = ()) -> None:
    """Detach the box's tmpfs mounts (dropping their contents), then delete the folder."""
    for m in mounts:
        _libc.umount2(str(m).encode(), MNT_DETACH)  # fails only if it was never mounted
    shutil.rmtree(box, ignore_errors=True)
