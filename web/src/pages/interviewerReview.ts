// One interview for its interviewer: state and controls (extend, revoke), per kata the scores,
// counts, time to first full pass, every check's verdict, the explanation and a playback of
// the candidate's code (slider over snapshots, with the diff from the previous one); the
// rubric; exports as Markdown, JSON and a printable page. It refreshes every few seconds
// without touching what the interviewer is doing: unsaved rubric text and the playback slider
// stay as they are.

import {
  interviewer, STATE_LABEL,
  type ApiError, type InterviewDetail, type KataReview, type RubricEntry, type Snapshot,
} from "../api";
import { clock, h, mount, percent } from "../dom";
import { navigate, type Page } from "../router";
import { diffLines } from "./interviewDiff";
import "./interview.css";


function duration(s: number | null): string {
  if (s === null) return "—";
  return `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, "0")} s`;
}

/** The code playback of one kata: a slider over snapshots with the diff from the previous
 * one. `refresh` takes in new snapshots without moving the slider off the one being read. */
function playback(id: string, k: KataReview): { el: HTMLElement; refresh(): Promise<void> } {
  const host = h("div", { class: "playback", "data-testid": `playback-${k.kata_id}` }, h("p", { class: "muted" }, "Loading snapshots…"));
  let snaps: Snapshot[] = [];
  const label = h("span", { class: "playback-label", "data-testid": "playback-label" });
  const code = h("pre", { class: "attempt-code playback-code", tabindex: "0", "aria-label": "Code at this point" });
  const showDiff = h("input", { type: "checkbox", id: `diff-${k.kata_id}`, checked: true });
  const slider = h("input", { type: "range", min: "0", max: "0", value: "0", "aria-label": "Snapshot", class: "playback-slider" });
  const render = () => {
    const i = Number(slider.value), s = snaps[i];
    slider.setAttribute("aria-valuetext", `snapshot ${i + 1} of ${snaps.length}`);
    label.textContent = `${i + 1} / ${snaps.length} · ${new Date(s.at).toLocaleTimeString()} · ${s.source}`;
    if (showDiff.checked && i > 0) {
      mount(code, diffLines(snaps[i - 1].code, s.code).map((d) =>
        h("span", { class: `diff-${d.kind}` }, `${d.kind === "add" ? "+ " : d.kind === "del" ? "- " : "  "}${d.text}\n`)));
    } else code.textContent = s.code;
  };
  slider.addEventListener("input", render);
  showDiff.addEventListener("change", render);
  const refresh = async () => {
    const next = await interviewer.snapshots(id, k.kata_id);
    if (!next.length) { mount(host, h("p", { class: "muted" }, "No snapshots.")); return; }
    const first = !snaps.length;
    const at = first ? next.length - 1 : Math.min(Number(slider.value), next.length - 1);
    snaps = next;
    slider.max = String(next.length - 1);
    slider.value = String(at);
    if (first) mount(host, h("div", { class: "playback-bar" }, slider, label,
      h("label", { for: `diff-${k.kata_id}` }, showDiff, " diff from the previous snapshot")), code);
    render();
  };
  void refresh().catch((e) => mount(host, h("p", { role: "alert" }, String(e))));
  return { el: host, refresh };
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
function kataSection(id: string, k: KataReview): { el: HTMLElement; update(k: KataReview): void } {
  const unlock = async (part: number): Promise<void> => {
    await interviewer.unlockPart(id, k.kata_id, part);
    const next = (await interviewer.get(id)).review.katas.find((x) => x.kata_id === k.kata_id);
    if (next) mount(summary, kataSummary(next, (n) => void unlock(n)));
  };
  const summary = h("div", null, kataSummary(k, (n) => void unlock(n)));
  const pb = playback(id, k);
  let seen = k.snapshots;
  const el = h("section", { class: "iv-kata", "data-kata": k.kata_id },
    h("h2", null, k.title), k.variant ? h("p", { class: "variant" }, `Variant: ${k.variant}`) : null, summary, h("h3", null, "Code playback"), pb.el);
  return { el, update: (next) => {
    mount(summary, kataSummary(next, (n) => void unlock(n)));
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
  const sections = first.review.katas.map((k) => kataSection(id, k));
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

  const draw = (d: InterviewDetail) => {
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
      d.state === "revoked" || d.state === "finished" ? null : revoke);
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
