"""The warm backend: fork-per-submission from preloaded zygotes, falling back to cold bwrap.

One zygote per runtime (NumPy-only, NumPy+torch) is started on first use and kept. Each
run gets a fresh forked child with the isolation of the cold path (see sandbox/zygote.py):
its own namespaces, cgroup, rlimits, capped scratch and output, scrubbed environment and
seccomp filter, as the sandbox uid. A zygote is replaced after `max_forks` children or on
any anomaly; while none is ready the run goes to the cold path, and `status()` says so.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import json
import logging
import os
import selectors
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from katagrad.errors import SandboxFault
from katagrad.settings import Settings
from sandbox import linux, seccomp
from sandbox.base import RunOutcome, RunRequest
from sandbox.box import fill_box
from sandbox.bwrap import SYSTEM_DIRS, SYSTEM_FILES, BwrapSandbox, Job
from sandbox.cgroups import RunGroup
from sandbox.harness.job import Go, Mask, ZygoteJob
from sandbox.limits import MiB, rlimits, service_maximums
from sandbox.pool import Pool, Slot
from sandbox.process import Finished
from sandbox.runtime import BLOCKED_MODULE, Runtime

START_TIMEOUT_S = 60.0
BOX_FAILED = "a box failed to start, see the logs"
log = logging.getLogger("katagrad.sandbox")


class WarmUnavailable(Exception):
    """The warm path could not serve this run; the cold path will.

    `public` is our own wording, fit for the unauthenticated /api/health; `detail` (which may
    quote a process's stderr) goes only to the server log; `spent_s` is the wall time the run
    already used, which the cold attempt does not get again.
    """

    def __init__(self, public: str, detail: str = "", spent_s: float = 0.0) -> None:
        super().__init__(public)
        self.public, self.detail, self.spent_s = public, detail, spent_s


@dataclass
class _Drained:
    stdout: bytes
    stderr: bytes
    truncated: bool
    status: int | None
    timed_out: bool
    stopped: bool
    wall_s: float
    problem: str = ""  # what the supervisor reported instead of a status
    ready: bool = False  # the child said its box was built before any submission code ran


class Zygote:
    """One warm parent process for one runtime, and the socket to reach it."""

    def __init__(self, runtime: str, max_forks: int) -> None:
        self.runtime, self.max_forks = runtime, max_forks
        self.dir = Path(tempfile.mkdtemp(prefix=f"katagrad-zygote-{runtime}-"))
        self.socket = self.dir / "zygote.sock"
        self.root = self.dir / "root"  # each child mounts its private root here
        self.root.mkdir(mode=0o755)
        self.proc: subprocess.Popen[bytes] | None = None
        self.forks = 0

    def start(self) -> None:
        self.socket.unlink(missing_ok=True)
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-m", "sandbox.zygote", "--socket", str(self.socket),
             "--runtime", self.runtime, "--max-forks", str(self.max_forks)],
            env={"PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1"}, cwd="/",
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self.socket.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                self.stop()
                raise WarmUnavailable(f"the {self.runtime} zygote did not start, see the logs",
                                      err[-2000:])
            time.sleep(0.02)
        self.forks = 0

    @property
    def ready(self) -> bool:
        return self.proc is not None and self.proc.poll() is None and self.forks < self.max_forks

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
        if self.proc is not None:
            self.proc.wait()
            for stream in (self.proc.stdin, self.proc.stderr):
                if stream:
                    stream.close()
        self.proc = None

    def connect(self) -> socket.socket:
        self.forks += 1
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.connect(str(self.socket))
        except OSError as exc:
            conn.close()
            raise WarmUnavailable(f"the {self.runtime} zygote is unreachable, see the logs",
                                  str(exc)) from None
        return conn


class WarmSandbox(BwrapSandbox):
    """Fork-per-submission from warm zygotes, with the cold bwrap path as the fallback."""

    name = "warm"

    def __init__(self, settings: Settings, max_forks: int = 500,
                 runtime: Runtime | None = None) -> None:
        super().__init__(settings, runtime)
        self.max_forks = max_forks
        self.zygotes: dict[str, Zygote] = {}
        self.lock = threading.Lock()
        self.fallbacks = 0
        self.last_problem = ""
        self.pool = Pool(settings.warm_pool, self._fill) if settings.warm_pool > 0 else None
        self.last_pid: int | None = None  # the host pid of the pooled child that ran last
        self.last_job: Job | None = None  # and its box and cgroup (torn down after the run)
        atexit.register(self.close)

    @property
    def disabled(self) -> str | None:
        """Why this host cannot run the warm path at all (then every run goes cold)."""
        if not self.root_mode:
            return "the warm path needs root (it builds each child's namespaces itself)"
        if self.cgroups is None:
            return "the warm path needs writable cgroups (memory and process caps per child)"
        return None

    @property
    def isolation(self) -> str:
        return f"warm fork-per-submission, falling back to {super().isolation}"

    def status(self) -> dict[str, object]:
        """For /api/health: which path serves, the zygotes, how often the cold path stood in."""
        zygotes = {rt: ("ready" if z.ready else "down") for rt, z in self.zygotes.items()}
        serving = "cold (warm path unavailable)" if self.disabled else "warm"
        pool = ({"size": self.pool.size, "ready": self.pool.ready(),
                 "refills": self.pool.refills, "replaced": self.pool.replaced}
                if self.pool is not None else None)
        return {"serving": serving, "why": self.disabled or "", "zygotes": zygotes,
                "pool": pool, "cold_fallbacks": self.fallbacks,
                "last_problem": self.last_problem}

    def warm_up(self) -> None:
        """Start the zygotes now instead of on the first run (a grading worker, at boot)."""
        if self.disabled is not None:
            return
        for runtime in ("numpy", "torch"):
            try:
                self._zygote(runtime)
            except WarmUnavailable as exc:  # the first runs will go cold and say why
                self.last_problem = exc.public
                log.warning("a zygote did not start", extra={"problem": exc.public,
                                                             "detail": exc.detail[-2000:]})
                continue
            if self.pool is not None:
                self.pool.want(runtime)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
        with self.lock:
            for z in self.zygotes.values():
                z.stop()
                shutil.rmtree(z.dir, ignore_errors=True)
            self.zygotes.clear()

    def _zygote(self, runtime: str) -> Zygote:
        with self.lock:
            z = self.zygotes.get(runtime)
            if z is None:
                z = self.zygotes[runtime] = Zygote(runtime, self.max_forks)
            if not z.ready:
                z.stop()
                z.start()
            return z

    def _warm_fits(self, request: RunRequest) -> bool:
        """Whether a warm child may run this request at all."""
        preloaded = {"numpy", "torch"} if request.torch else {"numpy"}
        # a module the zygote imported cannot be hidden: such a kata runs cold
        return self.disabled is None and not any(
            m.split(".")[0] in preloaded for m in request.blocked_modules)

    def run(self, request: RunRequest) -> RunOutcome:
        """A pooled child if one is armed, else the on-demand fork (BwrapSandbox.run, which
        calls `_launch`)."""
        slot = None
        if self.pool is not None and self._warm_fits(request):
            self.check()  # the cold path must be there to take over
            slot = self.pool.take("torch" if request.torch else "numpy")
        if slot is None:
            return super().run(request)
        assert self.pool is not None
        job = slot.job
        job.request = request
        self.last_pid, self.last_job = slot.pid, job
        try:
            t0 = time.perf_counter()
            self._arm(slot, request)
            t1 = time.perf_counter()
            wall = request.limits.wall_s
            done = self._with_fallback(job, wall, lambda w: self._launch_pooled(slot, w))
            t2 = time.perf_counter()
            return self._outcome(job, done, {"box": t1 - t0, "run": t2 - t1}, slot.cpu_before)
        finally:
            slot.close_pipes()
            self.pool.retire(job)  # torn down off the critical path

    def _arm(self, slot: Slot, request: RunRequest) -> None:
        """Fit the slot's box and cgroup to this request: its files, its scratch size, its
        memory and process caps (all lowered from the service maximums it was made with)."""
        files = dict(request.files)
        for name in request.blocked_modules:  # for the cold path, should it take over
            files[f"blocked/{name}.py"] = BLOCKED_MODULE.format(name=name).encode()
        job, limits = slot.job, request.limits
        try:
            fill_box(job.box, files)
            if limits.scratch_mb != slot.scratch_mb:
                resize_tmpfs(job.box / "tmp", limits.scratch_mb * MiB)
            assert job.group is not None
            job.group.set_limits(limits.memory_mb * MiB, limits.processes)
        except OSError as exc:
            raise SandboxFault(f"could not prepare the box: {exc}") from exc

    def _fill(self, runtime: str) -> Slot:
        """Make a slot: a box and cgroup at the service maximums, and a pooled child of the
        zygote, waited for until it is armed (its namespaces and root built)."""
        zygote = self._zygote(runtime)
        placeholder = RunRequest(files={}, limits=service_maximums(self.settings),
                                 torch=runtime == "torch")
        job = self._prepare(placeholder)
        pipes: list[int] = []
        conn = None
        try:
            zjob = self._zygote_job(job, zygote, placeholder.limits.wall_s, pooled=True)
            out_r, out_w = os.pipe()
            pipes += [out_r, out_w]
            err_r, err_w = os.pipe()
            pipes += [err_r, err_w]
            conn = zygote.connect()
            socket.send_fds(conn, [zjob.dumps()], [out_w, err_w])
            for fd in (out_w, err_w):
                os.close(fd)
                pipes.remove(fd)
            conn.settimeout(START_TIMEOUT_S)
            msg = json.loads(_line(conn))
            conn.settimeout(None)
            if not msg.get("armed"):
                raise WarmUnavailable(BOX_FAILED, str(msg)[-2000:])
            return Slot(runtime, int(msg["pid"]), conn, out_r, err_r, job,
                        placeholder.limits.scratch_mb)
        except BaseException:
            if conn is not None:
                conn.close()
            for fd in pipes:
                os.close(fd)
            job.cleanup()
            raise

    def _launch_pooled(self, slot: Slot, wall_s: float) -> Finished:
        job = slot.job
        limits, group = job.request.limits, job.group
        assert group is not None
        go = Go(wall_s, rlimits(limits, has_cgroup=True), self._masks(job.request))
        cpu_before = slot.cpu_before = group.cpu_s() or 0.0  # its setup: not the run's
        try:
            slot.conn.sendall(go.dumps())
        except OSError as exc:
            raise WarmUnavailable(f"a pooled {slot.runtime} child was gone, see the logs",
                                  str(exc)) from None
        done = _drain(slot.conn, slot.out_r, slot.err_r, wall_s, limits.output_bytes, group,
                      limits.cpu_s + cpu_before)
        if done.status is None and not done.timed_out and not done.stopped:
            raise WarmUnavailable(f"a pooled {slot.runtime} child dropped a run, see the logs",
                                  done.problem or "no status came back", done.wall_s)
        if done.status is not None and not done.ready:  # no submission code ran
            raise WarmUnavailable(BOX_FAILED, done.stderr.decode(errors="replace")[-2000:],
                                  done.wall_s)
        returncode = os.waitstatus_to_exitcode(done.status) if done.status is not None else -9
        return Finished(returncode, done.stdout, done.stderr, done.truncated, done.timed_out,
                        done.wall_s, done.stopped)

    def _launch(self, job: Job, wall_s: float | None = None) -> Finished:
        """Fork from a warm zygote; on any trouble, the cold bwrap launch over the same box,
        for what is left of the run's wall time."""
        wall = job.request.limits.wall_s if wall_s is None else wall_s
        if not self._warm_fits(job.request) or job.group is None:
            return super()._launch(job, wall)
        return self._with_fallback(job, wall, lambda w: self._launch_warm(job, w))

    def _with_fallback(self, job: Job, wall: float,
                       launch: Callable[[float], Finished]) -> Finished:
        try:
            return launch(wall)
        except WarmUnavailable as exc:
            self.fallbacks += 1
            self.last_problem = exc.public
            log.warning("warm path failed; the cold path takes the run",
                        extra={"problem": exc.public, "detail": exc.detail[-2000:]})
            _empty(job.box / "out")  # never mix results of two attempts
            left = wall - exc.spent_s  # the wall is counted once
            if left <= 0:
                return Finished(-9, b"", b"", False, True, exc.spent_s)
            done = super()._launch(job, wall_s=left)
            return dataclasses.replace(done, wall_s=done.wall_s + exc.spent_s)

    def _masks(self, request: RunRequest) -> tuple[Mask, ...]:
        return tuple(Mask(str(path), is_pkg, f"blocked/{name}.py")
                     for name in request.blocked_modules
                     for path, is_pkg in self.runtime.module_paths(name))

    def _zygote_job(self, job: Job, zygote: Zygote, wall_s: float,
                    pooled: bool = False) -> ZygoteJob:
        limits, group = job.request.limits, job.group
        assert group is not None
        return ZygoteJob(
            box=str(job.box), root=str(zygote.root), uid=self.settings.sandbox_uid,
            wall_s=wall_s, rlimits=() if pooled else rlimits(limits, has_cgroup=True),
            cgroup_procs=tuple(str(f) for f in group.procs_files),
            system_dirs=SYSTEM_DIRS, system_files=SYSTEM_FILES,
            runtime_roots=tuple(str(r) for r in self.runtime.roots),
            masks=() if pooled else self._masks(job.request),
            hidden=tuple(str(p) for p in self.hidden
                         if any(r in p.parents for r in self.runtime.roots)),
            seccomp=seccomp.program() if seccomp.supported() else None,
            pooled=pooled,
        )

    def _launch_warm(self, job: Job, wall_s: float) -> Finished:
        zygote = self._zygote("torch" if job.request.torch else "numpy")
        limits, group = job.request.limits, job.group
        assert group is not None
        zjob = self._zygote_job(job, zygote, wall_s)
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        try:
            conn = zygote.connect()
            try:
                socket.send_fds(conn, [zjob.dumps()], [out_w, err_w])
            finally:
                os.close(out_w)
                os.close(err_w)
            done = _drain(conn, out_r, err_r, wall_s, limits.output_bytes, group,
                          limits.cpu_s)
        finally:
            os.close(out_r)
            os.close(err_r)
        if done.status is None and not done.timed_out and not done.stopped:
            zygote.stop()
            raise WarmUnavailable(f"the {zygote.runtime} zygote dropped a run, see the logs",
                                  done.problem or "no status came back", done.wall_s)
        returncode = os.waitstatus_to_exitcode(done.status) if done.status is not None else -9
        if done.status is not None and not done.ready:  # no submission code ran
            zygote.stop()
            raise WarmUnavailable(BOX_FAILED, done.stderr.decode(errors="replace")[-2000:],
                                  done.wall_s)
        return Finished(returncode, done.stdout, done.stderr, done.truncated, done.timed_out,
                        done.wall_s, done.stopped)


def resize_tmpfs(target: Path, size_bytes: int) -> None:
    """Change the byte cap of a tmpfs from sandbox.box.mount_tmpfs (still empty)."""
    linux.mount(None, str(target), None, linux.MS_REMOUNT | linux.MS_NOSUID | linux.MS_NODEV,
                f"size={size_bytes}")


def _line(conn: socket.socket) -> bytes:
    """One newline-terminated message from a supervisor (its first: small)."""
    buf = b""
    while not buf.endswith(b"\n"):
        chunk = conn.recv(4096)
        if not chunk:
            raise WarmUnavailable("a pooled child did not arm, see the logs",
                                  "the supervisor closed the connection")
        buf += chunk
    return buf


def _empty(folder: Path) -> None:
    """Delete what a failed attempt left in `folder`, never following links."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _drain(conn: socket.socket, out_r: int, err_r: int, deadline_s: float, cap: int,
           group: RunGroup, cpu_s: float) -> _Drained:
    """Read capped output and the supervisor's messages until the child's status arrives."""
    started = time.monotonic()
    kept = {out_r: bytearray(), err_r: bytearray()}
    truncated = timed_out = stopped = False
    status: int | None = None
    ready = False
    problem = ""
    buf = b""
    sel = selectors.DefaultSelector()
    sel.register(out_r, selectors.EVENT_READ)
    sel.register(err_r, selectors.EVENT_READ)
    sel.register(conn, selectors.EVENT_READ)
    open_fds = {out_r, err_r}
    conn_open = True
    try:
        while conn_open or open_fds:
            left = started + deadline_s - time.monotonic()
            if status is not None and not open_fds:
                break
            if left <= 0 or (status is not None and time.monotonic() - started > deadline_s):
                timed_out = status is None
                break
            if (group.cpu_s() or 0.0) > cpu_s:
                stopped = True
                break
            for key, _ in sel.select(timeout=min(left, 0.2)):
                if key.fileobj is conn:
                    chunk = conn.recv(4096)
                    if not chunk:
                        sel.unregister(conn)
                        conn_open = False
                        continue
                    buf += chunk
                    while b"\n" in buf:
                        line, buf = buf.split(b"\n", 1)
                        msg = json.loads(line)
                        if "status" in msg:
                            status = int(msg["status"])
                            ready = msg.get("ready") is True
                        if "error" in msg:
                            problem = str(msg["error"])[:1000]
                    continue
                fd = key.fd
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    sel.unregister(fd)
                    open_fds.discard(fd)
                    continue
                room = cap - len(kept[out_r]) - len(kept[err_r])
                if room > 0:
                    kept[fd] += chunk[:room]
                if len(chunk) > max(room, 0):
                    truncated = True
    finally:
        if timed_out or stopped or status is None:
            group.kill_all()
            if conn_open:
                status, ready = _final_status(conn, buf)
        sel.close()
        conn.close()
    return _Drained(bytes(kept[out_r]), bytes(kept[err_r]), truncated, status, timed_out,
                    stopped, time.monotonic() - started, problem, ready)


def _final_status(conn: socket.socket, buf: bytes) -> tuple[int | None, bool]:
    """After a kill, the supervisor still reports how the child ended (briefly waited for)."""
    conn.settimeout(2.0)
    try:
        while True:
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                msg = json.loads(line)
                if "status" in msg:
                    return int(msg["status"]), msg.get("ready") is True
            chunk = conn.recv(4096)
            if not chunk:
                return None, False
            buf += chunk
    except (OSError, ValueError):
        return None, False
