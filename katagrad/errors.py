"""The one tree of real faults. A failing submission is never one of these: it is a Report."""

from __future__ import annotations


class KatagradError(Exception):
    """Base of every fault katagrad raises on purpose."""

    title = "katagrad error"


class SettingsError(KatagradError):
    """A setting is missing, malformed or unsafe."""

    title = "invalid settings"


class KataNotFound(KatagradError):
    """No kata has the requested id."""

    title = "kata not found"

    def __init__(self, kata_id: str) -> None:
        super().__init__(f"no kata named {kata_id!r}")
        self.kata_id = kata_id


class KataFormatError(KatagradError):
    """A kata folder is malformed; the message names the file and the field."""

    title = "malformed kata"

    def __init__(self, file: str, field: str | None, problem: str) -> None:
        where = f"{file}: {field}" if field else file
        super().__init__(f"{where}: {problem}")
        self.file, self.field, self.problem = file, field, problem


class SandboxUnavailable(KatagradError):
    """The configured sandbox cannot run here (missing binary, no permission)."""

    title = "sandbox unavailable"


class SandboxFault(KatagradError):
    """The sandbox itself broke while running a submission (not the submission's fault): the
    host refused a box's mount or cgroup, or the container engine failed mid-run."""

    title = "sandbox fault"


class SubmissionNotFound(KatagradError):
    """No submission with this id belongs to the asking client."""

    title = "submission not found"

    def __init__(self, submission_id: str) -> None:
        super().__init__(f"no submission {submission_id!r} for this client")
        self.submission_id = submission_id


class CodeTooLarge(KatagradError):
    """A submission's code (or the request body that carries it) is over the size cap."""

    title = "code too large"

    @classmethod
    def over(cls, limit: int, size: int | None = None) -> CodeTooLarge:
        """The one message for code over `max_code_bytes`, wherever the size is checked."""
        what = f"the code is {size} bytes," if size is not None else "the code is"
        return cls(f"{what} over the {limit}-byte limit")


class RateLimited(KatagradError):
    """A client or address submitted faster than the configured rate."""

    title = "too many requests"

    def __init__(self, message: str, retry_after_s: float) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class QueueFull(KatagradError):
    """The grading queue is at its configured depth; try again shortly."""

    title = "grading queue full"

    def __init__(self, message: str, retry_after_s: float) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class InterviewNotFound(KatagradError):
    """No interview this token or interviewer may see; says nothing about whether one exists."""

    title = "interview not found"

    def __init__(self) -> None:
        super().__init__("no such interview")


class TemplateNotFound(KatagradError):
    """No round template of this interviewer's by that id (another's answers the same)."""

    title = "template not found"

    def __init__(self) -> None:
        super().__init__("no such template")


class InterviewClosed(KatagradError):
    """The interview is not open for work now (not yet open, over time, cancelled, expired)."""

    title = "interview closed"


class RoundHeldElsewhere(KatagradError):
    """The round is open in another browser; its interviewer can release it."""

    title = "this round is open in another browser"

    def __init__(self) -> None:
        super().__init__("this round is open in another browser; only one browser may work on "
                         "it. Ask your interviewer to release it if you changed browser.")


class KataInRound(KatagradError):
    """A practice submission to a kata of the client's interview in progress."""

    title = "kata is part of your interview"

    def __init__(self) -> None:
        super().__init__("this kata is part of your interview in progress: run and submit it "
                         "in the interview page; practice submissions to it are refused until "
                         "the round ends")


class NotAllowed(KatagradError):
    """Not signed in, a wrong password, or a state-changing request without its CSRF token."""

    title = "forbidden"


class EngineUnavailable(KatagradError):
    """The distributed engine's database cannot be reached or is not PostgreSQL."""

    title = "task engine unavailable"


class PartLocked(KatagradError):
    """A follow-up part of a kata that this client or round has not unlocked yet."""

    title = "part locked"
