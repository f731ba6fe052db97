"""The warm parent: a trusted root process with NumPy (and torch) imported and warmed up.

    python -I -m sandbox.zygote --socket PATH --runtime numpy|torch --max-forks N

It holds no secret (started with an empty environment, it reads no settings and no kata) and
never runs submission code itself. For each connection it forks a *supervisor*, which
unshares a pid namespace and forks the *child*: pid 1 of that namespace, which unshares
mount/net/ipc/uts namespaces of its own, builds its own root (read-only system and runtime
folders, the box, a size-capped /tmp, its own /proc), pivots into it, applies rlimits, drops
to the sandbox uid with no capabilities and no new privileges, and runs the runner. The
supervisor puts the child in its cgroup before letting it start, reports its pid and exit
status, and exits. When the child (pid 1) exits, the kernel kills everything left in its pid
namespace.

A *pooled* job (sandbox/pool.py) is forked before its submission is known: the child builds
its box and pivots into it as above, says it is armed (ARMED on its ready pipe, passed on by
the supervisor), and waits, still root, for its `Go` (the submission's limits and masks). Only
then does it mask modules, set rlimits, drop to the sandbox uid and load seccomp. A pooled
child runs one submission or none: if its orchestrator closes the connection first, the
supervisor kills it.

Nothing may run in a thread at fork time (forking after multi-threaded torch work deadlocks
the child), so torch is set to one thread before its first operation, and the zygote refuses
to fork if it ever finds a second thread.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import selectors
import signal
import socket
import sys
import traceback
from typing import Any

from sandbox import linux
from sandbox.harness.envelope import BOX, OUT, READ_ONLY_DIRS
from sandbox.harness.job import Go, Mask, ZygoteJob
from sandbox.runtime import BLOCKED_MODULE, SANDBOX_ENV

SETUP_FAILED = 121  # exit status of a child whose box could not be built (informative only)
READY = b"r"  # the child's word, on its ready pipe, that the box is built
ARMED = b"a"  # a pooled child's word, before READY, that it waits for its Go
DEVICES = ("null", "zero", "full", "random", "urandom")


def preload(runtime: str) -> None:
    """Import and exercise the libraries so a child's first real call is fast."""
    import numpy as np

    a = np.random.default_rng(0).standard_normal((64, 64))
    (a @ a.T).sum()
    np.linalg.eigh(a + a.T)
    if runtime == "torch":
        import torch

        torch.set_num_threads(1)  # before any op: no intra-op pool at fork time
        torch.set_num_interop_threads(1)
        nn = torch.nn
        model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
        opt = torch.optim.Adam(model.parameters())
        loss = nn.functional.cross_entropy(model(torch.randn(4, 8)), torch.tensor([0, 1, 0, 1]))
        loss.backward()
        opt.step()
    from sandbox.harness import runner, wire  # noqa: F401 - imported once, used in children


def threads() -> int:
    return len(os.listdir("/proc/self/task"))


def serve(path: str, runtime: str, max_forks: int) -> None:
    preload(runtime)
    if threads() != 1:
        sys.exit(f"zygote: {threads()} threads after preload; refusing to fork")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path + ".new")  # the socket appears under its name only once it listens
    os.chmod(path + ".new", 0o600)
    server.listen(64)
    os.rename(path + ".new", path)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # supervisors are reaped by the kernel
    sys.stdout.flush()
    sys.stderr.flush()
    # The orchestrator holds our stdin open; EOF means it is gone, and so must we be.
    sel = selectors.DefaultSelector()
    sel.register(server, selectors.EVENT_READ)
    sel.register(sys.stdin.fileno(), selectors.EVENT_READ)
    forks = 0
    while forks < max_forks:
        ready = {key.fileobj for key, _ in sel.select()}
        if sys.stdin.fileno() in ready and not os.read(sys.stdin.fileno(), 1):
            return
        if server not in ready:
            continue
        conn, _addr = server.accept()
        forks += 1
        if threads() != 1:
            sys.exit("zygote: a thread appeared; exiting to be replaced")
        if os.fork() == 0:
            server.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            code = 0
            try:
                supervise(conn)
            except BaseException as exc:  # noqa: BLE001 - report, never raise past a fork
                code = 70
                with contextlib.suppress(BaseException):
                    _send(conn, {"error": f"{type(exc).__name__}: {exc}"})
            finally:
                os._exit(code)
        conn.close()


def _send(conn: socket.socket, doc: dict[str, Any]) -> None:
    with contextlib.suppress(OSError):
        conn.sendall(json.dumps(doc).encode() + b"\n")


def supervise(conn: socket.socket) -> None:
    data, fds, _flags, _addr = socket.recv_fds(conn, 1 << 16, 2)
    if len(fds) != 2 or not data.endswith(b"\n"):
        raise ValueError("malformed request")
    job = ZygoteJob.loads(data)
    out_w, err_w = fds
    sync_r, sync_w = os.pipe()
    ready_r, ready_w = os.pipe()  # the child writes one byte here once its box is built
    # Only the pid namespace here (our next child is its pid 1); the supervisor itself stays
    # in the host's mounts, where the cgroup files are, while the child builds its own.
    linux.unshare(linux.CLONE_NEWPID)
    pid = os.fork()
    if pid == 0:
        try:
            os.close(sync_w)
            os.close(ready_r)
            conn.close()
            child(job, out_w, err_w, sync_r, ready_w)  # never returns
        except BaseException as exc:  # noqa: BLE001 - the box could not be built
            with contextlib.suppress(BaseException):
                _report_setup_failure(exc, err_w)
        finally:
            os._exit(SETUP_FAILED)
    os.close(sync_r)
    os.close(ready_w)
    os.close(out_w)
    os.close(err_w)
    for procs in job.cgroup_procs:
        with open(procs, "w") as f:
            f.write(str(pid))
    with contextlib.suppress(BrokenPipeError):  # the child died building its box: see below
        os.write(sync_w, b"g")
    wall_s = job.wall_s
    if job.pooled:
        # Armed: the box is built and the child waits, as root, for the one Go it will get.
        if os.read(ready_r, 1) != ARMED:  # it died building its box
            _, status = os.waitpid(pid, 0)
            _send(conn, {"status": status, "ready": False})
            return
        _send(conn, {"pid": pid, "armed": True})
        go = _await_go(conn, ready_r)
        if go is None:  # unused: the orchestrator closed (or died), or the child was killed
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            _send(conn, {"status": status, "ready": False})  # the pool sees it is gone
            return
        wall_s = Go.loads(go).wall_s
        with contextlib.suppress(BrokenPipeError):  # it died just now: its status says so
            os.write(sync_w, go)
    os.close(sync_w)
    if not job.pooled:
        _send(conn, {"pid": pid})
    # The orchestrator enforces the wall limit; this is the backstop should it be gone.
    signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, signal.SIGKILL))
    signal.alarm(int(wall_s) + 5)
    _, status = os.waitpid(pid, 0)
    signal.alarm(0)
    # The child has exited, so every write end is closed: a byte here means the box was built
    # before anything of the submission ran; whatever status it ended with is then the run's.
    os.set_blocking(ready_r, False)
    try:
        ready = os.read(ready_r, 1) == READY
    except BlockingIOError:
        ready = False
    _send(conn, {"status": status, "ready": ready})


def _await_go(conn: socket.socket, ready_r: int) -> bytes | None:
    """A pooled child's Go (one line, at most 64 KiB), or None when the connection ends first
    or the child dies waiting (its end of the ready pipe closes)."""
    sel = selectors.DefaultSelector()
    sel.register(conn, selectors.EVENT_READ)
    sel.register(ready_r, selectors.EVENT_READ)
    buf = b""
    try:
        while True:
            for key, _ in sel.select():
                if key.fileobj is not conn:
                    return None
                chunk = conn.recv(1 << 16)
                if not chunk or len(buf) + len(chunk) > 1 << 16:
                    return None
                buf += chunk
                if buf.endswith(b"\n"):
                    return buf
    finally:
        sel.close()


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _report_setup_failure(exc: BaseException, err_w: int) -> None:
    """Our own setup failed (no submission code has run): say why on the box's stderr."""
    message = (f"katagrad: warm box setup failed: {type(exc).__name__}: {exc}\n"
               f"{traceback.format_exc()[-1500:]}").encode(errors="replace")
    for fd in (err_w, 2):  # err_w is closed once it has become fd 2
        try:
            os.write(fd, message)
            break
        except OSError:
            continue


def child(job: ZygoteJob, out_w: int, err_w: int, sync_r: int, ready_w: int) -> None:
    """Pid 1 of a fresh pid namespace: build the box, become the sandbox user, run."""
    root, box, uid = job.root, job.box, job.uid
    linux.unshare(linux.CLONE_NEWNS | linux.CLONE_NEWNET | linux.CLONE_NEWIPC
                  | linux.CLONE_NEWUTS)
    linux.mount(None, "/", None, linux.MS_REC | linux.MS_PRIVATE)
    build_root(root, box, job)
    os.chdir(root)
    os.makedirs(".old", exist_ok=True)
    linux.pivot_root(".", ".old")
    os.chdir("/")
    linux.umount("/.old")
    os.rmdir("/.old")
    linux.mount(None, "/", None, linux.MS_BIND | linux.MS_REMOUNT | linux.MS_RDONLY
                | linux.MS_NOSUID | linux.MS_NODEV)
    linux.sethostname("box")
    # Building the root (trusted work) overlaps the supervisor's slow cgroup attach; nothing
    # of the submission's runs before we are in the run's cgroup.
    if os.read(sync_r, 1) != b"g":
        raise RuntimeError("supervisor went away")
    rlimits = job.rlimits
    if job.pooled:
        os.write(ready_w, ARMED)
        data = _read_all(sync_r)
        if not data:  # never used: leave quietly, nothing of a submission ran
            os._exit(0)
        go = Go.loads(data)
        mask_late(go.masks)
        rlimits = go.rlimits
    os.close(sync_r)

    for r in rlimits:  # sandbox.limits.rlimits, as every backend applies them
        resource.setrlimit(getattr(resource, f"RLIMIT_{r.name.upper()}"), (r.soft, r.hard))

    null = os.open("/dev/null", os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    os.closerange(3, ready_w)  # everything inherited but the ready pipe
    os.closerange(ready_w + 1, 1 << 16)

    linux.drop_bounding_set()
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)  # from root to non-root: every capability is cleared
    linux.no_new_privs()
    if job.seccomp is not None:
        linux.load_seccomp(job.seccomp)

    os.environ.clear()
    os.environ.update(SANDBOX_ENV)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.chdir("/tmp")
    _reseed()
    from sandbox.harness import runner

    runner.reserve_spare_fd()  # its spare descriptor was closed with the others
    # Setup is complete: say so, and close the pipe before any submission code runs, so that
    # nothing it does (any exit status, a crash while formatting its exceptions) can pass for
    # a setup failure. From here on, whatever happens is the submission's doing.
    os.write(ready_w, READY)
    os.close(ready_w)
    status = 1
    try:
        status = runner.main(BOX)
    except BaseException as exc:  # noqa: BLE001
        with contextlib.suppress(BaseException):
            _print_crash(exc)
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)


def _print_crash(exc: BaseException) -> None:
    """The runner's own crash (a full output folder, say), on the box's stderr, as the cold
    path's interpreter would print it; a submission-made exception that cannot be formatted
    is named by its class only."""
    try:
        traceback.print_exception(exc)
    except BaseException:  # noqa: BLE001 - its __repr__, __str__ or __notes__ raised
        os.write(2, f"katagrad: the run crashed with an unprintable {type(exc).__qualname__}\n"
                 .encode(errors="replace"))


def build_root(root: str, box: str, job: ZygoteJob) -> None:
    """Lay out the child's root filesystem on a private tmpfs at `root`."""
    linux.mount("tmpfs", root, "tmpfs", linux.MS_NOSUID | linux.MS_NODEV, "size=1m,mode=0755")
    flags = linux.MS_NOSUID | linux.MS_NODEV

    def mkdir(path: str) -> str:
        os.makedirs(root + path, mode=0o755, exist_ok=True)
        return root + path

    def mkfile(path: str) -> str:
        mkdir(os.path.dirname(path))
        open(root + path, "a").close()
        return root + path

    # Scratch first (the capped tmpfs the host made): a runtime under /tmp is bound into it
    # below instead of being hidden by it.
    scratch = root + "/tmp"
    os.makedirs(scratch, mode=0o755, exist_ok=True)
    linux.bind(f"{box}/tmp", scratch, readonly=False)
    for d in (*job.system_dirs, *job.runtime_roots):
        if os.path.isdir(d):
            linux.bind(d, mkdir(d), readonly=True)
    for f in job.system_files:
        if os.path.isfile(f):
            linux.bind(f, mkfile(f), readonly=True)
    for name in ("passwd", "group"):
        linux.bind(f"{box}/etc/{name}", mkfile(f"/etc/{name}"), readonly=True)
    for sub in READ_ONLY_DIRS:
        linux.bind(f"{box}/{sub}", mkdir(f"{BOX}/{sub}"), readonly=True)
    linux.bind(f"{box}/{OUT}", mkdir(f"{BOX}/{OUT}"), readonly=False)
    for path, is_pkg, blocker in ((m.path, m.is_pkg, m.blocker) for m in job.masks):
        if is_pkg:  # an empty, read-only folder holding only the blocker, as on the cold path
            linux.mount("tmpfs", root + path, "tmpfs", flags, "size=16k,mode=0755")
            linux.bind(f"{box}/{blocker}", mkfile(f"{path}/__init__.py"), readonly=True)
            linux.mount(None, root + path, None, linux.MS_REMOUNT | linux.MS_RDONLY | flags,
                        "size=16k,mode=0755")
        else:
            linux.bind(f"{box}/{blocker}", root + path, readonly=True)
    for path in job.hidden:
        if os.path.isdir(root + path):
            linux.mount("tmpfs", root + path, "tmpfs", linux.MS_RDONLY | flags, "size=4k,mode=0755")
    for dev in DEVICES:  # device nodes need binds without nodev
        target = mkfile(f"/dev/{dev}")
        linux.mount(f"/dev/{dev}", target, None, linux.MS_BIND)
        linux.mount(None, target, None, linux.MS_BIND | linux.MS_REMOUNT | linux.MS_NOSUID)
    linux.mount("proc", mkdir("/proc"), "proc", flags | linux.MS_NOEXEC)


def mask_late(masks: tuple[Mask, ...]) -> None:
    """A pooled child's masks, after the pivot: the blockers are written here, not bound
    from the host's box (which is out of reach by now)."""
    flags = linux.MS_NOSUID | linux.MS_NODEV
    for i, m in enumerate(masks):
        text = BLOCKED_MODULE.format(name=m.module).encode()
        if m.is_pkg:  # an empty, read-only folder holding only the blocker
            linux.mount("tmpfs", m.path, "tmpfs", flags, "size=16k,mode=0755")
            fd = os.open(f"{m.path}/__init__.py", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            os.write(fd, text)
            os.close(fd)
            linux.mount(None, m.path, None, linux.MS_REMOUNT | linux.MS_RDONLY | flags,
                        "size=16k,mode=0755")
        else:  # a file in scratch, bound over the module and unlinked (the mount keeps it)
            staged = f"/tmp/.katagrad-blocker-{i}.py"
            fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            os.write(fd, text)
            os.close(fd)
            linux.bind(staged, m.path, readonly=True)
            os.unlink(staged)


def _reseed() -> None:
    seed = int.from_bytes(os.urandom(8), "little")
    random.seed(seed)
    np = sys.modules.get("numpy")
    if np is not None:
        np.random.seed(seed % 2**32)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.manual_seed(seed)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m sandbox.zygote")
    parser.add_argument("--socket", required=True)
    parser.add_argument("--runtime", choices=("numpy", "torch"), required=True)
    parser.add_argument("--max-forks", type=int, default=500)
    args = parser.parse_args()
    serve(args.socket, args.runtime, args.max_forks)


if __name__ == "__main__":
    main()
