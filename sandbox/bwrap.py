"""The default backend: bubblewrap namespaces, a per-run cgroup, rlimits and a wall deadline.

Run as root, bwrap builds the box with only CAP_SETUID/CAP_SETGID/CAP_SETPCAP kept, and
`setpriv` drops to the unprivileged sandbox uid (no capabilities, no new privileges) before
Python starts. Run as another user, bwrap uses a user namespace instead.
"""

from __future__ import annotations

import logging
import os
import shlex
import shutil
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from katagrad.errors import SandboxFault, SandboxUnavailable
from katagrad.settings import Settings
from sandbox import seccomp
from sandbox.base import LimitHit, RunOutcome, RunRequest
from sandbox.box import (
    MAX_OUTPUT_FILES,
    collect_outputs,
    harness_files,
    make_box,
    mount_tmpfs,
    remove_box,
    sweep_stale_boxes,
    tmpfs_full,
)
from sandbox.cgroups import Cgroups, RunGroup
from sandbox.harness import envelope
from sandbox.limits import Limits, MiB, rlimits
from sandbox.process import Finished, run_capped
from sandbox.runtime import BLOCKED_MODULE, SANDBOX_ENV, Runtime, current_runtime

SYSTEM_DIRS = ("/usr", "/lib", "/lib64", "/bin", "/sbin")
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime")
SCRATCH_FILES = 8192  # files and folders the scratch space may hold
log = logging.getLogger("katagrad.sandbox")


@dataclass
class Job:
    """One run in progress: the request, its box folder, mounts and cgroup."""

    request: RunRequest
    box: Path
    mounts: tuple[Path, ...] = ()
    group: RunGroup | None = None

    def cleanup(self) -> None:
        if self.group is not None:
            self.group.remove()
        remove_box(self.box, self.mounts)


class BwrapSandbox:
    """Runs each submission in a fresh bubblewrap box."""

    name = "bwrap"

    def __init__(self, settings: Settings, runtime: Runtime | None = None) -> None:
        self.settings = settings
        self.runtime = runtime or current_runtime()
        self.root_mode = os.geteuid() == 0
        self.cgroups = Cgroups.detect(settings.cgroup_root) if self.root_mode else None
        if self.root_mode:  # what a grader killed mid-run (kill -9) left behind
            sweep_stale_boxes()
            if self.cgroups is not None:
                self.cgroups.sweep_stale()
        self.hidden = [p.resolve() for p in (settings.katas_dir, settings.data_dir)]

    def check(self) -> None:
        for tool in ("bwrap", "prlimit") + (("setpriv",) if self.root_mode else ()):
            if shutil.which(tool) is None:
                raise SandboxUnavailable(f"{tool} is not installed (apt-get install bubblewrap)")

    @property
    def isolation(self) -> str:
        cg = f"cgroup v{self.cgroups.version}" if self.cgroups else "rlimits only"
        sc = "seccomp" if seccomp.supported() else "no seccomp filter"
        return f"bwrap ({'root, setpriv' if self.root_mode else 'user namespace'}; {cg}; {sc})"

    def status(self) -> dict[str, object] | None:
        return None  # each run starts from nothing; nothing lives between runs

    def warm_up(self) -> None:
        return None  # nothing lives between runs

    def close(self) -> None:
        return None

    def run(self, request: RunRequest) -> RunOutcome:
        """prepare → launch → read back → clean up; only the launch differs between backends."""
        self.check()
        t0 = time.perf_counter()
        job = self._prepare(request)
        t1 = time.perf_counter()
        try:
            done = self._launch(job)
            t2 = time.perf_counter()
            return self._outcome(job, done, {"box": t1 - t0, "run": t2 - t1})
        finally:
            t3 = time.perf_counter()
            job.cleanup()
            log.debug("box cleaned up", extra={"cleanup_s": time.perf_counter() - t3})

    def _outcome(self, job: Job, done: Finished, phases: dict[str, float],
                 cpu_before: float = 0.0) -> RunOutcome:
        """Read the box back after the run (`phases` so far, in seconds; collect is added;
        `cpu_before`: what the run's cgroup had used before the run, a pooled child's setup)."""
        t = time.perf_counter()
        outputs, notes = collect_outputs(job.box / "out", self.settings.max_result_mb * MiB)
        code, sig = _status(done.returncode)
        scratch_full = self.root_mode and tmpfs_full(job.box / "tmp")
        limit = _limit_hit(done.timed_out, done.stopped, sig, job.group, job.request.limits,
                           scratch_full)
        return RunOutcome(
            exit_code=code, signal=sig, limit=limit,
            stdout=done.stdout, stderr=done.stderr, output_truncated=done.truncated,
            outputs=outputs, wall_s=done.wall_s, notes=tuple(notes),
            cpu_s=_cpu_used(job.group, cpu_before),
            phases={**phases, "collect": time.perf_counter() - t})

    def _prepare(self, request: RunRequest) -> Job:
        """The box folder, its capped tmpfs mounts, and the run's cgroup."""
        limits = request.limits
        uid = self.settings.sandbox_uid if self.root_mode else None
        files = {**harness_files(), **request.files, **_identity_files(self.settings.sandbox_uid)}
        for name in request.blocked_modules:
            files[f"blocked/{name}.py"] = BLOCKED_MODULE.format(name=name).encode()
        job = Job(request, make_box(files, uid))
        try:
            if self.root_mode:  # writable space in capped tmpfs, never on the host's disk
                job.mounts = (job.box / "out", job.box / "tmp")
                (job.box / "tmp").mkdir()
                mount_tmpfs(job.box / "out", self.settings.max_result_mb * MiB + MiB,
                            MAX_OUTPUT_FILES + 64, self.settings.sandbox_uid, noexec=True)
                mount_tmpfs(job.box / "tmp", limits.scratch_mb * MiB, SCRATCH_FILES,
                            self.settings.sandbox_uid)
            if self.cgroups is not None:
                job.group = self.cgroups.create(limits.memory_mb * MiB, limits.processes)
        except OSError as exc:  # the host refused a mount or a cgroup: not the submission's doing
            job.cleanup()
            raise SandboxFault(f"could not prepare the box: {exc}") from exc
        except BaseException:
            job.cleanup()
            raise
        return job

    def _launch(self, job: Job, wall_s: float | None = None) -> Finished:
        """Run the runner over the prepared box in a fresh bwrap sandbox, for `wall_s` (by
        default the run's wall limit; less when a failed warm attempt already used some)."""
        limits, group = job.request.limits, job.group
        filter_fd = seccomp.program_fd() if seccomp.supported() else None
        try:
            argv = self._argv(job.box, job.request, group, filter_fd)
            over_cpu = (lambda: (group.cpu_s() or 0.0) > limits.cpu_s) if group else None
            return run_capped(
                argv, deadline_s=limits.wall_s if wall_s is None else wall_s,
                output_cap=limits.output_bytes,
                env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
                kill_tree=group.kill_all if group else None, stop_when=over_cpu,
                pass_fds=() if filter_fd is None else (filter_fd,),
            )
        finally:
            if filter_fd is not None:
                os.close(filter_fd)

    def _argv(self, box: Path, request: RunRequest, group: RunGroup | None,
              filter_fd: int | None) -> list[str]:
        limits = request.limits
        rl = ["prlimit", *(r.prlimit_arg() for r in rlimits(limits, has_cgroup=group is not None))]
        bw = ["bwrap", "--die-with-parent", "--new-session", "--hostname", "box"]
        if self.root_mode:
            bw += ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                   "--unshare-cgroup-try"]
            bw += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP"]
        else:
            uid = str(self.settings.sandbox_uid)
            bw += ["--unshare-all", "--uid", uid, "--gid", uid, "--disable-userns"]
        # Scratch first: a runtime that lives under /tmp (a checkout there) is bound into it
        # below, instead of being hidden by it.
        if self.root_mode:
            bw += ["--bind", str(box / "tmp"), "/tmp"]
        else:
            bw += ["--size", str(limits.scratch_mb * MiB), "--tmpfs", "/tmp"]
        for d in _skeleton([*map(str, self.runtime.roots), envelope.in_box("lib")]):
            bw += ["--perms", "0755", "--dir", d]  # else bwrap makes them 0700, unreadable
        for d in SYSTEM_DIRS:
            bw += ["--ro-bind-try", d, d]
        for f in SYSTEM_FILES:
            bw += ["--ro-bind-try", f, f]
        bw += ["--ro-bind", str(box / "etc/passwd"), "/etc/passwd",
               "--ro-bind", str(box / "etc/group"), "/etc/group"]
        for root in self.runtime.roots:
            bw += ["--ro-bind", str(root), str(root)]
            bw += self._mask_hidden(root)
        for name in request.blocked_modules:
            for path, is_pkg in self.runtime.module_paths(name):
                blocker = str(box / "blocked" / f"{name}.py")
                if is_pkg:  # an empty, read-only folder holding only the blocker
                    bw += ["--perms", "0755", "--tmpfs", str(path),
                           "--ro-bind", blocker, str(path / "__init__.py"),
                           "--remount-ro", str(path)]
                else:
                    bw += ["--ro-bind", blocker, str(path)]
        bw += ["--proc", "/proc", "--dev", "/dev"]
        if filter_fd is not None:
            bw += ["--seccomp", str(filter_fd)]
        for sub in envelope.READ_ONLY_DIRS:
            bw += ["--ro-bind", str(box / sub), envelope.in_box(sub)]
        bw += ["--bind", str(box / envelope.OUT), envelope.in_box(envelope.OUT),
               "--remount-ro", "/", "--chdir", "/tmp", "--clearenv"]
        for k, v in SANDBOX_ENV.items():
            bw += ["--setenv", k, v]
        inner = [self.runtime.python, "-I", "-B", envelope.in_box(envelope.RUNNER), envelope.BOX]
        if self.root_mode:
            uid = str(self.settings.sandbox_uid)
            inner = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                     "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--", *inner]
        argv = [*rl, "--", *bw, "--", *inner]
        if group is not None:
            join = " && ".join(f"echo $$ > {shlex.quote(str(f))}" for f in group.procs_files)
            argv = ["/bin/sh", "-c", f'{join} && exec "$@"', "sh", *argv]
        return argv

    def _mask_hidden(self, bound: Path) -> list[str]:
        """Hide katas and data folders that happen to lie inside a bound runtime folder."""
        args = []
        for p in self.hidden:
            if p != bound and bound in p.parents:
                args += ["--perms", "0755", "--tmpfs", str(p), "--remount-ro", str(p)]
        return args


def _cpu_used(group: RunGroup | None, before: float) -> float | None:
    used = group.cpu_s() if group is not None else None
    return None if used is None else max(0.0, used - before)


def _skeleton(destinations: list[str]) -> list[str]:
    """Ancestor folders of bind destinations that lie outside the system folders, in order."""
    dirs: list[str] = []
    for dest in destinations:
        for parent in reversed(Path(dest).parents):
            p = str(parent)
            inside_system = any(p == d or p.startswith(d + "/") for d in SYSTEM_DIRS)
            if p not in ("/", "/tmp") and not inside_system and p not in dirs:
                dirs.append(p)
    return dirs


def _identity_files(uid: int) -> dict[str, bytes]:
    return {
        "etc/passwd": (f"root:x:0:0::/:/usr/sbin/nologin\n"
                       f"sandbox:x:{uid}:{uid}::/tmp:/usr/sbin/nologin\n").encode(),
        "etc/group": f"root:x:0:\nsandbox:x:{uid}:\n".encode(),
    }


def _status(returncode: int) -> tuple[int | None, int | None]:
    """Exit code or signal; bwrap reports a signalled child as 128 + signal."""
    if returncode < 0:
        return None, -returncode
    if returncode > 128 and returncode - 128 < 65:
        return None, returncode - 128
    return returncode, None


def _limit_hit(
    timed_out: bool, cpu_stopped: bool, sig: int | None, group: RunGroup | None, limits: Limits,
    scratch_full: bool,
) -> LimitHit | None:
    """The limit that explains how the run ended; the most specific cause wins over the wall."""
    if group is not None and group.oom_killed():
        return LimitHit.MEMORY
    if group is not None and group.pids_exhausted():
        return LimitHit.PROCESSES  # a fork or thread bomb usually runs on until the wall
    cpu = group.cpu_s() if group is not None else None
    if cpu_stopped or sig == signal.SIGXCPU or (
            sig == signal.SIGKILL and cpu and cpu >= limits.cpu_s * 0.95):
        return LimitHit.CPU
    if timed_out:
        return LimitHit.WALL
    if sig == signal.SIGXFSZ:
        return LimitHit.FILE_SIZE
    if scratch_full:
        return LimitHit.SCRATCH
    return None
