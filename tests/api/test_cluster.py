"""API and worker processes on the distributed engine (Procrastinate on real PostgreSQL):
nothing lost, nothing graded twice, through kill -9, SIGTERM and restarts."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from katagrad.settings import ROOT
from tests.api.cluster import KATAGRAD, Cluster, fresh_database, wait_until
from tests.api.conftest import KATA, POSTGRES_URL, solutions

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not POSTGRES_URL,
                       reason="KATAGRAD_TEST_POSTGRES_URL is unset: scripts/test.sh starts "
                              "PostgreSQL"),
]

REFERENCE = (ROOT / "katas" / KATA / "reference.py").read_text()
SLOW = "import time\ntime.sleep(4)\n" + REFERENCE  # long enough to be caught mid-grading


@pytest.fixture()
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    """A fresh database; each test starts the processes it needs."""
    assert POSTGRES_URL
    c = Cluster(tmp_path, fresh_database(POSTGRES_URL))
    yield c
    c.stop_all()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """One API and two workers, for the tests that leave the workers running."""
    assert POSTGRES_URL
    c = Cluster(tmp_path_factory.mktemp("shared"), fresh_database(POSTGRES_URL))
    c.api()
    c.worker(concurrency=2)
    c.worker(concurrency=2)
    yield c
    c.stop_all()


def finished_by(cluster: Cluster, ids: list[str] | set[str]) -> Counter[str]:
    """How often each of `ids` was finished, over every worker of the cluster."""
    return Counter(i for p in cluster.procs for i in p.ids("submission finished") if i in ids)


def submit(client: httpx.Client, code: str, n: int = 1) -> list[str]:
    ids = []
    for _ in range(n):
        r = client.post("/api/submissions", json={"kata_id": KATA, "code": code,
                                                  "mode": "submit"})
        assert r.status_code == 202, r.text
        ids.append(r.json()["id"])
    return ids


def terminal(client: httpx.Client, ids: list[str]) -> dict[str, dict]:  # type: ignore[type-arg]
    out = {}
    for i in ids:
        body = client.get(f"/api/submissions/{i}").json()
        if body["status"] in ("done", "error"):
            out[i] = body
    return out


def wait_terminal(client: httpx.Client, ids: list[str], timeout: float) -> dict[str, dict]:  # type: ignore[type-arg]
    wait_until(lambda: len(terminal(client, ids)) == len(ids), timeout, "every grading")
    return terminal(client, ids)


def test_two_workers_grade_200_submissions_once_each(shared: Cluster) -> None:
    cluster = shared
    workers = [p for p in cluster.procs if p.argv[1] == "worker"]
    sols = list(solutions().values())
    clients = [cluster.client() for _ in range(10)]
    expected: dict[str, tuple[httpx.Client, bool]] = {}
    for i in range(200):
        code, perfect = sols[i % len(sols)]
        c = clients[i % len(clients)]
        (sid,) = submit(c, code)
        expected[sid] = (c, perfect)
    for sid, (c, perfect) in expected.items():
        wait_terminal(c, [sid], 300)
        body = c.get(f"/api/submissions/{sid}").json()
        assert body["status"] == "done", body
        assert (body["score"] == 1.0) is perfect, (sid, body["score"])
    finished = finished_by(cluster, set(expected))
    assert set(finished) == set(expected)
    assert max(finished.values()) == 1  # none graded twice
    assert all(set(w.ids("submission finished")) & set(expected) for w in workers)  # both


def test_kill9_of_a_worker_mid_grading_its_work_finishes_on_the_other(cluster: Cluster) -> None:
    cluster.api()
    a = cluster.worker(concurrency=2)
    c = cluster.client()
    ids = submit(c, SLOW, 6)
    wait_until(lambda: len(a.ids("grading started")) >= 2, 60, "worker A to start two")
    a.signal(signal.SIGKILL)
    a.wait(30)
    interrupted = set(a.ids("grading started")) - set(a.ids("submission finished"))
    assert interrupted, "worker A was killed before it held a grading"
    b = cluster.worker(concurrency=2)
    bodies = wait_terminal(c, ids, 240)
    assert all(body["status"] == "done" and body["score"] == 1.0 for body in bodies.values())
    assert interrupted <= set(b.ids("submission finished"))
    finished = Counter(a.ids("submission finished") + b.ids("submission finished"))
    assert set(finished) == set(ids) and max(finished.values()) == 1


def test_sigterm_drains_what_the_worker_holds_and_takes_nothing_new(cluster: Cluster) -> None:
    cluster.api()
    a = cluster.worker(concurrency=2)
    c = cluster.client()
    ids = submit(c, SLOW, 5)
    wait_until(lambda: len(a.ids("grading started")) >= 2, 60, "worker A to start two")
    a.signal(signal.SIGTERM)
    assert a.wait(90) == 0, a.tail()
    held = a.ids("grading started")
    assert sorted(held) == sorted(a.ids("submission finished"))  # finished all it held
    assert len(held) == 2  # and took nothing after SIGTERM
    after = {i: body["status"] for i, body in
             ((i, c.get(f"/api/submissions/{i}").json()) for i in ids)}
    assert [after[i] for i in held] == ["done", "done"]
    assert sorted(s for i, s in after.items() if i not in held) == ["queued"] * 3
    b = cluster.worker(concurrency=2)
    wait_terminal(c, ids, 180)
    assert sorted(b.ids("submission finished")) == sorted(set(ids) - set(held))


def test_an_api_killed_and_restarted_loses_nothing(shared: Cluster) -> None:
    cluster = shared
    (api,) = [p for p in cluster.procs if p.argv[1] == "serve" and p.alive()]
    c = cluster.client()
    ids = submit(c, REFERENCE, 20)
    api.signal(signal.SIGKILL)
    api.wait(30)
    # a submission committed by an API that died before it could defer the job
    import sqlalchemy as sa

    from api.db.engine import make_engine
    from api.db.store import SubmissionStore
    from api.library import KataLibrary
    from katagrad.settings import load_settings

    settings = load_settings(database_url=cluster.env["KATAGRAD_DATABASE_URL"],
                             data_dir=cluster.tmp / "direct")
    engine = make_engine(settings)
    client_id = c.headers["X-Client-Token"].split(".")[0]
    orphan = SubmissionStore(engine).create(client_id, KATA, "submit", REFERENCE,
                                            kata_hash=KataLibrary(ROOT / "katas").digest(KATA))
    with engine.connect() as conn:
        jobs = conn.execute(sa.text("SELECT count(*) FROM procrastinate_jobs "
                                    "WHERE queueing_lock = :l"),
                            {"l": f"submission:{orphan.id}"}).scalar_one()
    engine.dispose()
    assert jobs == 0
    cluster.api()
    c.base_url = httpx.URL(cluster.url)
    bodies = wait_terminal(c, [*ids, orphan.id], 180)
    assert all(body["status"] == "done" and body["score"] == 1.0 for body in bodies.values())
    finished = finished_by(cluster, {*ids, orphan.id})
    assert set(finished) == {*ids, orphan.id} and max(finished.values()) == 1


def test_sse_on_the_api_shows_per_check_progress_of_a_worker_grading(shared: Cluster) -> None:
    c = shared.client()
    (sid,) = submit(c, "import time\ntime.sleep(2)\n" + REFERENCE)
    events: list[str] = []
    with c.stream("GET", f"/api/submissions/{sid}/events", timeout=120) as r:
        assert r.status_code == 200
        for line in r.iter_lines():
            if line.startswith("event: "):
                events.append(line.removeprefix("event: "))
                if events[-1] == "report":
                    break
    assert "running" in events and events.count("checks") == 1, events
    assert events[-1] == "report"
    assert events.index("checks") < events.index("report")


def test_a_worker_without_the_kata_version_refuses_and_another_takes_it(
        cluster: Cluster, tmp_path: Path) -> None:
    stale = tmp_path / "stale-katas"
    shutil.copytree(ROOT / "katas", stale, ignore=shutil.ignore_patterns("__pycache__"))
    statement = stale / KATA / "statement.md"
    statement.write_text(statement.read_text() + "\nAn older wording.\n")
    cluster.api()
    old = cluster.worker(concurrency=2, KATAGRAD_KATAS_DIR=str(stale))
    c = cluster.client()
    ids = submit(c, REFERENCE, 3)
    time.sleep(6)  # the old host has had every chance to take them
    assert [c.get(f"/api/submissions/{i}").json()["status"] for i in ids] == ["queued"] * 3
    new = cluster.worker(concurrency=2)
    wait_terminal(c, ids, 120)
    assert sorted(new.ids("submission finished")) == sorted(ids)
    assert old.ids("grading started") == []


def test_a_worker_exits_nonzero_when_the_engine_is_unreachable(tmp_path: Path) -> None:
    import os

    from tests.api.conftest import free_port

    env = {**os.environ, "KATAGRAD_DATA_DIR": str(tmp_path),
           "KATAGRAD_DATABASE_URL": f"postgresql://katagrad@127.0.0.1:{free_port()}/nothing"}
    out = subprocess.run([KATAGRAD, "worker"], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 1
    assert "cannot reach the task engine's database" in out.stderr
    sqlite = {**env, "KATAGRAD_DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}"}
    out = subprocess.run([KATAGRAD, "worker"], env=sqlite, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 1 and "needs KATAGRAD_DATABASE_URL=postgresql" in out.stderr


def test_cluster_script_starts_api_and_workers_and_stops_them(tmp_path: Path) -> None:
    import os

    from tests.api.conftest import free_port

    run_dir = tmp_path / "run"
    proc = subprocess.Popen(["bash", str(ROOT / "scripts" / "cluster.sh"), "--workers", "2",
                             "--run-dir", str(run_dir), "--port", str(free_port())],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "KATAGRAD_LOG_FORMAT": "json"})
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("katagrad cluster: http://127.0.0.1:"), line
        url = line.split()[2]
        pids = {f.name: int(f.read_text()) for f in run_dir.glob("*.pid")}
        assert set(pids) == {"api.pid", "worker-1.pid", "worker-2.pid"}
        c = httpx.Client(base_url=url, timeout=60)
        c.headers["X-Client-Token"] = c.get("/api/submissions").headers["x-client-token"]
        assert c.get("/api/health").json()["workers"] == 0  # the API grades nothing itself
        ids = submit(c, REFERENCE, 2)
        assert all(b["score"] == 1.0 for b in wait_terminal(c, ids, 240).values())
        out = subprocess.run(["bash", str(ROOT / "scripts" / "cluster.sh"), "--stop",
                              "--run-dir", str(run_dir)], capture_output=True, text=True,
                             timeout=180)
        assert out.returncode == 0, out.stderr
        proc.wait(60)
        for pid in pids.values():
            assert not Path(f"/proc/{pid}").exists() or \
                Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
        assert not list(run_dir.glob("*.pid"))
    finally:
        subprocess.run(["bash", str(ROOT / "scripts" / "cluster.sh"), "--stop", "--run-dir",
                        str(run_dir)], capture_output=True, timeout=180)
        if proc.poll() is None:
            proc.kill()
        pg_path = run_dir / "pg.path"
        if pg_path.exists() and pg_path.read_text().startswith("/tmp/katagrad-cluster-pg."):
            shutil.rmtree(pg_path.read_text().strip(), ignore_errors=True)
