"""Throughput of a local cluster (scripts/cluster.sh) with 1, 2, ... grading worker processes.

    .venv/bin/python -m bench.cluster [--workers 1 2] [--clients 8] [--burst 40]

For each worker count, starts PostgreSQL, one API process and that many `katagrad worker`
processes (each grading as many submissions at once as the machine has cores), lets
`--clients` concurrent clients submit `--burst` gradings of attention-numpy's reference and
follow each to its report over SSE, and stops the cluster. Writes
bench/results/cluster.json and cluster.md. A script, not a test: on one machine more worker
processes share the same cores, so this measures the engine's overhead and the processes'
scheduling, not the scaling across hosts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.bench import RESULTS, _burst, http_grade
from katagrad.settings import ROOT

CLUSTER = ROOT / "scripts" / "cluster.sh"


class ClusterServer:
    """scripts/cluster.sh in a throwaway run dir; `client()` as bench.bench.Server has it."""

    def __init__(self, workers: int) -> None:
        self.run_dir = Path(tempfile.mkdtemp(prefix="katagrad-bench-cluster-"))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {**os.environ, "KATAGRAD_RATE_BURST": "100000", "KATAGRAD_IP_RATE_BURST": "100000",
               "KATAGRAD_MAX_QUEUE_DEPTH": "100000",
               "KATAGRAD_MAX_RUNNING_PER_CLIENT": "64"}
        self.proc = subprocess.Popen(
            ["bash", str(CLUSTER), "--workers", str(workers), "--run-dir", str(self.run_dir),
             "--port", str(port)], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+)", line)
        if not found:
            raise RuntimeError(f"cluster did not start: {line!r}")
        self.url = found.group(1)
        try:
            self._wait_workers(workers)
        except BaseException:
            self.stop()
            raise

    def _wait_workers(self, workers: int, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        for i in range(1, workers + 1):
            log = self.run_dir / f"worker-{i}.log"
            while "worker started" not in (log.read_text() if log.exists() else ""):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"worker {i} did not start")
                time.sleep(0.5)

    def client(self) -> httpx.Client:
        c = httpx.Client(base_url=self.url, timeout=600)
        c.headers["X-Client-Token"] = c.get("/api/submissions").headers["x-client-token"]
        return c

    def stop(self) -> None:
        subprocess.run(["bash", str(CLUSTER), "--stop", "--run-dir", str(self.run_dir)],
                       cwd=ROOT, capture_output=True, check=False)
        self.proc.wait(120)
        pg = self.run_dir / "pg.path"
        if pg.exists():
            shutil.rmtree(pg.read_text().strip(), ignore_errors=True)
        shutil.rmtree(self.run_dir, ignore_errors=True)


def markdown(res: dict) -> str:
    lines = [f"Measured {res['date']} on {res['cores']} cores (load before: "
             f"{res['load_before']:.1f}), `{res['command']}`: `attention-numpy`'s reference, "
             f"{res['clients']} concurrent clients, each submission followed over SSE.", "",
             "| worker processes | submissions | per second | p50 / p95 ms | lost or wrong |",
             "|---|---|---|---|---|"]
    for n, v in res["runs"].items():
        lines.append(f"| {n} | {v['submissions']} | {v['per_s']} | {v['p50_ms']:.0f} / "
                     f"{v['p95_ms']:.0f} | {v['lost_or_wrong']} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.cluster")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--burst", type=int, default=40)
    args = ap.parse_args()
    kata = "attention-numpy"
    code = (ROOT / "katas" / kata / "reference.py").read_text()
    res: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                 "command": "python -m bench.cluster " + " ".join(sys.argv[1:]),
                 "cores": os.cpu_count(), "load_before": os.getloadavg()[0],
                 "clients": args.clients, "runs": {}}
    for n in args.workers:
        server = ClusterServer(n)
        try:
            http_grade(server.client(), kata, code)  # first use of each zygote
            res["runs"][str(n)] = _burst(server, args.clients, args.burst, kata, code)  # type: ignore[arg-type]
            print(f"  {n} worker process(es): {res['runs'][str(n)]}", flush=True)
        finally:
            server.stop()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "cluster.json").write_text(json.dumps(res, indent=2) + "\n")
    (RESULTS / "cluster.md").write_text(markdown(res))
    print(markdown(res))


if __name__ == "__main__":
    main()
