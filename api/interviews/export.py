"""The review as files: JSON data (also the API's review field), a Markdown report and a
printable HTML page. Candidate text is data: escaped in Markdown, autoescaped in HTML, and
code sits in fences longer than any run of backticks inside it."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import datetime
from typing import Any

from jinja2 import Environment

from api.interviews.review import (
    KataReview,
    Mark,
    PartReview,
    Review,
    RubricEntry,
    ScratchMark,
    SignalMark,
)


def to_json(review: Review) -> dict[str, Any]:
    """The review as plain JSON data (the export and the API's review field)."""
    def ts(dt: datetime | None) -> str | None:
        return dt.isoformat() if dt else None

    return {
        "version": 1,
        "interview_id": review.interview_id,
        "candidate": {"name": review.candidate_name, "email": review.candidate_email},
        "interviewer": review.interviewer,
        "state": review.state.value,
        "started_at": ts(review.started_at), "ended_at": ts(review.ended_at),
        "duration_s": review.duration_s,
        "katas": [{**asdict(k), "checks": [asdict(c) for c in k.checks],
                   "summary": summary_text(k)} for k in review.katas],
        "rubric": {k: asdict(v) for k, v in review.rubric.items()},
        "dimensions": [asdict(d) for d in review.dimensions],
    }


def _pct(score: float | None) -> str:
    return "—" if score is None else f"{round(score * 100, 1):g} %"


def _dur(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    m, s = divmod(int(round(seconds)), 60)
    return f"{m} min {s:02d} s"


_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")  # emphasis, code, links, HTML, tables, entities
_MARKER = re.compile(r"^(\s*)([#>+=-])")  # headings, quotes, lists, rules at a line's start
_NUMBERED = re.compile(r"^(\s*\d+)([.)])")  # "1." starts a list


def escape(text: str) -> str:
    """Markdown that renders as exactly this text (one line or many)."""
    return "\n".join(_NUMBERED.sub(r"\1\\\2", _MARKER.sub(r"\1\\\2", _INLINE.sub(r"\\\1", line)))
                     for line in text.splitlines())


def _cell(text: str) -> str:
    return escape(" ".join(text.split())[:200])


def _fenced(code: str, lang: str = "python") -> list[str]:
    fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", code)), default=0))
    return [f"{fence}{lang}", *code.splitlines(), fence]


def clock(seconds: float | None) -> str:
    """Minutes into the round, as mm:ss."""
    if seconds is None:
        return "--:--"
    m, s = divmod(int(seconds), 60)
    return f"{m:02d}:{s:02d}"


def _unlocked(p: PartReview) -> str:
    """When and how a part unlocked, in words."""
    if p.unlocked_by is None:
        return "locked"
    if p.unlocked_by == "start":
        return "at the start"
    how = f"part {p.part - 1} passed" if p.unlocked_by == "passed" else "by the interviewer"
    return f"{clock(p.unlocked_at_s)} ({how})"


def mark_text(m: Mark | ScratchMark | SignalMark) -> str:
    if isinstance(m, ScratchMark):
        return scratch_text(m)
    if isinstance(m, SignalMark):
        if m.kind == "paste":
            return f"{clock(m.at_s)} paste · {m.chars} characters"
        return f"{clock(m.at_s)} left the page · {_dur(m.away_s)}"
    return (f"{clock(m.at_s)} {m.mode} · {_pct(m.score)}"
            + (f" · first failing: {m.failed}" if m.failed else " · all checks pass"))


def scratch_text(m: ScratchMark) -> str:
    figures = f" · {m.figures} figure{'s' if m.figures != 1 else ''}" if m.figures else ""
    return f"{clock(m.at_s)} scratch · {m.message} · {m.wall_s:.2f} s{figures}"


def timeline(k: KataReview) -> list[Mark | ScratchMark | SignalMark]:
    """Runs, submits, scratch runs, pastes and focus losses, in the order they happened."""
    return sorted([*k.timeline, *k.scratch, *k.signals],
                  key=lambda m: -1.0 if m.at_s is None else m.at_s)


def summary_text(k: KataReview) -> str:
    """One line: time to first run, to first full pass, and the named bugs met in order."""
    bugs = ", ".join(f"{b.bug} ({clock(b.first_s)} → "
                     + (f"fixed {clock(b.fixed_s)})" if b.fixed_s is not None else "not fixed)")
                     for b in k.bugs) or "none named"
    return (f"first run {clock(k.first_run_s)} · first full pass {clock(k.first_full_pass_s)}"
            f" · bugs met: {bugs}")


def signals_text(k: KataReview) -> str:
    return (f"{k.pastes} paste{'' if k.pastes == 1 else 's'} ({k.pasted_chars} characters) · "
            f"left the page {k.away} time{'' if k.away == 1 else 's'} ({_dur(k.away_s)})")


def _score_head(review: Review) -> str:
    scales = {d.scale for d in review.dimensions}
    return f"Score (1–{scales.pop()})" if len(scales) == 1 else "Score"


def to_markdown(review: Review) -> str:
    """The review as a Markdown report, for pasting into a hiring packet."""
    who = escape(review.candidate_name) or "(unnamed candidate)"
    lines = [f"# Interview review: {who}", ""]
    if review.candidate_email:
        lines.append(f"- Email: {escape(review.candidate_email)}")
    lines += [f"- Interviewer: {escape(review.interviewer)}", f"- State: {review.state.value}",
              f"- Started: {review.started_at.isoformat() if review.started_at else '—'}",
              f"- Ended: {review.ended_at.isoformat() if review.ended_at else '—'}",
              f"- Duration: {review.duration_s // 60} min", ""]
    for k in review.katas:
        lines += [f"## {k.title} (`{k.kata_id}`)", ""]
        if k.variant:
            lines += [f"Variant: {escape(k.variant)}", ""]
        lines += ["| Best score | Final score | Runs | Submissions | First full pass | Snapshots |",
                  "|---|---|---|---|---|---|",
                  f"| {_pct(k.best_score)} | {_pct(k.final_score)} | {k.runs} | {k.submissions} "
                  f"| {_dur(k.first_full_pass_s)} | {k.snapshots} |", "",
                  f"- Summary: {escape(summary_text(k))}",
                  f"- Integrity signals: {escape(signals_text(k))}", ""]
        if k.parts:
            lines += ["| Part | Unlocked | Best score | Final score | Runs | Submissions |",
                      "|---|---|---|---|---|---|"]
            lines += [f"| {p.part}: {_cell(p.title)} | {_unlocked(p)} | {_pct(p.best_score)} "
                      f"| {_pct(p.final_score)} | {p.runs} | {p.submissions} |" for p in k.parts]
            lines.append("")
        if k.checks:
            lines += [f"Checks of the final {k.checks_from}:", "",
                      "| Check | Verdict | Points | Message |", "|---|---|---|---|"]
            lines += [f"| `{c.name}`{'' if c.visible else ' (hidden)'} | {c.status} "
                      f"| {c.points:g}/{c.max_points:g} | {_cell(c.message)} |" for c in k.checks]
            lines.append("")
        if k.timeline or k.scratch or k.signals:
            lines += ["### Timeline", ""]
            lines += [f"- {escape(mark_text(m))}" for m in timeline(k)]
            lines.append("")
        lines += ["### Explanation", ""]
        text = escape(k.explanation.strip())
        lines += [("> " + line) if line else ">" for line in text.splitlines()] if text \
            else ["_(none written)_"]
        lines += ["", "### Final code", ""]
        lines += _fenced(k.final_code) if k.final_code else ["_(no code saved)_"]
        lines.append("")
    lines += ["## Rubric", "", f"| Criterion | {_score_head(review)} | Notes |", "|---|---|---|"]
    for d in review.dimensions:
        e = review.rubric.get(d.key, RubricEntry())
        lines.append(f"| {_cell(d.name)} | {e.score if e.score is not None else '—'} "
                     f"| {_cell(e.notes)} |")
    return "\n".join(lines) + "\n"


_HTML = Environment(autoescape=True).from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Interview review: {{ r.candidate_name or "(unnamed candidate)" }}</title>
<style>
body { font: 14px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; color: #1c2430; }
table { border-collapse: collapse; margin: .5rem 0 1rem; } td, th { border: 1px solid #ccd;
padding: 3px 8px; text-align: left; vertical-align: top; }
pre { background: #f4f6f9; border: 1px solid #dde; padding: 8px; white-space: pre-wrap; }
blockquote { border-left: 4px solid #3b6fd8; margin: 0; padding: 4px 12px; white-space: pre-wrap; }
section { break-inside: avoid-page; } h2 { break-after: avoid; }
@media print { body { margin: 0; font-size: 11pt; } pre { font-size: 9pt; } }
</style></head><body>
<h1>Interview review: {{ r.candidate_name or "(unnamed candidate)" }}</h1>
<ul>{% if r.candidate_email %}<li>Email: {{ r.candidate_email }}</li>{% endif %}
<li>Interviewer: {{ r.interviewer }}</li><li>State: {{ r.state.value }}</li>
<li>Started: {{ ts(r.started_at) }}</li><li>Ended: {{ ts(r.ended_at) }}</li>
<li>Duration: {{ r.duration_s // 60 }} min</li></ul>
{% for k in r.katas %}<section>
<h2>{{ k.title }} <code>{{ k.kata_id }}</code></h2>
{% if k.variant %}<p>Variant: {{ k.variant }}</p>{% endif %}
<table><tr><th>Best score</th><th>Final score</th><th>Runs</th><th>Submissions</th>
<th>First full pass</th><th>Snapshots</th></tr>
<tr><td>{{ pct(k.best_score) }}</td><td>{{ pct(k.final_score) }}</td><td>{{ k.runs }}</td>
<td>{{ k.submissions }}</td><td>{{ dur(k.first_full_pass_s) }}</td><td>{{ k.snapshots }}</td></tr>
</table>
<p>Summary: {{ summary(k) }}<br>Integrity signals: {{ signals(k) }}</p>
{% if k.parts %}<table><caption>Parts</caption><tr><th>Part</th><th>Unlocked</th>
<th>Best score</th><th>Final score</th><th>Runs</th><th>Submissions</th></tr>
{% for p in k.parts %}<tr><td>{{ p.part }}: {{ p.title }}</td><td>{{ unlocked(p) }}</td>
<td>{{ pct(p.best_score) }}</td><td>{{ pct(p.final_score) }}</td><td>{{ p.runs }}</td>
<td>{{ p.submissions }}</td></tr>{% endfor %}</table>{% endif %}
{% if k.checks %}<table><caption>Checks of the final {{ k.checks_from }}</caption>
<tr><th>Check</th><th>Verdict</th><th>Points</th><th>Message</th></tr>
{% for c in k.checks %}<tr>
<td><code>{{ c.name }}</code>{% if not c.visible %} (hidden){% endif %}</td>
<td>{{ c.status }}</td><td>{{ "%g"|format(c.points) }}/{{ "%g"|format(c.max_points) }}</td>
<td>{{ c.message }}</td></tr>{% endfor %}</table>{% endif %}
{% if k.timeline or k.scratch or k.signals %}<h3>Timeline</h3>
<ul>{% for m in timeline(k) %}<li>{{ mark(m) }}</li>{% endfor %}</ul>{% endif %}
<h3>Explanation</h3>
{% if k.explanation.strip() %}<blockquote>{{ k.explanation.strip() }}</blockquote>
{% else %}<p><em>(none written)</em></p>{% endif %}
<h3>Final code</h3>{% if k.final_code %}<pre><code>{{ k.final_code }}</code></pre>
{% else %}<p><em>(no code saved)</em></p>{% endif %}
</section>{% endfor %}
<section><h2>Rubric</h2><table><tr><th>Criterion</th><th>Score</th><th>Notes</th></tr>
{% for d in r.dimensions %}{% set e = r.rubric.get(d.key) %}<tr>
<td>{{ d.name }}{% if d.description %}<br><small>{{ d.description }}</small>{% endif %}</td>
<td>{{ e.score if e and e.score is not none else "—" }} / {{ d.scale }}</td>
<td style="white-space: pre-wrap">{{ e.notes if e else "" }}</td></tr>
{% endfor %}</table></section>
</body></html>
""")


def to_html(review: Review) -> str:
    """The review as one self-contained page, laid out for printing (or saving as PDF)."""
    return _HTML.render(r=review, pct=_pct, dur=_dur, mark=mark_text, timeline=timeline,
                        summary=summary_text, signals=signals_text, unlocked=_unlocked,
                        ts=lambda dt: dt.isoformat() if dt else "—")
