"""Prometheus metrics, in a registry per service so that test apps never collide."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily


class Metrics:
    def __init__(self, counts: Callable[[], dict[str, int]], depth: Callable[[], int]) -> None:
        self.registry = CollectorRegistry()
        self.registry.register(_StatusCollector(counts))
        self.created = Counter("katagrad_submissions_created_total",
                               "Submissions accepted, by mode", ["mode"], registry=self.registry)
        self.finished = Counter("katagrad_submissions_finished_total",
                                "Submissions that reached a terminal state",
                                ["status"], registry=self.registry)
        self.rejected = Counter("katagrad_requests_rejected_total",
                                "Submissions refused before queueing, by reason",
                                ["reason"], registry=self.registry)
        self.latency = Histogram("katagrad_grading_seconds", "Wall time of one grading",
                                 ["mode"], registry=self.registry,
                                 buckets=(0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120))
        self.queue_wait = Histogram("katagrad_queue_wait_seconds",
                                    "From accepted to a worker starting it",
                                    registry=self.registry,
                                    buckets=(0.01, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 300))
        depth_gauge = Gauge("katagrad_queue_depth", "Submissions waiting for a worker",
                            registry=self.registry)
        depth_gauge.set_function(lambda: float(depth()))


class _StatusCollector:
    """Submissions by status, read from the database at scrape time (survives restarts)."""

    def __init__(self, counts: Callable[[], dict[str, int]]) -> None:
        self._counts = counts

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily("katagrad_submissions", "Submissions stored, by status",
                                   labels=["status"])
        for status, n in self._counts().items():
            family.add_metric([status], n)
        yield family
