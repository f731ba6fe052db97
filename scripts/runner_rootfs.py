"""Write a runner root filesystem, as a tar, from the Python runtime this interpreter uses.

No image registry is reachable on the machines katagrad is developed and tested on, so the
runner image for the Docker/OCI backend's tests is built from the host's own runtime: the
base interpreter and its standard library, the chosen distributions from this (virtual)
environment's site-packages with their requirements, the shared libraries they link to, and
a minimal /etc. Nothing else: no shell, no package manager, no compilers.

    python scripts/runner_rootfs.py OUT.tar [--with numpy] [--with torch]

The interpreter keeps its host path (its RUNPATH is absolute); the image labels written by
scripts/build-runner-image.sh tell the backend where it and its site-packages lie.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import io
import os
import re
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

STDLIB_SKIP = {"site-packages", "test", "idlelib", "tkinter", "turtledemo", "ensurepip",
               "lib2to3", "venv", "unittest/test"}
SITE_SKIP = re.compile(r"^(numpy/.*/tests/|numpy/tests/|torch/include/|torch/share/|"
                       r"torch/bin/|.*\.a$|.*\.h$)")
SYSTEM_LIB_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/")
EXTRA_LIBS = ("libgcc_s.so.1",)  # dlopened by glibc for thread cancellation
IDENTITY = {
    "etc/passwd": "root:x:0:0::/:/usr/sbin/nologin\nnobody:x:65534:65534::/tmp:/usr/sbin/nologin\n",
    "etc/group": "root:x:0:\nnogroup:x:65534:\n",
    "etc/nsswitch.conf": "passwd: files\ngroup: files\nhosts: files\n",
    "etc/hosts": "127.0.0.1 localhost\n",
}
EMPTY_DIRS = ("tmp", "box", "box/lib", "box/code", "box/in", "proc", "dev", "sys")
SANDBOX_UID = 65534  # owns /box/out, which a fresh volume copies (sandbox_uid in settings)


class RootfsTar:
    """A tar of host paths under their host names, with symlinked ancestors kept as links."""

    def __init__(self, out: Path) -> None:
        self.tar = tarfile.open(out, "w", format=tarfile.GNU_FORMAT)  # noqa: SIM115
        self.seen: set[str] = set()

    def close(self) -> None:
        self.tar.close()

    def _info(self, name: str, kind: bytes, mode: int) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.type, info.mode, info.uid, info.gid, info.mtime = kind, mode, 0, 0, 0
        info.uname = info.gname = "root"
        return info

    def dir(self, name: str, owner: int = 0, mode: int = 0o755) -> None:
        name = name.strip("/")
        if not name or name in self.seen:
            return
        self.dir(os.path.dirname(name))
        self.seen.add(name)
        info = self._info(name, tarfile.DIRTYPE, mode)
        info.uid = info.gid = owner
        self.tar.addfile(info)

    def text(self, name: str, data: str) -> None:
        self.dir(os.path.dirname(name))
        raw = data.encode()
        info = self._info(name, tarfile.REGTYPE, 0o644)
        info.size = len(raw)
        self.tar.addfile(info, io.BytesIO(raw))
        self.seen.add(name)

    def host(self, path: Path) -> None:
        """Add `path` (file, link or folder tree) under its host name, following nothing."""
        real = self._through_links(path)
        if real is None:
            return
        name = str(real).lstrip("/")
        if name in self.seen:
            return
        st = os.lstat(real)
        if stat.S_ISDIR(st.st_mode):
            self.dir(name)
            for child in sorted(os.listdir(real)):
                self.host(real / child)
            return
        self.dir(os.path.dirname(name))
        self.seen.add(name)
        if stat.S_ISLNK(st.st_mode):
            info = self._info(name, tarfile.SYMTYPE, 0o777)
            info.linkname = os.readlink(real)
            self.tar.addfile(info)
            target = (real.parent / info.linkname).resolve()
            if target.exists():
                self.host(target)
        elif stat.S_ISREG(st.st_mode):
            info = self._info(name, tarfile.REGTYPE, 0o755 if st.st_mode & 0o111 else 0o644)
            info.size = st.st_size
            with open(real, "rb") as f:
                self.tar.addfile(info, f)

    def _through_links(self, path: Path) -> Path | None:
        """`path` with each symlinked ancestor replaced by its target; the links are added."""
        if not os.path.lexists(path):
            return None
        current = Path("/")
        for part in path.parts[1:-1]:
            current = current / part
            if os.path.islink(current):
                name = str(current).lstrip("/")
                if name not in self.seen:
                    self.dir(os.path.dirname(name))
                    self.seen.add(name)
                    info = self._info(name, tarfile.SYMTYPE, 0o777)
                    info.linkname = os.readlink(current)
                    self.tar.addfile(info)
                current = current.resolve()
        return current / path.name


def distributions(wanted: list[str]) -> list[md.Distribution]:
    """`wanted` and every distribution they require (extras left out), each once."""
    found: dict[str, md.Distribution] = {}
    todo = list(wanted)
    while todo:
        name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if name in found:
            continue
        dist = md.distribution(name)
        found[name] = dist
        for req in dist.requires or []:
            if "extra ==" in req:
                continue
            m = re.match(r"[A-Za-z0-9._-]+", req)
            if m:
                todo.append(m.group(0))
    return list(found.values())


def shared_libraries(files: list[Path]) -> set[Path]:
    """System libraries the ELF files among `files` load, as ldd resolves them here."""
    libs: set[Path] = set()
    for f in files:
        if not f.is_file() or f.is_symlink():
            continue
        with open(f, "rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
        out = subprocess.run(["ldd", str(f)], capture_output=True, text=True).stdout
        for line in out.splitlines():
            m = re.search(r"(/\S+) \(0x", line)
            if m and m.group(1).startswith(SYSTEM_LIB_DIRS):  # not the ones wheels bundle
                libs.add(Path(os.path.normpath(m.group(1))))
    return libs


def build(out: Path, wanted: list[str]) -> None:
    base = Path(sys.base_prefix).resolve()
    ver = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    stdlib = base / "lib" / ver
    image_site = stdlib / "site-packages"
    tar = RootfsTar(out)
    elf: list[Path] = []
    try:
        for name in EMPTY_DIRS:
            tar.dir(name)
        tar.dir("box/out", owner=SANDBOX_UID, mode=0o700)
        for name, text in IDENTITY.items():
            tar.text(name, text)
        tar.host(base / "bin" / ver)
        tar.host(base / "bin" / "python3")
        elf.append(base / "bin" / ver)
        for lib in sorted((base / "lib").glob("libpython*")):
            tar.host(lib)
            elf.append(lib)
        tk = (stdlib / "lib-dynload").glob("_tkinter*")
        tar.seen |= {str(p).lstrip("/") for p in tk}  # Tk pulls in X11; never needed
        for entry in sorted(stdlib.iterdir()):
            if entry.name in STDLIB_SKIP or entry.name.startswith("config-"):
                continue
            tar.host(entry)
        elf += sorted(p for p in (stdlib / "lib-dynload").glob("*.so") if _wanted(p))
        tar.dir(str(image_site))
        for dist in distributions(wanted):
            for rel in dist.files or []:
                rel_s = str(rel)
                if rel_s.startswith("..") or SITE_SKIP.match(rel_s):
                    continue
                src = Path(str(dist.locate_file(rel)))
                if not src.is_file():
                    continue
                _add_as(tar, src, image_site / rel)
                if ".so" in src.name:
                    elf.append(src)
        libs = shared_libraries(elf)
        for name in EXTRA_LIBS:
            libs |= {p for p in Path("/lib/x86_64-linux-gnu").glob(name)}
        for lib in sorted(libs):
            tar.host(lib)
        tar.host(Path("/etc/ld.so.cache"))
    finally:
        tar.close()
    print(f"python={base / 'bin' / ver}")
    print(f"site={image_site}")


def _wanted(path: Path) -> bool:
    return not path.name.startswith("_tkinter")


def _add_as(tar: RootfsTar, src: Path, dest: Path) -> None:
    """Add the regular file `src` under the name `dest` (the image's own site-packages)."""
    name = str(dest).lstrip("/")
    if name in tar.seen:
        return
    tar.dir(os.path.dirname(name))
    st = os.stat(src)
    info = tar._info(name, tarfile.REGTYPE, 0o755 if st.st_mode & 0o111 else 0o644)
    info.size = st.st_size
    with open(src, "rb") as f:
        tar.tar.addfile(info, f)
    tar.seen.add(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--with", dest="wanted", action="append", default=[],
                        help="a distribution to include with its requirements (repeatable)")
    args = parser.parse_args()
    build(args.out, args.wanted or ["numpy"])


if __name__ == "__main__":
    main()
