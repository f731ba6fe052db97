"""What a grading job is to the engine: its task name, queue, priority and locks."""

from __future__ import annotations

from dataclasses import dataclass

from api.db.engine import database_url
from katagrad.settings import Settings

GRADE_TASK = "katagrad.grade"
MAINTENANCE_QUEUE = "katagrad.maintenance"
INTERVIEW_PRIORITY = 10  # ahead of practice (0): a candidate is waiting on the clock
PRACTICE_PRIORITY = 0


def conninfo(settings: Settings) -> str:
    """The libpq URL of the configured PostgreSQL database (psycopg, not SQLAlchemy)."""
    url = database_url(settings)
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def queue_for(kata_hash: str) -> str:
    """Jobs for one kata version go to its own queue; only hosts holding it listen there."""
    return f"grade.{kata_hash[:24]}"


@dataclass(frozen=True)
class GradeJob:
    """One submission, as deferred to the engine."""

    submission_id: str
    client_id: str
    kata_hash: str
    interview: bool
    ordinal: int  # how many submissions the client made before this one


    def options(self, max_running_per_client: int) -> dict[str, object]:
        """Procrastinate's `configure` arguments for this job."""
        slot = self.ordinal % max_running_per_client  # a burst spreads over every slot
        return {
            "queue": queue_for(self.kata_hash),
            "priority": INTERVIEW_PRIORITY if self.interview else PRACTICE_PRIORITY,
            # jobs sharing a lock run one at a time: a client holds at most `max` gradings
            "lock": f"client:{self.client_id}/{slot}",
            # at most one waiting job per submission: re-deferring is a no-op
            "queueing_lock": f"submission:{self.submission_id}",
        }
