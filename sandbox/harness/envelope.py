"""The envelope between the grader and the box: where files lie, the plan, each call's result.

Copied into every box beside wire.py (stdlib only), and imported by the trusted side, so both
ends build and read the same frozen dataclasses. Values inside travel as wire.py trees.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# Box layout, relative to the box root (BOX inside the box; a host folder outside it).
BOX = "/box"
RUNNER = "lib/runner.py"
KATA_HARNESS = "lib/kata_harness.py"
SOLUTION = "code/solution.py"
PLAN = "in/plan.json"
INPUTS = "in/inputs.arrays"
OUT = "out"
READ_ONLY_DIRS = ("lib", "code", "in")  # what the box may read; out/ is where it writes

IMPORT_ID = "import"  # the result that says whether the submission imported at all
# A scratch run's figures: out/fig_<n>.png, n < MAX_FIGURES, each at most MAX_FIGURE_BYTES.
FIGURE_NAME = "fig_{n}.png"
MAX_FIGURES = 4
MAX_FIGURE_BYTES = 1024 * 1024
FIGURE_BACKEND = "module://scratch_figures"  # lib/scratch_figures.py: plt.show() saves
MAX_TYPE = 100
MAX_MESSAGE = 2000
MAX_WHERE = 1500


def clean(text: str) -> str:
    """`text` as valid Unicode that every store accepts: lone surrogates and NUL become U+FFFD.

    Applied once, where strings from the box enter the trusted side (the wire decoder, the
    result envelope, captured output), so that nothing downstream (the report, the database,
    a JSON response, an export) can hold a string it would refuse.
    """
    if type(text) is not str:
        text = str.__str__(text)
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace").replace("\0", "\ufffd")


def clean_bytes(data: bytes) -> str:
    """Bytes the box wrote (its stdout, stderr) as clean text."""
    return clean(data.decode("utf-8", "replace"))


class EnvelopeError(ValueError):
    """A plan or result document that does not have the envelope's shape."""


def call_id(check: int, call: int) -> str:
    """The id of the `call`-th call of the `check`-th check: its result file's name."""
    return f"c{check}_{call}"


def in_box(rel: str) -> str:
    """The absolute path of a box-relative path, as the box sees it."""
    return f"{BOX}/{rel}"


@dataclass(frozen=True)
class PlannedCall:
    """One call the box makes: `target` (a solution function or `harness:NAME`) on inputs."""

    id: str
    target: str
    seed: int
    args: Any  # a wire tree of a tuple
    kwargs: Any  # a wire tree of a dict


@dataclass(frozen=True)
class Plan:
    """Everything the runner needs besides the code and the input arrays.

    `script`: a scratch run; the file runs as `__main__` (its main block too), no call is
    made, no input enters the box, and only its output and figures come back.
    """

    framework: str
    seed: int
    calls: tuple[PlannedCall, ...]
    script: bool = False

    def dumps(self) -> bytes:
        return json.dumps({"framework": self.framework, "seed": self.seed,
                           "calls": [vars(c) for c in self.calls],
                           "script": self.script}).encode()

    @staticmethod
    def loads(data: bytes) -> Plan:
        doc = json.loads(data)
        return Plan(doc["framework"], doc["seed"],
                    tuple(PlannedCall(**c) for c in doc["calls"]), doc.get("script") is True)


@dataclass(frozen=True)
class ErrorInfo:
    """What the submission raised: the exception's type, message and where in its file."""

    type: str
    message: str
    where: str = ""


@dataclass(frozen=True)
class CallResult:
    """What one call (or the import, id IMPORT_ID) came to: a value tree or an error."""

    ok: bool
    value: Any = None  # a wire tree when ok
    error: ErrorInfo | None = None
    wall_s: float = 0.0

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"ok": self.ok, "wall_s": self.wall_s}
        if self.ok:
            doc["value"] = self.value
        if self.error is not None:
            doc["error"] = {"type": self.error.type, "message": self.error.message,
                            "where": self.error.where}
        return doc

    @staticmethod
    def from_json(doc: Any) -> CallResult:
        """Read a result document the box wrote; anything malformed is an EnvelopeError."""
        if not isinstance(doc, dict) or type(doc.get("ok")) is not bool:
            raise EnvelopeError("a result must be an object with a boolean 'ok'")
        wall = doc.get("wall_s", 0.0)
        wall_s = float(wall) if type(wall) in (int, float) else 0.0
        if doc["ok"]:
            return CallResult(True, doc.get("value"), None, wall_s)
        err = doc.get("error")
        err = err if isinstance(err, dict) else {}
        return CallResult(False, None, ErrorInfo(
            _text(err.get("type", "Exception"), MAX_TYPE),
            _text(err.get("message", ""), MAX_MESSAGE),
            _text(err.get("where", ""), MAX_WHERE)), wall_s)


def _text(value: Any, cap: int) -> str:
    return clean((value if type(value) is str else str(value))[:cap])
