"""Plain-data wire format between the trusted side and the box: a JSON tree plus .npy arrays.

Copied into the sandbox, so it imports only the standard library and NumPy (torch lazily).
No pickle anywhere: arrays are read with allow_pickle=False and only numeric dtypes pass.
"""

from __future__ import annotations

import io
import json
import math
import re
import sys
import zipfile
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

try:
    from sandbox.harness.envelope import clean
except ImportError:  # inside the box, beside envelope.py
    from envelope import clean  # type: ignore[import-not-found,no-redef]

ARRAY_KINDS = "biuf"  # bool, signed, unsigned, floating
TORCH_DTYPES = {
    "torch.float16", "torch.bfloat16", "torch.float32", "torch.float64",
    "torch.int8", "torch.int16", "torch.int32", "torch.int64", "torch.uint8", "torch.bool",
}
MAX_DEPTH = 12
MAX_NODES = 50_000
MAX_STR = 10_000
JSON_OBJECT_BYTES = 128  # a bound on what one JSON container, item or key costs in memory
NPY_HEADER_MAX = 64 * 1024  # magic, header and padding of one .npy member
TAGS = {
    "none": set(), "bool": {"v"}, "int": {"v"}, "float": {"v"}, "str": {"v"},
    "ndarray": {"a"}, "npscalar": {"a"}, "tensor": {"a", "dtype", "grad"},
    "tuple": {"v"}, "list": {"v"}, "dict": {"v"}, "unsupported": {"type", "why"},
}


class WireError(ValueError):
    """Data that does not follow the wire format."""


class Budget:
    """How many bytes decoding may still materialise for one grading, across all its files."""

    def __init__(self, total: int) -> None:
        self.total = self.left = total
        self.exceeded = False  # something was refused for want of budget

    def take(self, n: int, what: str) -> None:
        if n < 0 or n > self.left:
            self.exceeded = True
            raise WireError(f"{what} would exceed the {self.total}-byte decoding cap")
        self.left -= n


@dataclass(frozen=True)
class Unsupported:
    """A value of a type that cannot cross the wire; never compared, always a failed check."""

    type: str
    why: str

    def __str__(self) -> str:
        return f"{self.type} ({self.why})" if self.why else self.type


# --------------------------------------------------------------------------- encode

def encode(value: Any, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    """Encode `value` as a JSON-able tree, moving arrays into `arrays`."""
    return _Encoder(arrays).node(value, 0)


class _Encoder:
    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.arrays, self.count = arrays, 0

    def _array(self, a: np.ndarray) -> str:
        ref = f"a{len(self.arrays)}"
        self.arrays[ref] = a
        return ref

    def node(self, x: Any, depth: int) -> dict[str, Any]:
        self.count += 1
        if depth > MAX_DEPTH or self.count > MAX_NODES:
            return {"t": "unsupported", "type": "nested value", "why": "too deep or too large"}
        t = type(x)  # exact types only: a subclass may lie about itself
        if x is None:
            return {"t": "none"}
        if t is bool:
            return {"t": "bool", "v": x}
        if t is int:
            if -(2**63) <= x < 2**63:
                return {"t": "int", "v": x}
            return {"t": "unsupported", "type": "int", "why": "does not fit in 64 bits"}
        if t is float:
            return {"t": "float", "v": x if math.isfinite(x) else repr(x)}
        if t is str:
            return {"t": "str", "v": x[:MAX_STR]}
        if t is np.ndarray:
            if x.dtype.kind not in ARRAY_KINDS:
                return {"t": "unsupported", "type": "numpy.ndarray",
                        "why": f"dtype {x.dtype} is not numeric"}
            # np.require keeps a 0-d array 0-d (ascontiguousarray would make it 1-d)
            return {"t": "ndarray", "a": self._array(np.require(x, requirements="C"))}
        if isinstance(x, np.generic) and t.__module__ == "numpy":
            if x.dtype.kind not in ARRAY_KINDS:
                return {"t": "unsupported", "type": f"numpy.{t.__name__}",
                        "why": "not numeric"}
            return {"t": "npscalar", "a": self._array(np.asarray(x))}
        torch = sys.modules.get("torch")
        if torch is not None and t in (torch.Tensor, torch.nn.Parameter):
            dtype = str(x.dtype)
            if dtype not in TORCH_DTYPES:
                return {"t": "unsupported", "type": "torch.Tensor", "why": f"dtype {dtype}"}
            data = x.detach().cpu()
            if x.dtype == torch.bfloat16:
                data = data.float()
            return {"t": "tensor", "a": self._array(data.numpy().copy()), "dtype": dtype,
                    "grad": bool(x.requires_grad)}
        if t is tuple or t is list:
            return {"t": t.__name__, "v": [self.node(v, depth + 1) for v in x]}
        if t is dict:
            if not all(type(k) is str for k in x):
                return {"t": "unsupported", "type": "dict", "why": "keys must be strings"}
            return {"t": "dict", "v": {k: self.node(v, depth + 1) for k, v in x.items()}}
        name = f"{getattr(t, '__module__', '?')}.{getattr(t, '__qualname__', '?')}"
        why = ""
        if isinstance(x, np.ndarray):
            why = "a subclass of numpy.ndarray; return a plain numpy.ndarray"
        elif torch is not None and isinstance(x, torch.Tensor):
            why = "a subclass of torch.Tensor; return a plain torch.Tensor"
        return {"t": "unsupported", "type": str(name)[:200], "why": why}


def dumps(tree: Any) -> bytes:
    return json.dumps(tree, allow_nan=False, separators=(",", ":")).encode()


def save_npz(arrays: dict[str, np.ndarray]) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)  # type: ignore[arg-type]
    return buf.getvalue()


# --------------------------------------------------------------------------- decode

def load_json(data: bytes, budget: Budget) -> Any:
    """Parse a JSON document after charging `budget` a bound on the objects it would create."""
    containers = data.count(b"{") + data.count(b"[") + data.count(b",") + data.count(b":")
    budget.take(len(data) + JSON_OBJECT_BYTES * containers, "a result document")
    return json.loads(data)


def load_npz(data: bytes, budget: Budget | int) -> dict[str, np.ndarray]:
    """Read an .npz held in memory: no pickle, numeric dtypes only, sizes checked first.

    Each member's header is read first and its declared shape x itemsize charged to `budget`
    before a byte of its data is decompressed.
    """
    budget = Budget(budget) if isinstance(budget, int) else budget
    if len(data) > budget.total:
        raise WireError(f"array file is {len(data)} bytes, over the {budget.total}-byte cap")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise WireError(f"array file is not a valid .npz ({exc})") from None
    out = {}
    for info in infos[:10_000]:
        name = info.filename[:80]
        if not info.filename.endswith(".npy"):
            raise WireError(f"unexpected member {name!r} in array file")
        try:
            with zf.open(info) as member:  # one pass: the header, then exactly its data
                shape, fortran, dtype = _header(member)
                nbytes = math.prod(shape) * dtype.itemsize
                budget.take(nbytes, f"array {name!r}")
                if info.file_size > nbytes + NPY_HEADER_MAX:
                    raise WireError(f"array {name!r} is longer than its header says")
                buf = bytearray(nbytes)  # writable, as read_array's arrays are
                if cast(io.BufferedIOBase, member).readinto(buf) != nbytes or member.read(1):
                    raise WireError(f"array {name!r} does not match its header")
                arr = np.frombuffer(buf, dtype=dtype).reshape(shape,
                                                              order="F" if fortran else "C")
        except WireError:
            raise
        except Exception as exc:  # noqa: BLE001 - any malformed member is a wire error
            raise WireError(f"array {name!r} is unreadable ({exc})") from None
        if type(arr) is not np.ndarray or arr.dtype.kind not in ARRAY_KINDS:
            raise WireError(f"array {name!r} has non-numeric dtype")
        out[info.filename[:-4]] = arr
    return out


# The header numpy itself writes, e.g. {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }
# padded with spaces to a newline: read with one strict match instead of numpy's parser, which
# compiles each header (ast.literal_eval; most of the decoding time of a result with hundreds of
# small arrays). Anything else goes to numpy's parser.
_CANONICAL = re.compile(r"\{'descr': '([<>|=]?[biuf][1248])', 'fortran_order': (True|False), "
                        r"'shape': \((|\d{1,18},|\d{1,18}(?:, \d{1,18}){1,31})\), \} *\n")
_HEADER_LEN = {(1, 0): 2, (2, 0): 4}
_HEADER_MAX = 10_000  # numpy's own cap on a header's length


def _header(member: Any) -> tuple[tuple[int, ...], bool, np.dtype[Any]]:
    """Shape, Fortran order and dtype an .npy stream's header declares (numeric only)."""
    fmt = np.lib.format
    version = fmt.read_magic(member)
    if version not in _HEADER_LEN:
        raise WireError(f"unsupported .npy version {version}")
    size = member.read(_HEADER_LEN[version])
    hlen = int.from_bytes(size, "little")
    if len(size) != _HEADER_LEN[version] or hlen > _HEADER_MAX:
        raise WireError("array header is malformed or too long")
    text = member.read(hlen)
    m = _CANONICAL.fullmatch(text.decode("latin1"))
    if m is not None:
        dtype = np.dtype(m.group(1))
        fortran = m.group(2) == "True"
        shape: tuple[int, ...] = tuple(int(n) for n in m.group(3).split(",") if n.strip())
    else:  # not numpy's usual layout: numpy's parser decides
        again = io.BytesIO(size + text)
        read = fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0
        shape, fortran, dtype = read(again)
    if dtype.kind not in ARRAY_KINDS or dtype.hasobject or dtype.fields is not None \
            or dtype.subdtype is not None:
        raise WireError("array has non-numeric dtype")
    if not all(type(n) is int and n >= 0 for n in shape):
        raise WireError("array has a malformed shape")
    return tuple(shape), bool(fortran), dtype


def decode(tree: Any, arrays: dict[str, np.ndarray]) -> Any:
    """Decode a tree strictly: unknown tags, extra keys or bad refs raise WireError."""
    return _Decoder(arrays).node(tree, 0)


class _Decoder:
    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.arrays, self.count = arrays, 0

    def _array(self, ref: Any) -> np.ndarray:
        if type(ref) is not str or ref not in self.arrays:
            raise WireError(f"reference to a missing array {str(ref)[:40]!r}")
        return self.arrays[ref]

    def node(self, n: Any, depth: int) -> Any:
        self.count += 1
        if depth > MAX_DEPTH + 1 or self.count > MAX_NODES + 10:
            raise WireError("value is too deep or too large")
        if type(n) is not dict or type(n.get("t")) is not str or n["t"] not in TAGS:
            raise WireError("malformed value node")
        tag = n["t"]
        if set(n) - {"t"} != TAGS[tag]:
            raise WireError(f"malformed {tag} node")
        v = n.get("v")
        if tag == "none":
            return None
        if tag in ("bool", "int", "str"):
            want = {"bool": bool, "int": int, "str": str}[tag]
            if type(v) is not want or (isinstance(v, str) and len(v) > MAX_STR):
                raise WireError(f"malformed {tag} node")
            return clean(v) if isinstance(v, str) else v
        if tag == "float":
            if type(v) is float or (type(v) is int):
                return float(v)
            if v in ("nan", "inf", "-inf"):
                return float(v)
            raise WireError("malformed float node")
        if tag == "ndarray":
            return self._array(n["a"])
        if tag == "npscalar":
            a = self._array(n["a"])
            if a.ndim != 0:
                raise WireError("numpy scalar with a shape")
            return a[()]
        if tag == "tensor":
            return self._tensor(self._array(n["a"]), n["dtype"], n["grad"])
        if tag in ("tuple", "list"):
            if type(v) is not list:
                raise WireError(f"malformed {tag} node")
            items = [self.node(x, depth + 1) for x in v]
            return tuple(items) if tag == "tuple" else items
        if tag == "dict":
            if type(v) is not dict:
                raise WireError("malformed dict node")
            return {clean(str(k)): self.node(x, depth + 1) for k, x in v.items()}
        if type(n["type"]) is not str or type(n["why"]) is not str:
            raise WireError("malformed unsupported node")
        return Unsupported(clean(n["type"][:200]), clean(n["why"][:300]))

    @staticmethod
    def _tensor(a: np.ndarray, dtype: Any, grad: Any) -> Any:
        if dtype not in TORCH_DTYPES or type(grad) is not bool:
            raise WireError("malformed tensor node")
        import torch

        t = torch.from_numpy(a.copy())
        if dtype == "torch.bfloat16":
            t = t.to(torch.bfloat16)
        elif str(t.dtype) != dtype:
            raise WireError(f"tensor data does not match its dtype {dtype}")
        if grad and t.is_floating_point():
            t.requires_grad_(True)
        return t
