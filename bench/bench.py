"""Submit→verdict latency and throughput: warm path, cold path, and the naive peer.

    .venv/bin/python -m bench.bench [--n 20] [--n-slow 3] [--clients 50] [--burst 200]
                                    [--katas ID ...] [--paths warm cold cli naive]

For every kata of the library (or `--katas`), the reference solution is graded `--n` times
one after another through the HTTP API (POST /api/submissions, then its event stream until
the report) on a `katagrad serve` running the warm backend, and `--n-slow` times on each
slow path: the same server on the cold backend, the CLI (`katagrad grade --json`, a fresh
process each time) and the naive peer (a fresh `python -m pytest` on bench/naive_test.py, no
sandbox). Throughput: `--clients` concurrent clients submit `--burst` submissions of a NumPy
kata and of a torch kata to each server (and to a pool of naive pytest processes as large as
the server's worker pool); every submission must come back. Memory: the resident and
proportional set size of each zygote and of every other process the warm server started.
Writes bench/results/latest.md and latest.json, and puts the tables in the README. A
script, not a test: numbers depend on the machine and on what else runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from graders import testwrite, variants
from graders.kata import KataFormat, find_kata
from katagrad.settings import ROOT

PATHS = ("warm", "cold", "cli", "naive")
THROUGHPUT_KATAS = {"numpy": "attention-numpy", "torch": "vae-manual-kl"}
PY = sys.executable
KATAGRAD = str(Path(PY).parent / "katagrad")
RESULTS = ROOT / "bench" / "results"


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(q * (len(xs) - 1))))]


def summary(xs: list[float]) -> dict[str, float]:
    return {"n": len(xs), "p50_ms": round(1000 * pct(xs, 0.5), 1),
            "p95_ms": round(1000 * pct(xs, 0.95), 1),
            "mean_ms": round(1000 * statistics.mean(xs), 1)}


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


# -- the three ways to grade ------------------------------------------------------------

def reference(kata: str) -> str:
    """The kata's own right answer: its reference solution, or for a write-the-tests kata
    (graders/testwrite.py) its own test suite."""
    found = find_kata(ROOT / "katas", kata)
    if found.format is KataFormat.TESTS:
        return testwrite.suite(found)
    return found.reference_path.read_text()


def naive_applies(kata: str) -> bool:
    """The naive peer runs a kata's checks against a solution; a write-the-tests kata has
    none to run (its candidate writes the tests)."""
    return find_kata(ROOT / "katas", kata).format is not KataFormat.TESTS


def cli_grade(kata: str, sandbox: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="katagrad-bench-"))
    ref = folder / "solution.py"
    ref.write_text(reference(kata))
    try:
        out = subprocess.run([KATAGRAD, "grade", kata, str(ref), "--json"], capture_output=True,
                             text=True, env={**os.environ, "KATAGRAD_SANDBOX": sandbox},
                             check=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert json.loads(out.stdout)["passed"], out.stdout[:500]


def naive_grade(kata: str) -> None:
    ref = ROOT / "katas" / kata / "reference.py"
    out = subprocess.run([PY, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          str(ROOT / "bench" / "naive_test.py")], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, "KATA": kata, "SOLUTION": str(ref)})
    assert out.returncode == 0, out.stdout[-800:]


class Server:
    """`katagrad serve` on a free loopback port with a throwaway data folder."""

    def __init__(self, sandbox: str) -> None:
        self.data = Path(tempfile.mkdtemp(prefix="katagrad-bench-"))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "KATAGRAD_SANDBOX": sandbox, "KATAGRAD_PORT": str(self.port),
               "KATAGRAD_DATA_DIR": str(self.data), "KATAGRAD_RATE_BURST": "100000",
               "KATAGRAD_IP_RATE_BURST": "100000", "KATAGRAD_LOG_LEVEL": "warning",
               "KATAGRAD_MAX_QUEUE_DEPTH": "100000"}
        self.log = (self.data / "server.log").open("wb")
        self.proc = subprocess.Popen([KATAGRAD, "serve"], env=env, cwd=ROOT, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                self.health = httpx.get(f"{self.url}/api/health", timeout=2).json()
                return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("server did not start: " + (self.data / "server.log").read_text())

    def client(self) -> httpx.Client:
        c = httpx.Client(base_url=self.url, timeout=600)
        c.headers["X-Client-Token"] = c.get("/api/submissions").headers["x-client-token"]
        return c

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)
        self.log.close()
        shutil.rmtree(self.data, ignore_errors=True)


def answer(client: httpx.Client, kata: str, code: str) -> str:
    """The right answer bound to the variant practice gives this client (katas with variants
    mean different things per client; graders/variants.py)."""
    shown = client.get(f"/api/katas/{kata}").json().get("variant")
    if not shown:
        return code
    return variants.source(variants.pick(find_kata(ROOT / "katas", kata), shown["name"]), code)


def http_grade(client: httpx.Client, kata: str, code: str) -> dict:
    """POST, then wait on the submission's event stream for its report, as the UI does."""
    r = client.post("/api/submissions", json={"kata_id": kata, "code": code, "mode": "submit"})
    r.raise_for_status()
    sid = r.json()["id"]
    with client.stream("GET", f"/api/submissions/{sid}/events") as events:
        event = ""
        for line in events.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event == "report":
                return json.loads(line[6:])
    raise RuntimeError(f"event stream of {sid} ended without a report")


# -- measurements -----------------------------------------------------------------------

def all_katas() -> list[str]:
    return sorted(p.parent.name for p in (ROOT / "katas").glob("*/kata.toml"))


def memory(server: Server) -> dict:
    """Resident (RSS) and proportional (PSS) memory of the server and each process it started."""
    procs: dict = {}
    own_ns = os.readlink(f"/proc/{server.proc.pid}/ns/pid")
    for pid in _descendants(server.proc.pid) | {server.proc.pid}:
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue  # gone meanwhile
        kb = {ln.split(":")[0]: int(ln.split()[1]) for ln in rollup.splitlines()[1:]}
        m = re.search(r"--runtime (\w+)", cmd)
        ppid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        if pid == server.proc.pid:
            role = "server"
        elif "sandbox.zygote" in cmd and m:  # a zygote's forks share its command line
            if ppid == server.proc.pid:
                role = f"zygote {m.group(1)}"
            elif os.readlink(f"/proc/{pid}/ns/pid") != own_ns:
                role = f"child {m.group(1)}"  # pid 1 of its own namespace: pooled, idle
            else:
                role = f"supervisor {m.group(1)}"
        else:
            role = cmd[:60]
        procs.setdefault(role, []).append({"pid": pid, "rss_mb": round(kb["Rss"] / 1024, 1),
                                           "pss_mb": round(kb["Pss"] / 1024, 1)})
    return procs


def _descendants(pid: int) -> set[int]:
    kids: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            for child in Path(task, "children").read_text().split():
                kids |= {int(child)} | _descendants(int(child))
    return kids


def latency(n: int, n_slow: int, katas: list[str], paths: tuple[str, ...]) -> dict:
    out: dict = {k: {} for k in katas}
    refs = {k: reference(k) for k in katas}
    for sandbox, label, reps in (("warm", "warm", n), ("bwrap", "cold", n_slow)):
        if label not in paths:
            continue
        server = Server(sandbox)
        client = server.client()
        for kata in katas:
            code = answer(client, kata, refs[kata])
            http_grade(client, kata, code)  # first use: loads the kata, starts a zygote
            xs = []
            phases: dict[str, list[float]] = {}
            for _ in range(reps):
                t = time.perf_counter()
                doc = http_grade(client, kata, code)
                xs.append(time.perf_counter() - t)
                assert doc["status"] == "done" and doc["report"]["passed"], doc
                for name, ms in doc["report"].get("phases_ms", {}).items():
                    phases.setdefault(name, []).append(ms)
            out[kata][f"http_{label}"] = {**summary(xs), "load": round(os.getloadavg()[0], 1)}
            out[kata][f"phases_{label}"] = {k: round(statistics.median(v), 1)
                                            for k, v in phases.items()}
            print(f"  http {label:5} {kata:28} {out[kata][f'http_{label}']} "
                  f"{out[kata][f'phases_{label}']}", flush=True)
        out.setdefault("_health", {})[label] = server.health
        client.close()
        server.stop()
    for kata in katas:
        if "cli" in paths:  # one-shot commands always grade on the cold path
            out[kata]["cli_cold"] = _slow(lambda k=kata: cli_grade(k, "bwrap"), n_slow)
            print(f"  cli        {kata:28} {out[kata]['cli_cold']}", flush=True)
        if "naive" in paths and naive_applies(kata):
            out[kata]["naive"] = _slow(lambda k=kata: naive_grade(k), n_slow)
            print(f"  naive      {kata:28} {out[kata]['naive']}", flush=True)
    return out


def _slow(grade_once, n: int) -> dict:  # type: ignore[no-untyped-def]
    """`n` timed gradings on a one-process path; one that does not pass is recorded (and
    shown as such in the table) instead of ending a run of half an hour."""
    try:
        return summary([timed(grade_once) for _ in range(n)])
    except (AssertionError, subprocess.CalledProcessError) as exc:
        return {"error": str(exc)[-300:]}


def _burst(server: Server, clients: int, burst: int, kata: str, code: str) -> dict:
    """`clients` threads submit `burst` gradings in all; latency of each, and the losses."""
    pool = [server.client() for _ in range(clients)]
    lat: list[float] = []
    lost = 0
    lock = threading.Lock()

    def one(i: int) -> None:
        nonlocal lost
        t = time.perf_counter()
        try:
            doc = http_grade(pool[i % clients], kata, code)
            ok = doc["status"] == "done" and doc["report"]["passed"]
        except httpx.HTTPError:
            ok = False
        with lock:
            lat.append(time.perf_counter() - t)
            lost += not ok

    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as ex:
        list(ex.map(one, range(burst)))
    wall = time.perf_counter() - t0
    for c in pool:
        c.close()
    return {**summary(lat), "per_s": round(burst / wall, 2), "lost_or_wrong": lost,
            "submissions": burst}


def throughput(clients: int, burst: int, workers: int, paths: tuple[str, ...]) -> dict:
    out: dict = {}
    codes = {k: (ROOT / "katas" / k / "reference.py").read_text()
             for k in THROUGHPUT_KATAS.values()}
    for sandbox, label in (("warm", "warm"), ("bwrap", "cold")):
        if label not in paths:
            continue
        server = Server(sandbox)
        # The cold path is a point of comparison, not a goal: a quarter of the burst (200
        # cold torch gradings alone would take minutes).
        n = burst if label == "warm" else max(clients, burst // 4)
        for kind, kata in THROUGHPUT_KATAS.items():
            http_grade(server.client(), kata, codes[kata])  # warm up
            out[f"{kind} http_{label}"] = r = _burst(server, clients, n, kata, codes[kata])
            print(f"  throughput {kind} {label}: {r}", flush=True)
        if label == "warm":  # both runtimes have served by now
            out["_memory"] = memory(server)
        server.stop()
    if "naive" in paths:
        for kind, kata in THROUGHPUT_KATAS.items():
            n = max(workers * 4, burst // 10)  # the naive peer is slow: a tenth of the burst
            t0 = time.perf_counter()
            with ThreadPoolExecutor(workers) as ex:  # as many pytest processes as workers
                lat = list(ex.map(lambda _, k=kata: timed(lambda: naive_grade(k)), range(n)))
            wall = time.perf_counter() - t0
            out[f"{kind} naive"] = r = {**summary(lat), "per_s": round(n / wall, 2),
                                        "lost_or_wrong": 0, "submissions": n,
                                        "note": f"{workers} pytest processes at a time"}
            print(f"  throughput {kind} naive: {r}", flush=True)
    return out


def _cell(r: dict | None) -> str:
    if r and "error" in r:
        return "did not pass"
    return f"{r['p50_ms']:.0f} / {r['p95_ms']:.0f}" if r else "–"


def markdown(res: dict) -> str:
    m = res["machine"]
    lines = [f"Measured {res['date']} on {m['cores']} cores ({m['cpu']}), commit "
             f"{res['commit']}, `{res['command']}`, load average {m['load_before']:.1f} before "
             f"and {m.get('load_after', 0):.1f} after (the machine is shared). Latency is "
             "submit→verdict for the kata's reference solution, p50 / p95 in ms.", "",
             "| kata | HTTP, warm | HTTP, cold | CLI (cold) | naive peer | naive ÷ HTTP warm |",
             "|---|---|---|---|---|---|"]
    for kata, r in res["latency"].items():
        if kata.startswith("_"):
            continue
        warm, naive = r.get("http_warm"), r.get("naive")
        ratio = (f"{naive['p50_ms'] / warm['p50_ms']:.0f}×"
                 if warm and naive and "p50_ms" in naive and "p50_ms" in warm else "–")
        cells = " | ".join(_cell(r.get(k)) for k in ("http_warm", "http_cold", "cli_cold",
                                                     "naive"))
        lines.append(f"| `{kata}` | {cells} | {ratio} |")
    phases = [(k, r["phases_warm"]) for k, r in res["latency"].items()
              if not k.startswith("_") and r.get("phases_warm")]
    if phases:
        names = list(dict.fromkeys(n for _, p in phases for n in p))
        lines += ["", "Where the warm HTTP time goes (the report's `phases_ms`, p50 per phase, "
                  "ms; `run` is the box from its Go to its exit status, `store` the database "
                  "write; the rest of the HTTP time is the API, the queue and the event "
                  "stream):", "", "| kata | " + " | ".join(names) + " | load |",
                  "|---|" + "---|" * (len(names) + 1)]
        for kata, p in phases:
            load = res["latency"][kata].get("http_warm", {}).get("load", "")
            lines.append(f"| `{kata}` | " + " | ".join(f"{p.get(n, 0):g}" for n in names)
                         + f" | {load} |")
    t = res["throughput"]
    lines += ["", f"Throughput, {res['clients']} concurrent clients "
              f"(numpy: `{THROUGHPUT_KATAS['numpy']}`, torch: `{THROUGHPUT_KATAS['torch']}`):",
              "", "| kata | path | submissions | per second | p50 / p95 ms | lost or wrong |",
              "|---|---|---|---|---|---|"]
    labels = {"http_warm": "HTTP warm", "http_cold": "HTTP cold", "naive": "naive peer"}
    for key, v in t.items():
        if key.startswith("_"):
            continue
        kind, path = key.split(" ", 1)
        lines.append(f"| {kind} | {labels[path]} | {v['submissions']} | {v['per_s']} | "
                     f"{_cell(v)} | {v['lost_or_wrong']} |")
    mem = t.get("_memory")
    if mem:
        lines += ["", "Memory of the warm server after the throughput run (MiB; PSS counts "
                  "pages shared with forked children once):", "", "| process | count | RSS | PSS |",
                  "|---|---|---|---|"]
        for role, ps in sorted(mem.items()):
            lines.append(f"| {role} | {len(ps)} | {sum(p['rss_mb'] for p in ps):.0f} | "
                         f"{sum(p['pss_mb'] for p in ps):.0f} |")
        total = sum(p["pss_mb"] for ps in mem.values() for p in ps)
        lines.append(f"| all | {sum(len(ps) for ps in mem.values())} | | {total:.0f} |")
    return "\n".join(lines) + "\n"


def publish(res: dict) -> None:
    """Write latest.json and latest.md, and the table into the README."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(res, indent=2) + "\n")
    (RESULTS / "latest.md").write_text(markdown(res))
    readme = ROOT / "README.md"
    readme.write_text(re.sub(r"(<!-- bench:begin -->\n).*?(<!-- bench:end -->)",
                             lambda m: m.group(1) + markdown(res) + m.group(2),
                             readme.read_text(), flags=re.S))


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.bench")
    ap.add_argument("--n", type=int, default=20, help="warm HTTP gradings per kata")
    ap.add_argument("--n-slow", type=int, default=3,
                    help="gradings per kata on the cold, CLI and naive paths")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--burst", type=int, default=200)
    ap.add_argument("--katas", nargs="*", default=None, help="default: every kata")
    ap.add_argument("--paths", nargs="*", default=list(PATHS), choices=PATHS)
    args = ap.parse_args()
    paths = tuple(args.paths)
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=ROOT).stdout.strip()
    res = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "commit": commit,
           "command": "python -m bench.bench " + " ".join(sys.argv[1:]),
           "machine": {"cores": os.cpu_count(), "cpu": cpu,
                       "load_before": os.getloadavg()[0]},
           "clients": args.clients}
    print("latency", flush=True)
    res["latency"] = latency(args.n, args.n_slow, args.katas or all_katas(), paths)
    print("throughput", flush=True)
    res["throughput"] = throughput(args.clients, args.burst, os.cpu_count() or 1, paths)
    res["machine"]["load_after"] = os.getloadavg()[0]
    publish(res)
    print(markdown(res))


if __name__ == "__main__":
    main()
