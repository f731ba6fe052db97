"""Pre-forked, pre-isolated warm children: a few per runtime, each waiting for one submission.

A `Slot` is a child the zygote forked ahead of time (sandbox/zygote.py, pooled mode): its box
folder and capped tmpfs mounts exist, it sits in its own cgroup and in its own pid, mount,
net, ipc and uts namespaces, has pivoted into its private root, and waits as root for its
`Go`. Only then does it mask modules, set rlimits, drop to the sandbox uid, load seccomp and
run. The namespace setup and the cgroup attach thus leave the submission's critical path.

A slot is taken at most once and never returned: after its run, its box and cgroup are torn
down by the pool's thread, off the critical path too. A background thread keeps each pool at
`size`, replaces a pooled child that died (killed, crashed), and does the tear-downs.

That thread's work waits while pooled runs are in flight (at most `quiet_s`): a refill and a
tear-down mount, unmount and make cgroups and hold the GIL between those calls, and done during
a run they slowed it: HTTP p50 of attention-numpy 57 → 47 ms and of gaussian-kl 62 → 58 ms
with the wait (runs of 30, the two settings interleaved), throughput unchanged within noise.
It never waits while a pool is empty or a caller waits for a slot.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import os
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sandbox.bwrap import Job

log = logging.getLogger("katagrad.sandbox")
RETRY_S = 5.0  # after a failed fill, wait this long before trying that runtime again
FILL_WAIT_S = 90.0  # how long `take` waits for a fill under way (a zygote may be starting)
QUIET_S = 0.5  # how long the keeper's work may wait for the pooled runs in flight to end


@dataclass
class Slot:
    """One pooled child and everything prepared for it."""

    runtime: str
    pid: int  # the child's pid on the host (for tests and `status`)
    conn: socket.socket  # to its supervisor: the Go goes out here, the status comes back
    out_r: int
    err_r: int
    job: Job  # its box, mounts and cgroup; `job.request` is a placeholder until taken
    scratch_mb: int  # the size its scratch tmpfs was mounted with
    taken: bool = field(default=False)
    cpu_before: float = 0.0  # CPU its cgroup counted before its Go (its setup): not the run's

    def alive(self) -> bool:
        """Nothing may arrive before the Go: a message or end of stream means it is gone."""
        try:
            readable, _, _ = select.select([self.conn], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable

    def close_pipes(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()  # the supervisor sees end of stream and kills an unused child
        for fd in (self.out_r, self.err_r):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self.out_r = self.err_r = -1  # never closed twice: the number may be reused


class Pool:
    """Keeps `size` armed slots per runtime; `take` hands one out, once."""

    def __init__(self, size: int, fill: Callable[[str], Slot], quiet_s: float = QUIET_S) -> None:
        self.size, self.fill, self.quiet_s = size, fill, quiet_s
        self.slots: dict[str, collections.deque[Slot]] = {}
        self.filling: dict[str, int] = {}
        self.failed_at: dict[str, float] = {}
        self.retired: collections.deque[Job] = collections.deque()
        self.tearing = 0  # tear-downs under way on the keeper thread
        self.cond = threading.Condition()
        self.closing = False
        self.refills = 0  # slots made, for status and tests
        self.replaced = 0  # pooled children found dead and replaced
        self.threads: list[threading.Thread] = []
        self.served: collections.deque[int] = collections.deque(maxlen=1024)  # pids, newest last
        self.running = 0  # slots handed out and not retired yet
        self.takers = 0  # callers of `take` waiting for a slot
        self.due_since: float | None = None  # when the keeper's work it has deferred fell due

    def want(self, runtime: str) -> None:
        """Keep a pool for `runtime` from now on (started on first use or at warm-up)."""
        with self.cond:
            if self.closing or runtime in self.slots:
                return
            self.slots[runtime] = collections.deque()
            self.filling[runtime] = 0
            if not self.threads:
                self._spawn(self._keeper, "warm-pool-keeper")
            self.cond.notify_all()

    def take(self, runtime: str) -> Slot | None:
        """An armed slot of `runtime`, never handed out before. With none armed, waits for a
        fill under way (as long as an on-demand fork would take, or a zygote's start); None
        when no fill is under way or it failed: the caller forks on demand."""
        self.want(runtime)
        deadline = time.monotonic() + FILL_WAIT_S
        with self.cond:
            queue = self.slots[runtime]
            while True:
                while queue:
                    slot = queue.popleft()
                    if slot.alive():
                        slot.taken = True
                        self.running += 1
                        self.served.append(slot.pid)
                        self.cond.notify_all()  # refill
                        return slot
                    self._retire_locked(slot)
                    self.replaced += 1
                self.cond.notify_all()
                left = deadline - time.monotonic()
                if self.closing or left <= 0 or (
                        not self.filling[runtime] and runtime in self.failed_at):
                    return None
                self.takers += 1
                try:
                    self.cond.wait(timeout=min(left, 1.0))
                finally:
                    self.takers -= 1

    def retire(self, job: Job) -> None:
        """Tear a used box and cgroup down on the pool's thread, not the caller's."""
        with self.cond:
            if self.closing:
                job.cleanup()
                return
            self.retired.append(job)
            self.running = max(0, self.running - 1)
            self.cond.notify_all()

    def ready(self) -> dict[str, int]:
        with self.cond:
            return {rt: len(q) for rt, q in self.slots.items()}

    def pids(self, runtime: str) -> list[int]:
        with self.cond:
            return [s.pid for s in self.slots.get(runtime, ())]

    def waiting(self) -> list[Job]:
        """The boxes and cgroups of the slots waiting now (armed, never used)."""
        with self.cond:
            return [s.job for q in self.slots.values() for s in q]

    def settle(self, timeout_s: float = 30.0) -> bool:
        """Wait until every retired box and cgroup is torn down and every pool is full again,
        with no fill under way (for tests and the bench)."""
        deadline = time.monotonic() + timeout_s
        with self.cond:
            while self.retired or self.tearing or any(self.filling.values()) or any(
                    len(q) < self.size for q in self.slots.values()):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(timeout=min(left, 0.2))
            return True

    def close(self) -> None:
        with self.cond:
            self.closing = True
            slots = [s for q in self.slots.values() for s in q]
            for q in self.slots.values():
                q.clear()
            jobs = list(self.retired)
            self.retired.clear()
            self.cond.notify_all()
        for s in slots:
            s.close_pipes()
            s.job.cleanup()
        for job in jobs:
            job.cleanup()

    # -- the keeper thread --------------------------------------------------------------

    def _spawn(self, target: Callable[..., None], name: str, *args: object) -> None:
        t = threading.Thread(target=target, args=args, name=name, daemon=True)
        self.threads = [x for x in self.threads if x.is_alive()] + [t]
        t.start()

    def _retire_locked(self, slot: Slot) -> None:
        slot.close_pipes()
        self.retired.append(slot.job)

    def _keeper(self) -> None:
        """Tear down used boxes, drop dead children, and start fills where a pool is short."""
        while True:
            with self.cond:
                if self.closing:
                    return
                for queue in self.slots.values():
                    for slot in [s for s in queue if not s.alive()]:
                        queue.remove(slot)
                        self._retire_locked(slot)
                        self.replaced += 1
                now = time.monotonic()
                wait = self._deferred_locked(now)
                if wait > 0:
                    self.cond.wait(timeout=wait)
                    continue
                jobs = list(self.retired)
                self.retired.clear()
                self.tearing = len(jobs)
                for runtime, queue in self.slots.items():
                    short = self.size - len(queue) - self.filling[runtime]
                    if short > 0 and now - self.failed_at.get(runtime, -RETRY_S) >= RETRY_S:
                        for _ in range(short):
                            self.filling[runtime] += 1
                            self._spawn(self._fill_one, f"warm-pool-fill-{runtime}", runtime)
                if not jobs:
                    self.cond.wait(timeout=1.0)
            for job in jobs:
                try:
                    job.cleanup()
                except Exception:  # noqa: BLE001 - a leftover is swept at the next start
                    log.exception("could not tear a used box down")
            if jobs:
                with self.cond:
                    self.tearing = 0
                    self.cond.notify_all()

    def _deferred_locked(self, now: float) -> float:
        """How much longer the keeper's due work (tear-downs, refills) should wait: 0 when
        nothing runs, a pool is empty, a caller waits, or it has waited `quiet_s` already."""
        due = bool(self.retired) or any(self.size - len(q) - self.filling[rt] > 0
                                        for rt, q in self.slots.items())
        urgent = self.takers or any(not q and not self.filling[rt]
                                    for rt, q in self.slots.items())
        if not due or urgent or not self.running:
            self.due_since = None
            return 0.0
        self.due_since = self.due_since if self.due_since is not None else now
        left = self.due_since + self.quiet_s - now
        if left <= 0:
            self.due_since = None
        return max(left, 0.0)

    def _fill_one(self, runtime: str) -> None:
        slot: Slot | None = None
        try:
            slot = self.fill(runtime)
        except Exception as exc:  # noqa: BLE001 - the on-demand path serves meanwhile
            log.warning("could not pre-fork a warm child", extra={"runtime": runtime,
                                                                  "problem": str(exc)[-500:]})
        with self.cond:
            self.filling[runtime] -= 1
            late = self.closing
            if slot is None:
                self.failed_at[runtime] = time.monotonic()
            elif not late:
                self.slots[runtime].append(slot)
                self.failed_at.pop(runtime, None)
                self.refills += 1
            self.cond.notify_all()
        if slot is not None and late:
            slot.close_pipes()
            slot.job.cleanup()
