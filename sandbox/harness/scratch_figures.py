"""Figures of a scratch run, inside the box: PNGs the script saved or showed, into out/.

Two ways in. `MPLBACKEND=module://scratch_figures` makes this module matplotlib's backend
(Agg underneath, named lazily so nothing imports matplotlib unless the script does), and its
`show()` keeps every open figure the script did not already save. After the script, the
runner calls `collect_saved` for the PNG files it wrote under its working folder. At most
MAX_FIGURES are kept, each at most MAX_FIGURE_BYTES; the trusted side checks them again.
Standard library only: matplotlib is the script's business.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
from typing import Any

try:  # inside the box, beside envelope.py
    import envelope  # type: ignore[import-not-found]
except ImportError:  # imported from the package (tests, the warm zygote)
    from sandbox.harness import envelope

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_SCANNED = 2000  # entries of the working folder looked at for saved PNGs
_out: list[str] = []  # the box's out/ folder, set by start()
_kept: list[int] = [0, 0]  # figures kept, figures dropped
_saved: set[int] = set()  # ids of figures the script saved itself (show() skips them)
_files: set[str] = set()  # PNG files already kept (collect_saved skips them)
# fontconfig's own file is outside the box; without one, `fc-list` (which matplotlib runs
# once to list fonts) complains on the script's stderr.
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/usr/share/fonts</dir><cachedir>{cache}</cachedir></fontconfig>
"""


def environment(tmp: str) -> dict[str, str]:
    """What the script's environment needs for figures: our backend, caches under `tmp`."""
    conf = os.path.join(tmp, ".matplotlib", "fonts.conf")
    os.makedirs(os.path.dirname(conf), exist_ok=True)
    with open(conf, "w") as f:
        f.write(FONTS_CONF.format(cache=os.path.join(tmp, ".fontconfig")))
    return {"MPLBACKEND": envelope.FIGURE_BACKEND, "MPLCONFIGDIR": os.path.dirname(conf),
            "FONTCONFIG_FILE": conf}


def start(out_dir: str) -> None:
    _out[:] = [out_dir]
    _kept[:] = [0, 0]
    _saved.clear()
    _files.clear()


def keep(png: bytes) -> bool:
    """Write `png` as the next figure; False (and a note on stderr) past a cap."""
    if not _out or not png.startswith(PNG_SIGNATURE):
        return False
    if len(png) > envelope.MAX_FIGURE_BYTES:
        _note(f"a figure of {len(png)} bytes is over the {envelope.MAX_FIGURE_BYTES}-byte cap"
              " and was dropped (a smaller figsize or dpi helps)")
        return False
    while True:
        if _kept[0] >= envelope.MAX_FIGURES:
            _kept[1] += 1
            if _kept[1] == 1:
                _note(f"only the first {envelope.MAX_FIGURES} figures are shown")
            return False
        path = os.path.join(_out[0], envelope.FIGURE_NAME.format(n=_kept[0]))
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            break
        except FileExistsError:  # a forked process of the script kept a figure by that number
            _kept[0] += 1
    with open(fd, "wb") as f:
        f.write(png)
    _kept[0] += 1
    return True


def _note(text: str) -> None:
    with contextlib.suppress(Exception):  # the script may have closed or replaced stderr
        sys.stderr.write(f"[scratch] {text}\n")


def collect_saved(folder: str) -> None:
    """Keep the PNG files the script wrote under `folder`, oldest first (never via a link).

    Only `folder`'s own filesystem is walked: the box may mount read-only trees inside it
    (the runtime's virtualenv lives under /tmp when the checkout does), and what they hold
    was not written by the script."""
    found: list[tuple[float, str]] = []
    seen = 0
    try:
        device = os.stat(folder).st_dev
    except OSError:
        return

    def own(root: str, name: str) -> bool:
        try:
            st = os.lstat(os.path.join(root, name))
        except OSError:
            return False
        return stat.S_ISDIR(st.st_mode) and st.st_dev == device

    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".matplotlib") and own(root, d))
        for name in files:
            seen += 1
            if seen > MAX_SCANNED:
                break
            if not name.lower().endswith(".png"):
                continue
            path = os.path.join(root, name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            if (stat.S_ISREG(st.st_mode) and st.st_dev == device
                    and st.st_size <= envelope.MAX_FIGURE_BYTES):
                found.append((st.st_mtime, path))
        if seen > MAX_SCANNED:
            break
    for _mtime, path in sorted(found):
        _keep_file(path)


def _keep_file(path: str) -> None:
    """Keep the PNG file at `path` once (a file saved twice counts once)."""
    real = os.path.realpath(path)
    if real in _files:
        return
    _files.add(real)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with open(fd, "rb") as f:
            data = f.read(envelope.MAX_FIGURE_BYTES + 1)
    except OSError:
        return
    keep(data)


# --------------------------------------------------------------------------- the backend

def show(*args: Any, **kwargs: Any) -> None:
    """plt.show(): keep each open figure not saved already, then close them all."""
    import matplotlib.pyplot as plt

    for num in plt.get_fignums():
        fig = plt.figure(num)
        if id(fig) in _saved:
            continue
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        keep(buf.getvalue())
    plt.close("all")


def _remember_saves() -> None:
    """Mark figures saved to a file, so that a later plt.show() does not keep them twice."""
    from matplotlib.figure import Figure

    original = Figure.savefig
    if getattr(original, "_scratch", False):
        return

    def savefig(self: Any, fname: Any, *args: Any, **kwargs: Any) -> Any:
        result = original(self, fname, *args, **kwargs)
        if isinstance(fname, str | os.PathLike):
            _saved.add(id(self))
            path = os.fspath(fname)
            if os.path.isfile(path):  # kept now, so figures come back in the script's order
                _keep_file(path)
        return result

    savefig._scratch = True  # type: ignore[attr-defined]
    Figure.savefig = savefig  # type: ignore[method-assign]


def __getattr__(name: str) -> Any:
    """matplotlib asks a backend module for FigureCanvas when the first figure is made."""
    if name == "FigureCanvas":
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        _remember_saves()
        globals()["FigureCanvas"] = FigureCanvasAgg  # pyplot copies the module's globals
        return FigureCanvasAgg
    raise AttributeError(name)
