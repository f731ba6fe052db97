"""The pool's keeper, with stand-in slots (no sandbox): what it defers while runs are in
flight, and what it never defers."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from sandbox.pool import Pool, Slot
from tests.sandbox.conftest import wait_for


class StandIn:
    """A slot's job: records its tear-down."""

    def __init__(self, torn: list[StandIn]) -> None:
        self.torn = torn

    def cleanup(self) -> None:
        self.torn.append(self)


class Filler:
    """A pool's `fill`: an armed stand-in slot per call, its other socket end kept open."""

    def __init__(self) -> None:
        self.made = 0
        self.torn: list[StandIn] = []
        self.ends: list[socket.socket] = []
        self.lock = threading.Lock()

    def __call__(self, runtime: str) -> Slot:
        ours, theirs = socket.socketpair()
        with self.lock:
            self.made += 1
            self.ends.append(theirs)
        return Slot(runtime, 0, ours, -1, -1, StandIn(self.torn), 64)  # type: ignore[arg-type]


@pytest.fixture
def filler() -> Iterator[Filler]:
    f = Filler()
    yield f
    for end in f.ends:
        end.close()


def test_refill_and_teardown_wait_for_the_run_in_flight(filler) -> None:
    pool = Pool(2, filler, quiet_s=60.0)
    try:
        pool.want("numpy")
        assert wait_for(lambda: pool.ready() == {"numpy": 2})
        slot = pool.take("numpy")
        assert slot is not None and filler.made == 2
        time.sleep(0.3)
        assert filler.made == 2, "a refill ran during the run"
        pool.retire(slot.job)  # the run ended: the keeper tears down and refills now
        assert wait_for(lambda: filler.torn == [slot.job] and pool.ready() == {"numpy": 2})
        assert filler.made == 3
    finally:
        pool.close()


def test_deferred_work_waits_no_longer_than_quiet_s(filler) -> None:
    pool = Pool(2, filler, quiet_s=0.2)
    try:
        pool.want("numpy")
        assert wait_for(lambda: pool.ready() == {"numpy": 2})
        slot = pool.take("numpy")  # never retired: a long run
        assert slot is not None
        assert wait_for(lambda: filler.made == 3 and pool.ready() == {"numpy": 2})
    finally:
        pool.close()


def test_an_empty_pool_is_refilled_at_once(filler) -> None:
    pool = Pool(1, filler, quiet_s=60.0)
    try:
        pool.want("numpy")
        assert wait_for(lambda: pool.ready() == {"numpy": 1})
        first = pool.take("numpy")  # in flight, and the pool is empty: refill regardless
        assert first is not None
        assert wait_for(lambda: filler.made == 2 and pool.ready() == {"numpy": 1}, 5.0)
        second = pool.take("numpy")  # a caller waits while the first still runs
        assert second is not None and second is not first
        assert pool.running == 2
    finally:
        pool.close()
