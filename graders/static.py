"""The static phase: size, syntax, forbidden imports and APIs, decided before anything runs.

This is a fast, friendly first line, not the containment: forbidden modules are also
missing inside the box, and the sandbox holds whatever slips past an AST walk.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from graders.kata import Kata
from katagrad.errors import CodeTooLarge

MAX_PROBLEMS = 5
IMPORT_CALLS = {"__import__", "importlib.import_module", "import_module"}


@dataclass(frozen=True)
class Rejection:
    message: str
    line: int | None = None


def check_code_size(code: str | bytes, max_bytes: int) -> None:
    """Raise CodeTooLarge if `code` (text, or its UTF-8 bytes) is over `max_bytes`.

    The one size check: the HTTP routes, the CLI and the static phase all call it, and the
    request-body cap (api/bodylimit.py) is derived from the same setting.
    """
    size = len(code if isinstance(code, bytes) else code.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise CodeTooLarge.over(max_bytes, size)


def inspect_code(code: str, kata: Kata, max_bytes: int) -> Rejection | None:
    """Why `code` is refused before it runs, or None if it may run."""
    try:
        check_code_size(code, max_bytes)
    except CodeTooLarge as exc:
        return Rejection(str(exc))
    if "\x00" in code:
        return Rejection("the file contains NUL bytes")
    try:
        tree = ast.parse(code, filename="solution.py")
    except SyntaxError as exc:
        return Rejection(f"syntax error at line {exc.lineno}, column {exc.offset}: {exc.msg}",
                         exc.lineno)
    except (ValueError, RecursionError, MemoryError) as exc:
        return Rejection(f"the file cannot be parsed: {exc}")
    problems = _Forbidden(kata).scan(tree)
    if problems:
        first = problems[0][0]
        text = "; ".join(f"line {line}: {msg}" for line, msg in problems[:MAX_PROBLEMS])
        return Rejection(text, first)
    return None


class _Forbidden(ast.NodeVisitor):
    """Resolves names through import aliases and reports forbidden modules and APIs."""

    def __init__(self, kata: Kata) -> None:
        self.modules = kata.forbidden_modules
        self.apis = kata.forbidden_apis
        self.framework = kata.framework.value
        self.aliases: dict[str, str] = {}
        self.problems: list[tuple[int, str]] = []

    def scan(self, tree: ast.AST) -> list[tuple[int, str]]:
        # Two passes: aliases first, so a use above its import is still resolved.
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    top = a.name.split(".")[0]
                    self.aliases[a.asname or top] = a.name if a.asname else top
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for a in node.names:
                    self.aliases[a.asname or a.name] = f"{node.module}.{a.name}"
        self.visit(tree)
        return sorted(set(self.problems))

    def _report(self, node: ast.AST, dotted: str, how: str) -> None:
        for m in self.modules:
            if dotted == m or dotted.startswith(m + "."):
                self.problems.append((getattr(node, "lineno", 0),
                                      f"{how} of {m!r} is not allowed in this kata "
                                      f"({self.framework} only)"))
                return
        for api in self.apis:
            if dotted == api or dotted.startswith(api + "."):
                self.problems.append((getattr(node, "lineno", 0),
                                      f"{api} is not allowed in this kata: "
                                      "implement it yourself"))
                return

    def visit_Import(self, node: ast.Import) -> None:
        for a in node.names:
            self._report(node, a.name, "import")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module and not node.level:
            self._report(node, node.module, "import")
            for a in node.names:
                self._report(node, f"{node.module}.{a.name}", "import")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        dotted = self._dotted(node)
        if dotted:
            self._report(node, dotted, "use")
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in self.aliases:
            self._report(node, self.aliases[node.id], "use")

    def visit_Call(self, node: ast.Call) -> None:
        fn = self._dotted(node.func) if isinstance(node.func, ast.Attribute) else (
            node.func.id if isinstance(node.func, ast.Name) else None)
        if fn in IMPORT_CALLS and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            self._report(node, node.args[0].value, "import")
        self.generic_visit(node)

    def _dotted(self, node: ast.expr) -> str | None:
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        root = self.aliases.get(node.id, node.id)
        return ".".join([root, *reversed(parts)])
