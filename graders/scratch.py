"""A scratch run: the candidate's file runs as a script in the sandbox; nothing is graded.

The box gets the code and a plan that says `script`, nothing else: no check, no input, no
kata harness, so there is nothing hidden to see. The kata's limits and forbidden modules
apply as for grading. What comes back is data for the candidate to read (output, times,
figures); the figures are checked here to be PNGs under the caps before anyone shows them.
"""

from __future__ import annotations

import io
import signal
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image

from graders.grade import _limit_message
from graders.kata import Framework, Kata
from graders.static import inspect_code
from katagrad.errors import KatagradError
from katagrad.settings import Settings
from sandbox.base import LimitHit, RunOutcome, RunRequest, Sandbox
from sandbox.harness import envelope
from sandbox.harness.envelope import Plan
from sandbox.limits import service_maximums

MAX_FIGURE_PIXELS = 4096 * 4096  # a PNG may be small on disk and huge once decoded


class ScratchStatus(StrEnum):
    OK = "ok"  # the script ran to its end and exited 0
    FAILED = "failed"  # it raised, or exited non-zero, or was killed by a signal
    LIMIT = "limit"  # a limit of the kata ended it
    REJECTED = "rejected"  # refused before it ran (syntax, a forbidden module, size)
    ERROR = "error"  # the sandbox could not run it (our fault, not the script's)


@dataclass(frozen=True)
class Figure:
    """One PNG the script saved or showed, checked to be a PNG within the caps."""

    png: bytes
    width: int
    height: int


@dataclass(frozen=True)
class ScratchResult:
    """What a scratch run came to; its stdout and stderr are the script's own."""

    kata_id: str
    status: ScratchStatus
    message: str  # one line: how it ended
    stdout: str = ""
    stderr: str = ""
    output_truncated: bool = False
    exit_code: int | None = None
    limit: LimitHit | None = None
    wall_s: float = 0.0
    cpu_s: float | None = None
    figures: tuple[Figure, ...] = ()
    line: int | None = None  # the editor line a rejection points at


def scratch_request(kata: Kata, code: str, settings: Settings) -> RunRequest:
    """The box of a scratch run: the code and a script plan, under the kata's limits."""
    plan = Plan(kata.framework.value, 0, (), script=True)
    return RunRequest(
        files={envelope.SOLUTION: code.encode("utf-8", "surrogatepass"),
               envelope.PLAN: plan.dumps()},
        limits=kata.limits.within(service_maximums(settings)),
        torch=kata.framework is Framework.TORCH,
        blocked_modules=tuple(m for m in kata.forbidden_modules if "." not in m))


def run_scratch(kata: Kata, code: str, *, sandbox: Sandbox, settings: Settings) -> ScratchResult:
    """Run `code` as a script for `kata`. Always returns a result; only real faults raise."""
    rejection = inspect_code(code, kata, settings.max_code_bytes)
    if rejection is not None:
        return ScratchResult(kata.id, ScratchStatus.REJECTED, rejection.message,
                             line=rejection.line)
    request = scratch_request(kata, code, settings)
    try:
        outcome = sandbox.run(request)
    except KatagradError as exc:
        return ScratchResult(kata.id, ScratchStatus.ERROR, f"the sandbox could not run: {exc}")
    status, message = _ending(outcome, request)
    return ScratchResult(
        kata.id, status, message,
        stdout=envelope.clean_bytes(outcome.stdout), stderr=envelope.clean_bytes(outcome.stderr),
        output_truncated=outcome.output_truncated, exit_code=outcome.exit_code,
        limit=outcome.limit, wall_s=round(outcome.wall_s, 3),
        cpu_s=None if outcome.cpu_s is None else round(outcome.cpu_s, 3),
        figures=figures_of(outcome))


def _ending(outcome: RunOutcome, request: RunRequest) -> tuple[ScratchStatus, str]:
    if outcome.limit is not None:
        return ScratchStatus.LIMIT, _limit_message(outcome.limit, request.limits)
    if outcome.signal is not None:
        try:
            name = signal.Signals(outcome.signal).name
        except ValueError:
            name = f"signal {outcome.signal}"
        return ScratchStatus.FAILED, f"killed by {name}"
    if outcome.exit_code == 0:
        return ScratchStatus.OK, "finished (exit status 0)"
    return ScratchStatus.FAILED, f"exited with status {outcome.exit_code}"


def figures_of(outcome: RunOutcome) -> tuple[Figure, ...]:
    """The box's fig_<n>.png files in order, each kept only if it is a PNG within the caps."""
    kept = []
    for n in range(envelope.MAX_FIGURES):
        data = outcome.outputs.get(envelope.FIGURE_NAME.format(n=n))
        if data is None:
            continue
        size = png_size(data)
        if size is not None:
            kept.append(Figure(data, *size))
    return tuple(kept)


def png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a well-formed PNG within the byte and pixel caps, else None.

    Pillow reads the header and checks every chunk's CRC without decoding the pixels."""
    if len(data) > envelope.MAX_FIGURE_BYTES:
        return None
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as img:
            width, height = img.size
            img.verify()
    except Exception:  # noqa: BLE001 - anything Pillow refuses is not a figure we show
        return None
    if width <= 0 or height <= 0 or width * height > MAX_FIGURE_PIXELS:
        return None
    return width, height
