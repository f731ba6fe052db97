"""The Docker/OCI backend: one fresh container per run, driven through the `docker` SDK.

It talks to any engine with the Docker API: Docker itself, or `podman system service`
(optionally with gVisor's runsc as the runtime). Nothing on the host is bind-mounted:

    create    read-only root, no network, all capabilities dropped, no-new-privileges, a
              non-root user, memory/pids/cpu caps, rlimits, tmpfs /tmp, and an anonymous
              volume for /box/out (a tmpfs would vanish when the container stops, and under
              gVisor it lives inside the sandbox where the engine cannot read it)
    deliver   a tar of lib/, code/, in/ put into the created, not yet started container
    run       start, wait until the wall deadline, then kill
    collect   capped stdout/stderr from the engine's log, and /box/out as a tar stream read
              in memory: regular files with valid names under a size cap, never extracted
    remove    the container and its volume, always
"""

from __future__ import annotations

import contextlib
import io
import re
import signal
import tarfile
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from katagrad.errors import SandboxFault, SandboxUnavailable
from katagrad.settings import Settings
from sandbox.base import LimitHit, RunOutcome, RunRequest
from sandbox.box import MAX_OUTPUT_FILES, OUTPUT_NAME, harness_files
from sandbox.harness import envelope
from sandbox.limits import Limits, MiB, Rlimit, rlimits
from sandbox.runtime import BLOCKED_MODULE, SANDBOX_ENV

MODULE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")
BOX_DIRS = envelope.READ_ONLY_DIRS
# Image labels that say where the interpreter and its site-packages lie (Dockerfile sets them).
PYTHON_LABEL = "katagrad.python"
SITE_LABEL = "katagrad.site-packages"
DEFAULT_PYTHON = "/usr/local/bin/python3"
DEFAULT_SITE = "/usr/local/lib/python3.11/site-packages"
# gVisor's own host threads and memory count against the container's pids and memory cgroups;
# the submission's process count is then held by RLIMIT_NPROC, which gVisor enforces itself.
GVISOR_PIDS_HEADROOM = 256
GVISOR_MEMORY_HEADROOM_MB = 128
KILL_GRACE_S = 10.0
CPU_POLL_S = 1.0
DEFAULT_ENGINE_URL = "unix:///var/run/docker.sock"


@dataclass(frozen=True)
class Image:
    """What the backend needs to know about the runner image."""

    ref: str
    python: str
    site_packages: str


class DockerSandbox:
    """Runs each submission in a fresh container on a Docker-API engine."""

    name = "docker"

    def __init__(self, settings: Settings, client: Any = None) -> None:
        self.settings = settings
        self._client = client
        self._image: Image | None = None
        self._gvisor: bool | None = None

    @property
    def isolation(self) -> str:
        runtime = self.settings.docker_runtime or "engine default"
        return f"docker ({runtime}; image {self.settings.docker_image})"

    def check(self) -> None:
        """Raise SandboxUnavailable unless the engine answers and holds the runner image."""
        self._ready()

    def status(self) -> dict[str, object] | None:
        return None

    def warm_up(self) -> None:
        return None  # nothing lives between runs

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        self._image = self._gvisor = None

    def _ready(self) -> tuple[Any, Image, bool]:
        try:
            import docker
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise SandboxUnavailable("the docker Python SDK is not installed") from exc
        if self._client is None:
            url = self.settings.docker_url or DEFAULT_ENGINE_URL
            try:
                self._client = docker.DockerClient(base_url=url, timeout=60)
            except docker.errors.DockerException as exc:
                raise SandboxUnavailable(f"no container engine at {url}: {exc}") from None
        client = self._client
        if self._image is None or self._gvisor is None:
            try:
                client.ping()
                info = client.info()
                labels = client.images.get(self.settings.docker_image).labels or {}
            except docker.errors.ImageNotFound:
                raise SandboxUnavailable(
                    f"the runner image {self.settings.docker_image} is missing: build it "
                    "(docker build -t katagrad-runner . or scripts/build-runner-image.sh)"
                ) from None
            except (docker.errors.DockerException, OSError) as exc:
                raise SandboxUnavailable(f"the container engine does not answer: {exc}") from None
            self._image = Image(self.settings.docker_image,
                                labels.get(PYTHON_LABEL, DEFAULT_PYTHON),
                                labels.get(SITE_LABEL, DEFAULT_SITE))
            runtime = self.settings.docker_runtime or str(info.get("DefaultRuntime") or "")
            self._gvisor = "runsc" in runtime or "gvisor" in runtime
        return client, self._image, self._gvisor

    def run(self, request: RunRequest) -> RunOutcome:
        import docker

        client, image, gvisor = self._ready()
        limits = request.limits
        files = {**harness_files(), **request.files}
        for name in request.blocked_modules:
            if not MODULE_NAME.match(name):
                raise ValueError(f"not a module name: {name!r}")
            files[f"lib/{name}.py"] = BLOCKED_MODULE.format(name=name).encode()
        archive = box_archive(files)
        config = container_config(image, request, self.settings, gvisor)
        container = None
        started = time.monotonic()
        try:
            container = client.containers.create(**config)
            if not container.put_archive("/", archive):
                raise SandboxFault("the engine refused the box archive")
            started = time.monotonic()
            container.start()
            killed = _wait(container, limits, poll_cpu=gvisor)
            wall_s = time.monotonic() - started
            container.reload()
            state = container.attrs.get("State", {})
            stdout, stderr, truncated = _logs(container, limits.output_bytes)
            outputs, notes = read_outputs(container, self.settings.max_result_mb * MiB)
        except docker.errors.DockerException as exc:
            raise SandboxFault(f"the container engine failed mid-run: {exc}") from None
        finally:
            if container is not None:
                _remove(container)
        code, sig = _status(int(state.get("ExitCode", -1)))
        return RunOutcome(
            exit_code=None if killed else code, signal=signal.SIGKILL if killed else sig,
            limit=_limit_hit(killed, bool(state.get("OOMKilled")), sig),
            stdout=stdout, stderr=stderr, output_truncated=truncated, outputs=outputs,
            wall_s=wall_s, notes=tuple(notes),
        )


def container_config(image: Image, request: RunRequest, settings: Settings,
                     gvisor: bool) -> dict[str, Any]:
    """Keyword arguments for `containers.create`: every restriction in one place."""
    from docker.types import LogConfig, Mount, Ulimit

    limits = request.limits
    memory = limits.memory_mb + (GVISOR_MEMORY_HEADROOM_MB if gvisor else 0)
    config: dict[str, Any] = dict(
        image=image.ref,
        command=[image.python, "-I", "-B", envelope.in_box(envelope.RUNNER), envelope.BOX],
        entrypoint=[],
        user=f"{settings.sandbox_uid}:{settings.sandbox_uid}",
        working_dir="/tmp",
        environment=dict(SANDBOX_ENV),
        hostname="box",
        network_mode="none",
        network_disabled=True,
        read_only=True,
        tmpfs={"/tmp": f"size={limits.scratch_mb}m,mode=1777,noexec,nosuid,nodev"},
        mounts=[Mount(target=envelope.in_box(envelope.OUT), source=None, type="volume")],
        mem_limit=f"{memory}m",
        memswap_limit=f"{memory}m",
        pids_limit=limits.processes + (GVISOR_PIDS_HEADROOM if gvisor else 0),
        nano_cpus=1_000_000_000,
        cap_drop=["ALL"],
        security_opt=["no-new-privileges"],
        ulimits=[Ulimit(name=r.name, soft=r.soft, hard=r.hard) for r in docker_rlimits(limits)],
        log_config=LogConfig(type="json-file",
                             config={"max-size": str(max(limits.output_bytes * 2, 65536))}),
        labels={"katagrad.run": "1"},
        stdin_open=False,
        tty=False,
        detach=True,
        auto_remove=False,
        privileged=False,
    )
    if settings.docker_runtime:
        config["runtime"] = settings.docker_runtime
    for name in request.blocked_modules:  # mask the real package; the lib/ stub explains why
        config["tmpfs"][f"{image.site_packages}/{name}"] = "size=64k,mode=0555,noexec"
    return config


def docker_rlimits(limits: Limits) -> tuple[Rlimit, ...]:
    """The shared rlimits (the container has its cgroup), plus RLIMIT_NPROC: under gVisor the
    pids cap carries headroom for gVisor's own threads, so nproc holds the submission's count."""
    return (*rlimits(limits, has_cgroup=True),
            Rlimit("nproc", limits.processes, limits.processes))


def box_archive(files: Mapping[str, bytes]) -> bytes:
    """An in-memory tar of the box: root-owned, read-only to the sandbox user."""
    buf = io.BytesIO()
    seen: set[str] = set()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:

        def add_dir(name: str) -> None:
            if name in seen or name in ("", "."):
                return
            parent = name.rsplit("/", 1)[0] if "/" in name else ""
            add_dir(parent)
            seen.add(name)
            tar.addfile(_tarinfo(name, tarfile.DIRTYPE, 0o755))

        for sub in BOX_DIRS:
            add_dir(f"box/{sub}")
        for rel, data in sorted(files.items()):
            parts = rel.split("/")
            if rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
                raise ValueError(f"box path escapes the box: {rel}")
            if parts[0] not in BOX_DIRS:
                raise ValueError(f"box path outside lib/, code/, in/: {rel}")
            add_dir("/".join(["box", *parts[:-1]]))
            info = _tarinfo(f"box/{rel}", tarfile.REGTYPE, 0o644)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _tarinfo(name: str, kind: bytes, mode: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.uid, info.gid, info.mtime = kind, mode, 0, 0, int(time.time())
    return info


def read_outputs(container: Any, limit_total: int) -> tuple[dict[str, bytes], list[str]]:
    """The regular files the run left in /box/out, read from the engine's tar stream."""
    import docker

    try:
        chunks, _ = container.get_archive(envelope.in_box(envelope.OUT), chunk_size=1 << 16)
    except docker.errors.NotFound:
        return {}, ["output folder missing"]
    return outputs_from_tar(chunks, limit_total)


def outputs_from_tar(chunks: Iterable[bytes],
                     limit_total: int) -> tuple[dict[str, bytes], list[str]]:
    """Parse an archive of out/ in memory: valid names, regular files, `limit_total` bytes."""
    outputs: dict[str, bytes] = {}
    notes: list[str] = []
    stream = _CappedStream(iter(chunks), limit_total + (MAX_OUTPUT_FILES + 16) * 1024)
    total = 0
    try:
        with tarfile.open(fileobj=stream, mode="r|") as tar:
            for i, member in enumerate(tar):
                if i > MAX_OUTPUT_FILES:
                    notes.append(f"more than {MAX_OUTPUT_FILES} entries in the output folder")
                    break
                name = _output_name(member.name)
                if name is None or not OUTPUT_NAME.match(name):
                    continue
                if not member.isreg():
                    notes.append(f"ignored {name}: not a regular file")
                    continue
                if total + member.size > limit_total:
                    notes.append(f"ignored {name}: results exceed {limit_total} bytes")
                    continue
                f = tar.extractfile(member)
                data = f.read(member.size) if f is not None else b""
                total += len(data)
                outputs[name] = data
    except _TooLarge:
        notes.append(f"the output folder exceeds {limit_total} bytes; the rest was ignored")
    except tarfile.TarError as exc:
        notes.append(f"output archive unreadable: {exc}")
    return outputs, notes


def _output_name(member: str) -> str | None:
    """A file's name directly inside out/ ("out/x.json", "/x.json" or "x.json"), else None."""
    parts = [p for p in member.split("/") if p not in ("", ".")]
    if parts and parts[0] == "out":
        parts = parts[1:]
    return parts[0] if len(parts) == 1 else None


class _TooLarge(Exception):
    pass


class _CappedStream(io.RawIOBase):
    """A read-only file over an iterator of chunks that refuses to yield more than `cap`."""

    def __init__(self, chunks: Iterator[bytes], cap: int) -> None:
        self.chunks, self.cap, self.read_total, self.buf = chunks, cap, 0, b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self.buf:
            try:
                self.buf = next(self.chunks)
            except StopIteration:
                return 0
        n = min(len(b), len(self.buf))
        if self.read_total + n > self.cap:
            raise _TooLarge
        b[:n], self.buf = self.buf[:n], self.buf[n:]
        self.read_total += n
        return n


def _wait(container: Any, limits: Limits, poll_cpu: bool) -> LimitHit | None:
    """Wait for the container to exit; kill it at the wall deadline, or, where RLIMIT_CPU is
    not enforced (gVisor), once its cgroup has used the CPU budget. Which limit killed it."""
    import docker
    import requests

    deadline = time.monotonic() + limits.wall_s
    hit: LimitHit | None = LimitHit.WALL
    while (left := deadline - time.monotonic()) > 0:
        try:
            container.wait(timeout=max(1, min(CPU_POLL_S, left)) if poll_cpu else left)
            return None
        except (requests.exceptions.ConnectionError, requests.exceptions.ReadTimeout):
            pass
        if poll_cpu and _cpu_s(container) >= limits.cpu_s:
            hit = LimitHit.CPU
            break
    with contextlib.suppress(docker.errors.APIError):  # it may have exited meanwhile
        container.kill()
    with contextlib.suppress(requests.exceptions.ConnectionError,
                             requests.exceptions.ReadTimeout):
        container.wait(timeout=KILL_GRACE_S)
    return hit


def _cpu_s(container: Any) -> float:
    """CPU seconds the container's cgroup has used, or 0 where the engine does not say."""
    try:
        stats = container.stats(stream=False)
        return float(stats["cpu_stats"]["cpu_usage"]["total_usage"]) / 1e9
    except Exception:  # noqa: BLE001 - no stats means the wall deadline alone applies
        return 0.0


def _logs(container: Any, cap: int) -> tuple[bytes, bytes, bool]:
    """stdout and stderr, at most `cap` bytes together; stderr keeps at least half if it needs."""
    out, out_cut = _read_capped(container.logs(stdout=True, stderr=False, stream=True), cap)
    err, err_cut = _read_capped(container.logs(stdout=False, stderr=True, stream=True), cap)
    keep_err = min(len(err), max(cap - len(out), cap // 2))
    keep_out = min(len(out), cap - keep_err)
    truncated = out_cut or err_cut or keep_out < len(out) or keep_err < len(err)
    return out[:keep_out], err[:keep_err], truncated


def _read_capped(chunks: Iterable[bytes], cap: int) -> tuple[bytes, bool]:
    kept = bytearray()
    it = iter(chunks)
    for chunk in it:
        if len(kept) + len(chunk) > cap:
            kept += chunk[: cap - len(kept)]
            close = getattr(it, "close", None)
            if close is not None:
                close()
            return bytes(kept), True
        kept += chunk
    return bytes(kept), False


def _remove(container: Any) -> None:
    import docker

    with contextlib.suppress(docker.errors.NotFound):
        container.remove(v=True, force=True)


def _status(code: int) -> tuple[int | None, int | None]:
    """Exit code or signal; engines report a signalled process as 128 + signal."""
    if code < 0:
        return None, None
    if code > 128 and code - 128 < 65:
        return None, code - 128
    return code, None


def _limit_hit(killed: LimitHit | None, oom_killed: bool, sig: int | None) -> LimitHit | None:
    if oom_killed:
        return LimitHit.MEMORY
    if killed is not None:
        return killed
    if sig == signal.SIGXCPU:
        return LimitHit.CPU
    if sig == signal.SIGXFSZ:
        return LimitHit.FILE_SIZE
    return None

