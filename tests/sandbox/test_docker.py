"""The Docker/OCI backend against a real engine: podman's Docker-compatible API with gVisor.

A session fixture starts `podman system service` on a private socket with its own storage
under /var/tmp/katagrad/podman (kept between runs, so the runner image is built once), and
builds the runner image from this machine's Python runtime if it is missing. Where podman
or runsc is missing or the engine does not answer, every engine test skips with the reason.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy
import pytest

from graders.grade import Mode, grade
from graders.kata import Kata, load_kata
from katagrad.errors import SandboxUnavailable
from katagrad.settings import ROOT, Settings, load_settings
from sandbox.base import LimitHit, RunRequest
from sandbox.box import harness_files
from sandbox.docker import DockerSandbox, box_archive, outputs_from_tar
from sandbox.limits import Limits, service_maximums

WORK = Path("/var/tmp/katagrad/podman")
HOSTILE = Path(__file__).parent / "hostile"
KATA = ROOT / "katas" / "attention-numpy"
SMALL = dict(max_cpu_s=2.0, max_wall_s=6.0, max_memory_mb=512, max_processes=32,
             max_open_files=64, max_file_mb=8, max_scratch_mb=16, max_output_kb=64,
             max_result_mb=8)
MARGIN_S = 8.0  # container start and gVisor's own start, on a loaded 2-core machine


def _image_tag() -> str:
    """A tag that changes when what goes into the image does."""
    h = hashlib.sha256((ROOT / "scripts" / "runner_rootfs.py").read_bytes())
    h.update(f"{sys.version}{numpy.__version__}{sys.base_prefix}".encode())
    return f"katagrad-runner:test-{h.hexdigest()[:12]}"


def _podman() -> list[str]:
    """podman on private storage (its database pins root and runroot together)."""
    return ["podman", "--root", str(WORK / "storage"), "--runroot", str(WORK / "run"),
            "--tmpdir", str(WORK / "tmp"), "--cgroup-manager=cgroupfs",
            "--runtime", shutil.which("runsc") or "runsc", "--runtime-flag", "network=none",
            "--events-backend=file"]


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(API url, runner image) of a podman service, or a skip that says why there is none."""
    missing = [t for t in ("podman", "runsc") if shutil.which(t) is None]
    if missing:
        pytest.skip(f"no container engine: {' and '.join(missing)} not installed "
                    "(apt-get install podman runsc)")
    sock = tmp_path_factory.mktemp("podman") / "api.sock"
    podman = _podman()
    # Its own working folder: conmon leaves an `oom` marker in the cwd when a container is
    # OOM-killed (the memory bombs), which must not land in the checkout.
    service = subprocess.Popen([*podman, "system", "service", "--time", "0", f"unix://{sock}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               cwd=sock.parent)
    try:
        import docker

        client = None
        for _ in range(100):
            if service.poll() is not None:
                break
            if sock.exists():
                try:
                    client = docker.DockerClient(base_url=f"unix://{sock}", timeout=30)
                    client.ping()
                    break
                except Exception:  # noqa: BLE001 - still starting
                    client = None
            time.sleep(0.2)
        if client is None:
            err = service.stderr.read().decode()[-500:] if service.poll() is not None else ""
            pytest.skip(f"the podman API service did not answer on {sock}: {err}")
        tag = _image_tag()
        try:
            client.images.get(tag)
        except docker.errors.ImageNotFound:
            started = time.monotonic()
            build = subprocess.run(
                ["bash", str(ROOT / "scripts" / "build-runner-image.sh"), tag],
                env={"ENGINE": " ".join(podman), "PYTHON": sys.executable,
                     "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
                capture_output=True, text=True, timeout=600)
            assert build.returncode == 0, build.stderr[-2000:]
            print(f"built {tag} in {time.monotonic() - started:.0f} s")
        client.close()
        yield f"unix://{sock}", tag
    finally:
        service.terminate()
        try:
            service.wait(timeout=20)
        except subprocess.TimeoutExpired:
            service.kill()
            service.wait()


@pytest.fixture(scope="session")
def docker_settings(engine: tuple[str, str],
                    tmp_path_factory: pytest.TempPathFactory) -> Settings:
    url, image = engine
    return load_settings(katas_dir=ROOT / "katas", data_dir=tmp_path_factory.mktemp("data"),
                         sandbox="docker", docker_url=url, docker_image=image,
                         docker_runtime="runsc", **SMALL)


@pytest.fixture(scope="session")
def docker_box(docker_settings: Settings) -> DockerSandbox:
    box = DockerSandbox(docker_settings)
    box.check()
    return box


@pytest.fixture(scope="session")
def grading_settings(docker_settings: Settings) -> Settings:
    """The service's default maximums: a correct solution is graded under the kata's own
    limits (the tight SMALL ones are for hostile code; gVisor's own start counts as CPU)."""
    defaults = load_settings()
    return docker_settings.model_copy(update={k: getattr(defaults, k) for k in SMALL})


@pytest.fixture(scope="session")
def grading_box(grading_settings: Settings) -> DockerSandbox:
    return DockerSandbox(grading_settings)


@pytest.fixture(scope="session")
def attention() -> Kata:
    return load_kata(KATA)


def run_script(box: DockerSandbox, script: str, **limits: float) -> tuple[object, dict]:
    """Run `script` as the box's runner (no kata); what it prints as JSON comes back parsed."""
    lim = Limits(**{"cpu_s": 5, "wall_s": 10, "memory_mb": 256, **limits})  # type: ignore[arg-type]
    out = box.run(RunRequest(files={**harness_files(), "lib/runner.py": script.encode()},
                             limits=lim))
    last = out.stdout.decode().strip().splitlines()[-1:] or ["{}"]
    try:
        doc = json.loads(last[0])
    except ValueError:
        doc = {}
    return out, doc


# --- without an engine ---------------------------------------------------------------------


def test_box_archive_is_root_owned_and_confined() -> None:
    data = box_archive({"code/solution.py": b"x = 1\n", "in/plan.json": b"{}"})
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = {m.name: m for m in tar.getmembers()}
    assert {"box/lib", "box/code/solution.py", "box/in/plan.json"} <= set(members)
    assert all(m.uid == 0 and not m.mode & 0o022 for m in members.values())
    for bad in ("../x", "/etc/passwd", "out/r.json", "code/../../x"):
        with pytest.raises(ValueError):
            box_archive({bad: b""})


def test_outputs_from_tar_keeps_only_plain_named_files() -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in (("out/r.json", b"{}"), ("out/bad name.json", b"{}"),
                           ("out/sub/x.json", b"{}"), ("out/big.arrays", b"x" * 5000)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("out/l.json")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
    outputs, notes = outputs_from_tar([buf.getvalue()], limit_total=1000)
    assert outputs == {"r.json": b"{}"}
    assert any("l.json" in n for n in notes) and any("big.arrays" in n for n in notes)


def test_no_engine_is_a_clear_unavailable(tmp_path: Path) -> None:
    settings = load_settings(sandbox="docker", docker_url=f"unix://{tmp_path}/none.sock")
    with pytest.raises(SandboxUnavailable, match="engine"):
        DockerSandbox(settings).check()


# --- real gradings ---------------------------------------------------------------------------


def test_reference_scores_one(attention, grading_box, grading_settings) -> None:
    report = grade(attention, attention.reference_path.read_text(), sandbox=grading_box,
                   settings=grading_settings, mode=Mode.SUBMIT)
    assert report.score == 1.0, (report.message, report.output.stderr[-500:],
                                 [(t.name, t.message) for t in report.tests if t.points == 0])


@pytest.mark.parametrize("mutant", sorted(p.name for p in (KATA / "mutants").glob("*.py"))[:2])
def test_mutant_scores_below_one(mutant, attention, grading_box, grading_settings) -> None:
    report = grade(attention, (KATA / "mutants" / mutant).read_text(), sandbox=grading_box,
                   settings=grading_settings, mode=Mode.SUBMIT)
    assert report.status.value == "graded" and report.score < 1.0, report.to_json()


# --- the container's walls -------------------------------------------------------------------


def test_runs_unprivileged_with_a_read_only_root(docker_box) -> None:
    out, doc = run_script(docker_box, """
import json, os
def writable(p):
    try:
        open(p, "w").close(); return True
    except OSError:
        return False
caps = [l.split()[1] for l in open("/proc/self/status") if l.startswith("CapEff")][0]
nnp = [l.split()[1] for l in open("/proc/self/status") if l.startswith("NoNewPrivs")]
print(json.dumps({"uid": os.getuid(), "gid": os.getgid(), "caps": caps, "nnp": nnp,
                  "root": writable("/etc/x"), "box": writable("/box/code/x"),
                  "tmp": writable("/tmp/x"), "out": writable("/box/out/x.json"),
                  "env": sorted(os.environ)}))
""")
    assert out.exit_code == 0, out.stderr
    assert doc["uid"] == 65534 and doc["gid"] == 65534
    assert int(doc["caps"], 16) == 0
    assert doc["nnp"] in ([], ["1"])  # gVisor does not report the flag; runc does
    assert (doc["root"], doc["box"], doc["tmp"], doc["out"]) == (False, False, True, True)
    assert not any("KATAGRAD" in k or "SECRET" in k or "DOCKER" in k for k in doc["env"])


def test_no_network(docker_box) -> None:
    out, doc = run_script(docker_box, """
import json, socket
res = {}
for host in ("127.0.0.1", "10.0.2.2", "1.1.1.1"):
    try:
        socket.create_connection((host, 80), timeout=2).close(); res[host] = "connected"
    except OSError as e:
        res[host] = type(e).__name__
names = sorted(n for _, n in socket.if_nameindex())
print(json.dumps({"res": res, "ifaces": names}))
""")
    assert out.exit_code == 0, out.stderr
    assert "connected" not in doc["res"].values()
    assert doc["ifaces"] in ([], ["lo"])


def test_memory_cap(docker_box) -> None:
    out, _ = run_script(docker_box, "b = bytearray(2 << 30)\nb[::4096] = b'x' * len(b[::4096])\n",
                        memory_mb=256)
    assert out.exit_code != 0
    assert out.limit is LimitHit.MEMORY or b"MemoryError" in out.stderr or out.signal == 9


def test_wall_timeout_kills(docker_box) -> None:
    started = time.monotonic()
    out, _ = run_script(docker_box, "import time\nwhile True: time.sleep(1)\n", wall_s=3)
    assert out.limit is LimitHit.WALL
    assert time.monotonic() - started < 3 + MARGIN_S + 10


def test_cpu_budget_kills(docker_box) -> None:
    """RLIMIT_CPU where the runtime enforces it; gVisor's cgroup usage, polled, where not."""
    out, _ = run_script(docker_box, "while True: pass\n", cpu_s=1, wall_s=30)
    assert out.limit is LimitHit.CPU and out.wall_s < 30


def test_fork_bomb_is_capped(docker_box) -> None:
    out, doc = run_script(docker_box, """
import json, os, time
n, err = 0, None
try:
    for _ in range(500):
        if os.fork() == 0:
            time.sleep(30); os._exit(0)
        n += 1
except OSError as e:
    err = e.strerror
print(json.dumps({"forked": n, "err": err}), flush=True)
os._exit(0)
""", processes=16, wall_s=15)
    assert doc["forked"] < 16 and doc["err"], (doc, out.stderr)


def test_forbidden_module_is_masked(docker_box) -> None:
    """numpy blocked: a plain import meets the stub; skipping the stub finds an empty folder."""
    script = """
import json, sys
sys.path.insert(0, "/box/lib")  # as the runner does
res = {}
try:
    import numpy; res["plain"] = "imported"
except ImportError as e:
    res["plain"] = str(e)
sys.path[:] = [p for p in sys.path if not p.startswith("/box")]
sys.modules.pop("numpy", None)
try:
    import numpy; res["bypass"] = sorted(vars(numpy))[:50]
except ImportError as e:
    res["bypass"] = str(e)
print(json.dumps(res))
"""
    out = docker_box.run(RunRequest(files={**harness_files(), "lib/runner.py": script.encode()},
                                    limits=Limits(wall_s=10), blocked_modules=("numpy",)))
    doc = json.loads(out.stdout.decode().strip().splitlines()[-1])
    assert "not available in this kata" in doc["plain"]
    assert isinstance(doc["bypass"], str) or "ndarray" not in doc["bypass"], doc


def test_symlinks_in_out_are_not_followed(docker_box) -> None:
    out, _ = run_script(docker_box, """
import os
os.symlink("/etc/passwd", "/box/out/leak.json")
open("/box/out/ok.json", "w").write("{}")
""")
    assert out.outputs == {"ok.json": b"{}"}
    assert any("leak.json" in n for n in out.notes)


# --- the hostile suite, on this backend ------------------------------------------------------

HOSTILE_FILES = sorted(p.name for p in HOSTILE.glob("*.py"))


@pytest.mark.slow
@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_hostile_submission(name, attention, docker_box, docker_settings) -> None:
    """Every hostile file fails to score, in time; host-side probes are the bwrap suite's."""
    source = (HOSTILE / name).read_text()
    code = (source.replace("__ROOT__", str(ROOT)).replace("__CANARY__", "/nonexistent/canary")
            .replace("__PORT__", "9").replace("__ABSTRACT__", "katagrad-none"))
    m = re.search(r"^# settings: (.+)$", source, re.MULTILINE)
    settings, box = docker_settings, docker_box
    if m:
        settings = settings.model_copy(
            update={k: float(v) for k, v in (item.split("=") for item in m.group(1).split())})
        box = DockerSandbox(settings)
    limits = attention.limits.within(service_maximums(settings))
    started = time.monotonic()
    report = grade(attention, code, sandbox=box, settings=settings, mode=Mode.SUBMIT)
    took = time.monotonic() - started
    said = "\n".join([report.message, *(t.message for t in report.tests)])
    assert report.status.value == "graded", report.message
    assert report.score == 0.0 and not report.passed, said
    assert took < limits.wall_s + MARGIN_S, f"verdict took {took:.1f} s"
