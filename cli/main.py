"""The `katagrad` command: list, show, grade, validate and scaffold katas."""

from __future__ import annotations

import contextlib
import json
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from cli import scaffold, scaffold_extend
from graders import variants
from graders.grade import Mode, grade
from graders.kata import KATA_ID, Framework, Kata, KataFormat, load_katas
from graders.parts import every_part, find_part
from graders.report import Outcome, Report, Status
from graders.static import check_code_size
from graders.validate import (
    Verdict,
    junit_xml,
    seeds_for,
    subjects,
    summary,
    validate,
)
from katagrad.errors import CodeTooLarge, KataFormatError, KatagradError
from katagrad.settings import Settings, get_settings, load_settings
from sandbox import Sandbox, make_sandbox

_OUT, _ERR = Console(), Console(stderr=True)
app = typer.Typer(help="katagrad: the ML research coding round, graded unforgeably.",
                  no_args_is_help=True, add_completion=False)


def _version(value: bool) -> None:
    if value:
        try:
            typer.echo(f"katagrad {version('katagrad')}")
        except PackageNotFoundError:  # run from a checkout that was never installed
            typer.echo("katagrad (not installed)")
        raise typer.Exit()


@app.callback()
def _main(
    _: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                    help="print the version and exit")] = False,
) -> None:
    """katagrad: the ML research coding round, graded unforgeably."""


def _settings() -> Settings:
    try:
        return get_settings()
    except KatagradError as exc:
        _die(str(exc))


def _sandbox(settings: Settings, one_shot: bool = True) -> Sandbox:
    if settings.sandbox == "warm" and one_shot:  # one grading: a zygote would only cost time
        settings = settings.model_copy(update={"sandbox": "bwrap"})
    try:
        box = make_sandbox(settings)
    except KatagradError as exc:
        _die(str(exc))
    if settings.sandbox == "unsafe-local":
        typer.secho("WARNING: grading WITHOUT a sandbox (KATAGRAD_SANDBOX=unsafe-local). "
                    "Submissions run unconfined as this user. Kata authoring only.",
                    fg="red", bold=True, err=True)
    return box


def _die(message: str, code: int = 2) -> NoReturn:
    typer.secho(f"error: {message}", fg="red", err=True)
    raise typer.Exit(code)


@app.command("list")
def list_katas(
    markdown: Annotated[bool, typer.Option("--markdown", help="a Markdown table by topic")] = False,
) -> None:
    """List every kata."""
    s = _settings()
    broken: list[KataFormatError] = []
    try:
        katas = load_katas(s.katas_dir, errors=broken)
    except OSError as exc:
        _die(f"cannot read the katas folder {s.katas_dir}: {exc.strerror}")
    if markdown:
        typer.echo(markdown_index(list(katas.values())))
        return
    width = max((len(k) for k in katas), default=10)
    for k in katas.values():
        typer.echo(f"{k.id:<{width}}  {k.difficulty.value:<6}  {k.framework.value:<5}  "
                   f"{k.stage.value:<9}  {k.title}  [{', '.join(k.topics)}]")
    for problem in broken:
        typer.secho(f"skipped a malformed kata: {problem}", fg="yellow", err=True)
    if broken:
        raise typer.Exit(1)


def markdown_index(katas: list[Kata]) -> str:
    """The kata library as Markdown: one row per kata, then every topic with its katas."""
    rows = ["| kata | stage | framework | difficulty | title |", "|---|---|---|---|---|"]
    rows += [f"| `{k.id}` | {k.stage.value} | {k.framework.value} | {k.difficulty.value} | "
             f"{k.title}{f' ({len(k.parts) + 1} parts)' if k.parts else ''} |" for k in katas]
    topics: dict[str, list[str]] = {}
    for k in katas:
        for topic in k.topics:
            topics.setdefault(topic, []).append(f"`{k.id}`")
    rows += ["", "| topic | katas |", "|---|---|"]
    rows += [f"| {t} | {', '.join(ids)} |" for t, ids in sorted(topics.items())]
    return "\n".join(rows)


VARIANT_HELP = "the kata variant (kata.toml [variants]); the first one when not given"


@app.command()
def show(kata_id: Annotated[str, typer.Argument(metavar="KATA")],
         variant: Annotated[str | None, typer.Option(help=VARIANT_HELP)] = None) -> None:
    """Print a kata's statement and starter stub."""
    try:
        kata = variants.pick(find_part(_settings().katas_dir, kata_id), variant)
    except KatagradError as exc:
        _die(str(exc))
    typer.echo(kata.statement.rstrip())
    typer.echo("\n---- starter stub (stub.py) ----\n")
    typer.echo(kata.stub.rstrip())


@app.command("grade")
def grade_cmd(
    kata_id: Annotated[str, typer.Argument(metavar="KATA")],
    file: Annotated[Path, typer.Argument(metavar="FILE", help="the solution .py file, or -")],
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON report")] = False,
    visible: Annotated[bool, typer.Option("--visible", help="visible checks only (Run)")] = False,
    seed: Annotated[int | None, typer.Option(help="fix the hidden seed (kata authors)")] = None,
    variant: Annotated[str | None, typer.Option(help=VARIANT_HELP)] = None,
) -> None:
    """Grade FILE against KATA; exits 0 whenever a verdict was reached."""
    settings = _settings()
    try:
        kata = variants.pick(find_part(settings.katas_dir, kata_id), variant)
        raw = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
    except KatagradError as exc:
        _die(str(exc))
    except OSError as err:
        _die(f"cannot read {file}: {err.strerror}")
    try:
        check_code_size(raw, settings.max_code_bytes)
    except CodeTooLarge as exc:
        _die(f"{file}: {exc}")
    try:
        code = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        _die(f"{file} is not UTF-8 text ({exc.reason} at byte {exc.start})")
    with contextlib.redirect_stdout(sys.stderr):  # kata code the checks run may print
        report = grade(kata, code, sandbox=_sandbox(settings), settings=settings,
                       mode=Mode.RUN if visible else Mode.SUBMIT, seed=seed)
    if as_json:
        typer.echo(json.dumps(report.to_json(), allow_nan=False))
    else:
        _print_report(report)
    if report.status is Outcome.ERROR:
        raise typer.Exit(1)


SHOWN = {Status.PASS: ("pass", "green"), Status.FAIL: ("FAIL", "red"),
         Status.ERROR: ("ERROR", "red"), Status.TIMEOUT: ("TIMEOUT", "yellow")}


def _print_report(r: Report) -> None:
    """The report as a table; a failed check's named bug comes first, then the details."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    console.print(Text(f"{r.kata}: {r.status.value}, score {r.score:.0%}  "
                       f"({r.duration_s:.2f} s, {r.mode})", style="bold"))
    if r.message:
        console.print(f"  {r.message}", markup=False)
    if r.tests:
        table = Table(show_lines=False, pad_edge=False, expand=False)
        table.add_column("check", no_wrap=True)
        table.add_column("status", no_wrap=True)
        table.add_column("points", justify="right", no_wrap=True)
        table.add_column("what went wrong", overflow="fold")
        for t in r.tests:
            label, colour = SHOWN[t.status]
            detail = Text()
            bug, message = t.diagnostics.get("bug"), t.message
            if t.status is not Status.PASS and bug:
                detail.append(f"looks like: {bug}\n", style="bold")
                message = message.removesuffix(f" — looks like: {bug}")
            if t.status is not Status.PASS:
                detail.append(message)
            table.add_row(t.name + ("" if t.visible else " (hidden)"), Text(label, style=colour),
                          f"{t.points:g}/{t.max_points:g}", detail)
        console.print(table)
    out = (r.output.stdout + r.output.stderr).strip()
    if out:
        console.print("captured output" + (" (truncated)" if r.output.truncated else "") + ":")
        console.print("    " + out[-2000:].replace("\n", "\n    "), markup=False)


@app.command("validate")
def validate_cmd(
    kata_ids: Annotated[list[str] | None, typer.Argument(
        metavar="KATA", show_default=False, help="katas to validate; all when none")] = None,
    junit: Annotated[Path | None, typer.Option(help="write JUnit XML here")] = None,
    workers: Annotated[int, typer.Option(min=1, help="gradings in parallel")] = 2,
    seeds: Annotated[int | None, typer.Option(
        min=1, help="fresh hidden seeds per solution (K; default KATAGRAD_VALIDATE_SEEDS)")] = None,
    seed: Annotated[int | None, typer.Option(help="derive the K seeds from this (reproduce)")] = (
        None),
    alternatives: Annotated[Path | None, typer.Option(
        help="a folder of <kata>.py correct solutions that must pass every seed too")] = None,
) -> None:
    """Grade each kata's reference and mutants on K hidden seeds: the reference must score 1.0
    on every seed, every mutant must be caught on every seed, the stub must score < 1.0; with
    variants, for each variant, and each variant's reference must fail every other one.
    A kata's follow-up parts are validated with it; KATA@N validates part N alone."""
    settings = _settings()
    seeds = seeds or settings.validate_seeds
    try:
        chosen = ([find_part(settings.katas_dir, k) for k in kata_ids] if kata_ids
                  else list(load_katas(settings.katas_dir).values()))
        katas = [p for k in chosen for p in (every_part(k) if k.part == 1 else (k,))]
    except KatagradError as exc:
        _die(str(exc))
    sandbox = _sandbox(settings, one_shot=False)  # thousands of gradings: the warm path pays
    total = sum(1 if s.must_fail else seeds for k in katas for s in subjects(k, alternatives))
    started = time.monotonic()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TimeRemainingColumn(), console=_ERR,
                  transient=True) as bar:
        task = bar.add_task("validating", total=total)
        verdicts = validate(katas, sandbox, settings, workers=workers,
                            seeds=seeds_for(seeds, seed), alternatives=alternatives,
                            progress=lambda kata, subject: bar.update(
                                task, advance=1, description=f"{kata} {subject}"),
                            done=lambda v: bar.console.print(
                                ("[green]  ok [/]" if v.ok else "[bold red]  BAD[/]")
                                + escape(f" {v.kata} {v.subject}: {v.detail}"),
                                highlight=False))
    elapsed = time.monotonic() - started
    _print_verdicts(verdicts, seeds, elapsed, total)
    if junit:
        junit.write_text(junit_xml(verdicts))
    if any(not v.ok for v in verdicts):
        raise typer.Exit(1)


def _print_verdicts(verdicts: list[Verdict], seeds: int, elapsed: float, gradings: int) -> None:
    table = Table(title=f"katagrad validate: {seeds} hidden seeds per solution", box=None)
    for column in ("", "kata", "solution", "seeds as promised", "detail"):
        table.add_column(column, overflow="fold")
    for v in verdicts:
        mark = "[green]ok[/]" if v.ok else "[bold red]BAD[/]"
        table.add_row(mark, v.kata, v.subject, f"{v.hits}/{v.seeds}", escape(v.detail))
    console = Console(width=max(_OUT.width, 160))
    console.print(table)
    bad = [v for v in verdicts if not v.ok]
    per_kata = summary(verdicts)
    clean = sum(ok == n for ok, n, _ in per_kata.values())
    crosses = [v for v in verdicts if v.subject.startswith("cross:")]
    if crosses:
        console.print(f"variants: {len({v.kata for v in crosses})} katas; "
                      f"{sum(v.ok for v in crosses)}/{len(crosses)} cross-variant answers fail "
                      "as they must")
    console.print(f"{len(verdicts) - len(bad)} passed, {len(bad)} failed; "
                  f"{clean}/{len(per_kata)} katas clean; {gradings} gradings in "
                  f"{elapsed:.1f} s ({gradings / max(elapsed, 1e-9):.1f}/s)")


@app.command()
def new(kata_id: Annotated[str, typer.Argument(metavar="KATA")],
        framework: Annotated[Framework, typer.Option(
            help="what the solution is written with")] = Framework.NUMPY,
        kata_format: Annotated[str, typer.Option(
            "--format", help="code: write the solution; tests: write the tests; parts: code "
                             "with a follow-up part 2 (parts/2/); extend: a paper's code as "
                             "read-only context files (torch)")] = "code") -> None:
    """Scaffold katas/KATA with every file a kata needs; it validates as generated."""
    settings = _settings()
    if not KATA_ID.match(kata_id):
        _die("kata ids are lowercase words joined by '-', e.g. layer-norm-backward")
    if kata_format not in scaffold.FORMATS:
        _die(f"--format must be one of: {', '.join(scaffold.FORMATS)}")
    target = settings.katas_dir / kata_id
    if target.exists():
        _die(f"{target} already exists")
    if kata_format == KataFormat.TESTS.value:
        scaffold.write_tests(target, kata_id, framework.value)
    elif kata_format == "extend":
        scaffold_extend.write(target, kata_id)
    else:
        scaffold.write(target, kata_id, framework.value, kata_format)
    typer.echo(f"created {target}; edit it, then run: katagrad validate {kata_id}")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="address to bind [KATAGRAD_HOST]",
                                             show_default=False)] = None,
    port: Annotated[int | None, typer.Option(help="port to bind [KATAGRAD_PORT]",
                                             show_default=False)] = None,
    workers: Annotated[int | None, typer.Option(help="gradings in parallel [KATAGRAD_WORKERS]",
                                                show_default=False)] = None,
) -> None:
    """Run the HTTP service; options override KATAGRAD_* variables (docs/service.md)."""
    given = {"host": host, "port": port, "workers": workers}
    try:
        settings = load_settings(**{k: v for k, v in given.items() if v is not None})
    except KatagradError as exc:
        _die(str(exc))
    _sandbox(settings)  # refuse to start where submissions cannot be graded
    from api.main import serve as run_service

    run_service(settings)


@app.command()
def worker(
    concurrency: Annotated[int | None, typer.Option(
        min=1, help="gradings at once (default: KATAGRAD_WORKERS, else the cores)")] = None,
) -> None:
    """Grade a cluster's submissions on this host until SIGTERM (docs/deploy.md)."""
    import os

    from api.engine.worker import run
    from api.logs import configure_logging

    settings = _settings()
    _sandbox(settings)  # refuse to start where submissions cannot be graded
    configure_logging(settings)
    try:
        run(settings, concurrency or settings.workers or os.cpu_count() or 1)
    except KatagradError as exc:
        _die(str(exc), 1)


interviewer_app = typer.Typer(help="Interviewer accounts (they sign in at /interviewer).",
                              no_args_is_help=True)
app.add_typer(interviewer_app, name="interviewer")


def _interviews():  # type: ignore[no-untyped-def]
    """The interview store on the configured database, migrated."""
    from api.db.engine import make_engine, migrate
    from api.interviews.store import InterviewStore

    engine = make_engine(_settings())
    migrate(engine)
    return InterviewStore(engine)


@interviewer_app.command("add")
def interviewer_add(
    name: Annotated[str, typer.Argument(metavar="NAME")],
    prompt: Annotated[bool, typer.Option("--prompt", help="type the password instead of "
                                         "generating one")] = False,
) -> None:
    """Create an account; prints a generated password once (or asks for one with --prompt)."""
    from api.interviews.crypto import new_password
    from api.interviews.store import NameTaken

    if not name.strip() or len(name) > 100:
        _die("NAME must be 1 to 100 characters")
    password = (typer.prompt("Password", hide_input=True, confirmation_prompt=True)
                if prompt else new_password())
    if len(password) < 10:
        _die("the password must be at least 10 characters")
    try:
        _interviews().add_interviewer(name, password)
    except NameTaken:
        _die(f"an interviewer named {name!r} already exists")
    typer.echo(f"created interviewer {name}")
    if not prompt:
        typer.echo(f"password: {password}")
        typer.echo("(shown once; it is stored only as an Argon2 hash)")


@interviewer_app.command("list")
def interviewer_list() -> None:
    """List interviewer accounts."""
    for who in _interviews().interviewers():
        typer.echo(f"{who.name}\tcreated {who.created_at:%Y-%m-%d %H:%M} UTC")


@interviewer_app.command("remove")
def interviewer_remove(name: Annotated[str, typer.Argument(metavar="NAME")]) -> None:
    """Delete an account, its sessions and its interviews."""
    if not _interviews().remove_interviewer(name):
        _die(f"no interviewer named {name!r}")
    typer.echo(f"removed interviewer {name}")


def main() -> None:
    app()
