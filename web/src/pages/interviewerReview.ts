// One interview for its interviewer: state and controls (extend, revoke, release the browser),
// per kata a summary line (first run, first full pass, named bugs met in order), the scores,
// counts, integrity signals, every check's verdict, the explanation, a timeline of markers and
// a playback of the candidate's edit log (interviewPlayback.ts); the rubric; exports as
// Markdown, JSON and a printable page. It refreshes every few seconds
// without touching what the interviewer is doing: unsaved rubric text and the playback slider
// stay as they are.

import {
  interviewer, STATE_LABEL,
  type ApiError, type InterviewDetail, type KataReview, type RubricEntry,
} from "../api";
import { clock, h, mount, percent, plural } from "../dom";
import { navigate, type Page } from "../router";
import { playback } from "./interviewPlayback";
import "./interview.css";

function duration(s: number | null): string {
  if (s === null) return "—";
  return `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, "0")} s`;
}

const UNLOCKED_BY = { start: "at the start", passed: "part passed", interviewer: "by you" } as const;

/** Per-part scores and unlock times; a locked part has an Unlock button. */
function partsTable(k: KataReview, unlock: (part: number) => void): HTMLElement | null {
  if (!k.parts?.length) return null;
  return h("table", { class: "kata-table iv-parts", "data-testid": `parts-${k.kata_id}` },
    h("caption", null, "Parts"),
    h("thead", null, h("tr", null, ["Part", "Unlocked", "Best score", "Final score", "Submissions", ""].map((t) => h("th", null, t)))),
    h("tbody", null, k.parts.map((p) => h("tr", { "data-part": String(p.part) },
      h("td", null, `${p.part}: ${p.title}`),
      h("td", null, p.unlocked_by === null ? "locked"
        : p.part === 1 ? UNLOCKED_BY.start : `${clock(p.unlocked_at_s ?? 0)} (${UNLOCKED_BY[p.unlocked_by]})`),
      h("td", null, p.best_score === null ? "—" : percent(p.best_score)),
      h("td", null, p.final_score === null ? "—" : percent(p.final_score)),
      h("td", null, String(p.submissions)),
      h("td", null, p.unlocked_by === null ? h("button", { type: "button", class: "button subtle",
        "data-testid": `unlock-${k.kata_id}-${p.part}`, onclick: () => unlock(p.part) }, `Unlock part ${p.part}`) : null)))));
}

function kataSummary(k: KataReview, unlock: (part: number) => void = () => undefined): HTMLElement[] {
  return [
    h("p", { class: "iv-summary", "data-testid": "kata-summary" }, k.summary),
    h("p", { class: `iv-signals${k.pastes || k.away ? " flagged" : ""}`, "data-testid": "signals" },
      `Integrity signals: ${plural(k.pastes, "paste")} (${k.pasted_chars} characters) · left the page ${plural(k.away, "time")} (${Math.round(k.away_s)} s)`),
    ...(k.parts?.length ? [partsTable(k, unlock) as HTMLElement] : []),
    h("dl", { class: "iv-stats" },
      h("dt", null, "Best score"), h("dd", { "data-testid": "best-score" }, k.best_score === null ? "—" : percent(k.best_score)),
      h("dt", null, "Final score"), h("dd", null, k.final_score === null ? "—" : percent(k.final_score)),
      h("dt", null, "Runs"), h("dd", { "data-testid": "runs" }, String(k.runs)),
      h("dt", null, "Submissions"), h("dd", null, String(k.submissions)),
      h("dt", null, "First full pass"), h("dd", null, duration(k.first_full_pass_s))),
    k.checks.length ? h("table", { class: "kata-table iv-checks" },
      h("caption", null, `Checks of the final ${k.checks_from}`),
      h("thead", null, h("tr", null, ["Check", "Verdict", "Points", "Message"].map((t) => h("th", null, t)))),
      h("tbody", null, k.checks.map((c) => h("tr", null,
        h("td", null, h("code", null, c.name), c.visible ? null : h("span", { class: "muted" }, " (hidden)")),
        h("td", null, h("span", { class: `iv-verdict v-${c.status}` }, c.status)),
        h("td", null, `${c.points}/${c.max_points}`), h("td", null, c.message))))) : h("p", { class: "muted" }, "No graded attempts."),
    h("h3", null, "Explanation"),
    k.explanation.trim() ? h("blockquote", { class: "iv-explanation", "data-testid": "explanation" }, k.explanation)
      : h("p", { class: "muted", "data-testid": "explanation" }, "(none written)"),
  ];
}

/** One kata's section: the summary is redrawn on refresh, the playback refreshed in place. */
function kataSection(id: string, k: KataReview, startedAt: () => string | null): { el: HTMLElement; update(k: KataReview): void } {
  const unlock = async (part: number): Promise<void> => {
    await interviewer.unlockPart(id, k.kata_id, part);
    const next = (await interviewer.get(id)).review.katas.find((x) => x.kata_id === k.kata_id);
    if (next) mount(summary, kataSummary(next, (n) => void unlock(n)));
  };
  const summary = h("div", null, kataSummary(k, (n) => void unlock(n)));
  const pb = playback(id, k, startedAt);
  const count = (r: KataReview) => r.timeline.length + r.signals.length + (r.scratch?.length ?? 0);
  let seen = k.snapshots, marks = count(k);
  const el = h("section", { class: "iv-kata", "data-kata": k.kata_id },
    h("h2", null, k.title), k.variant ? h("p", { class: "variant" }, `Variant: ${k.variant}`) : null, summary, pb.el);
  return { el, update: (next) => {
    mount(summary, kataSummary(next, (n) => void unlock(n)));
    const nextMarks = count(next);
    if (nextMarks !== marks) { marks = nextMarks; pb.update(next); }
    if (next.snapshots !== seen) { seen = next.snapshots; void pb.refresh().catch(() => undefined); }
  } };
}

/** The rubric. A refresh updates only what the interviewer has not edited since the last save. */
function rubricForm(d: InterviewDetail): { el: HTMLElement; update(d: InterviewDetail): void } {
  const inputs = d.review.dimensions.map(({ key, name: label, description, scale }) => {
    const score = h("select", { id: `rubric-${key}`, "aria-label": `${label} score`, title: `1 to ${scale}` },
      h("option", { value: "" }, "—"), Array.from({ length: scale }, (_, n) => h("option", { value: String(n + 1) }, String(n + 1))));
    const notes = h("textarea", { id: `rubric-${key}-notes`, rows: "2", "aria-label": `${label} notes`, maxlength: "10000" });
    return { key, label, description, scale, score, notes, saved: { score: "", notes: "" } };
  });
  const update = (next: InterviewDetail, force = false) => {
    for (const i of inputs) {
      const r: RubricEntry = next.review.rubric[i.key] ?? { score: null, notes: "" };
      const fresh = { score: r.score === null ? "" : String(r.score), notes: r.notes };
      if (force || i.score.value === i.saved.score) i.score.value = fresh.score;
      if (force || i.notes.value === i.saved.notes) i.notes.value = fresh.notes;
      i.saved = fresh;
    }
  };
  update(d, true);
  const status = h("span", { class: "saved", "aria-live": "polite" });
  const el = h("form", { class: "iv-rubric", onsubmit: async (e: Event) => {
    e.preventDefault();
    const body: Record<string, RubricEntry> = Object.fromEntries(inputs.map((i) => [i.key, { score: i.score.value ? Number(i.score.value) : null, notes: i.notes.value }]));
    try { update(await interviewer.rubric(d.id, body), true); status.textContent = "Rubric saved"; }
    catch (err) { status.textContent = `Could not save: ${(err as ApiError).message}`; }
  } },
    h("h2", null, "Rubric"), h("p", { class: "muted" }, "1 = weak; the highest score of each criterion is strong"),
    h("div", { class: "iv-rubric-grid" }, inputs.map((i) => [
      h("label", { for: `rubric-${i.key}` }, i.label, h("span", { class: "muted" }, ` (1–${i.scale})`),
        i.description ? h("div", { class: "muted iv-dim-desc" }, i.description) : null),
      i.score, i.notes])),
    h("button", { type: "submit", class: "button primary" }, "Save rubric"), status);
  return { el, update: (next) => update(next) };
}

const REFRESH_MS = 5000;

export async function reviewPage(id: string): Promise<Page> {
  if (await interviewer.me() === null) {
    navigate("/interviewer/login");
    return { el: h("p", null, "Redirecting to sign-in…"), title: "Sign in" };
  }
  const first = await interviewer.get(id);
  const head = h("div", { class: "iv-head" });
  const controls = h("div", { class: "iv-controls" });
  let startedAt = first.started_at;
  const sections = first.review.katas.map((k) => kataSection(id, k, () => startedAt));
  const rubric = rubricForm(first);
  const minutes = h("input", { type: "number", id: "extend-minutes", min: "1", max: "480", step: "1", value: "10",
                               class: "iv-minutes", "aria-label": "Minutes to add" });
  const message = h("p", { class: "form-error", role: "alert" });
  const act = (f: () => Promise<unknown>) => async () => {
    message.textContent = "";
    try { await f(); await load(); } catch (e) { message.textContent = (e as ApiError).message; }
  };
  const extend = h("button", { type: "button", class: "button", id: "extend-button",
    onclick: act(() => interviewer.extend(id, Number(minutes.value))) }, "Extend");
  const revoke = h("button", { type: "button", class: "button danger", onclick: act(async () => {
    if (confirm("Revoke this interview? The invite link stops working.")) await interviewer.revoke(id);
  }) }, "Revoke");
  const el = h("section", { class: "iv-page" }, head, controls, message, sections.map((s) => s.el), rubric.el);
  let timer: number | undefined;

  const release = h("button", { type: "button", class: "button", id: "release-button",
    title: "Let the candidate continue in another browser", onclick: act(async () => {
      if (confirm("Release the round from the browser holding it? The next browser to open the link takes it over.")) await interviewer.release(id);
    }) }, "Release browser");
  const draw = (d: InterviewDetail) => {
    startedAt = d.started_at;
    mount(head,
      h("nav", { class: "breadcrumb" }, h("a", { href: "/interviewer", "data-link": true }, "Interviews"), " / "),
      h("h1", null, d.candidate_name || "(unnamed candidate)"),
      h("span", { class: `iv-state s-${d.state}`, "data-testid": "interview-state" }, STATE_LABEL[d.state]),
      d.seconds_left !== null ? h("span", { class: "muted" }, ` ${clock(d.seconds_left)} left`) : null);
    mount(controls,
      h("a", { class: "button", href: interviewer.exportUrl(id, "markdown"), download: `interview-${id}.md`, id: "export-md" }, "Export Markdown"),
      h("a", { class: "button", href: interviewer.exportUrl(id, "json"), download: `interview-${id}.json`, id: "export-json" }, "Export JSON"),
      h("a", { class: "button", href: interviewer.exportUrl(id, "html"), target: "_blank", rel: "noopener", id: "export-html" }, "Printable page"),
      d.state === "revoked" ? null : h("span", { class: "iv-extend" }, minutes, h("label", { for: "extend-minutes" }, " minutes "), extend),
      d.state === "revoked" || d.state === "finished" ? null : revoke,
      d.held && d.state === "in_progress" ? release : null);
  };
  async function load(): Promise<void> {
    const d = await interviewer.get(id);
    draw(d);
    d.review.katas.forEach((k, i) => sections[i]?.update(k));
    rubric.update(d);
  }
  const poll = () => {
    timer = window.setTimeout(() => { void load().catch(() => undefined).finally(poll); }, REFRESH_MS);
  };
  draw(first);
  poll();
  return { el, title: "Interview review", dispose: () => window.clearTimeout(timer) };
}
