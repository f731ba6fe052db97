// One interview for its interviewer: state and controls (extend, revoke), per kata the scores,
// counts, time to first full pass, every check's verdict, the explanation and a playback of
// the candidate's code (slider over snapshots, with the diff from the previous one); the
// rubric; exports as Markdown and JSON.

import {
  interviewer, STATE_LABEL,
  type ApiError, type Criterion, type InterviewDetail, type KataReview, type RubricEntry, type Snapshot,
} from "../api";
import { clock, h, mount, percent } from "../dom";
import { navigate, type Page } from "../router";
import { diffLines } from "./interviewDiff";
import "./interview.css";

const CRITERIA: [Criterion, string][] = [["correctness", "Correctness"], ["code_quality", "Code quality"],
                                          ["testing", "Testing"], ["communication", "Communication"]];

function duration(s: number | null): string {
  if (s === null) return "—";
  return `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, "0")} s`;
}

function playback(id: string, k: KataReview): HTMLElement {
  const host = h("div", { class: "playback", "data-testid": `playback-${k.kata_id}` }, h("p", { class: "muted" }, "Loading snapshots…"));
  void interviewer.snapshots(id, k.kata_id).then((snaps: Snapshot[]) => {
    if (!snaps.length) { mount(host, h("p", { class: "muted" }, "No snapshots.")); return; }
    const label = h("span", { class: "playback-label", "data-testid": "playback-label" });
    const code = h("pre", { class: "attempt-code playback-code", tabindex: "0", "aria-label": "Code at this point" });
    const showDiff = h("input", { type: "checkbox", id: `diff-${k.kata_id}`, checked: true });
    const slider = h("input", { type: "range", min: "0", max: String(snaps.length - 1), value: String(snaps.length - 1),
                                "aria-label": "Snapshot", class: "playback-slider" });
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
    mount(host, h("div", { class: "playback-bar" }, slider, label,
      h("label", { for: `diff-${k.kata_id}` }, showDiff, " diff from the previous snapshot")), code);
    render();
  }).catch((e) => mount(host, h("p", { role: "alert" }, String(e))));
  return host;
}

function kataSection(id: string, k: KataReview): HTMLElement {
  return h("section", { class: "iv-kata", "data-kata": k.kata_id },
    h("h2", null, k.title),
    h("dl", { class: "iv-stats" },
      h("dt", null, "Best score"), h("dd", { "data-testid": "best-score" }, k.best_score === null ? "—" : percent(k.best_score)),
      h("dt", null, "Final score"), h("dd", null, k.final_score === null ? "—" : percent(k.final_score)),
      h("dt", null, "Runs"), h("dd", null, String(k.runs)),
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
    h("h3", null, "Code playback"), playback(id, k));
}

function rubricForm(d: InterviewDetail, onSaved: (d: InterviewDetail) => void): HTMLElement {
  const inputs = CRITERIA.map(([key, label]) => {
    const r: RubricEntry = d.review.rubric[key] ?? { score: null, notes: "" };
    const score = h("select", { id: `rubric-${key}`, "aria-label": `${label} score` },
      h("option", { value: "" }, "—"), [1, 2, 3, 4].map((n) => h("option", { value: String(n), selected: r.score === n }, String(n))));
    const notes = h("textarea", { id: `rubric-${key}-notes`, rows: "2", "aria-label": `${label} notes`, maxlength: "10000" }, r.notes);
    return { key, label, score, notes };
  });
  const status = h("span", { class: "saved", "aria-live": "polite" });
  return h("form", { class: "iv-rubric", onsubmit: async (e: Event) => {
    e.preventDefault();
    const body = Object.fromEntries(inputs.map((i) => [i.key, { score: i.score.value ? Number(i.score.value) : null, notes: i.notes.value }])) as Record<Criterion, RubricEntry>;
    try { onSaved(await interviewer.rubric(d.id, body)); status.textContent = "Rubric saved"; }
    catch (err) { status.textContent = `Could not save: ${(err as ApiError).message}`; }
  } },
    h("h2", null, "Rubric"), h("p", { class: "muted" }, "1 = weak · 4 = strong"),
    h("div", { class: "iv-rubric-grid" }, inputs.map((i) => [h("label", { for: `rubric-${i.key}` }, i.label), i.score, i.notes])),
    h("button", { type: "submit", class: "button primary" }, "Save rubric"), status);
}

export async function reviewPage(id: string): Promise<Page> {
  if (await interviewer.me() === null) {
    navigate("/interviewer/login");
    return { el: h("p", null, "Redirecting to sign-in…"), title: "Sign in" };
  }
  const el = h("section", { class: "iv-page" });
  let timer: number | undefined;
  const load = async () => {
    const d = await interviewer.get(id);
    const head = h("div", { class: "iv-head" },
      h("nav", { class: "breadcrumb" }, h("a", { href: "/interviewer", "data-link": true }, "Interviews"), " / "),
      h("h1", null, d.candidate_name || "(unnamed candidate)"),
      h("span", { class: `iv-state s-${d.state}`, "data-testid": "interview-state" }, STATE_LABEL[d.state]),
      d.seconds_left !== null ? h("span", { class: "muted" }, ` ${clock(d.seconds_left)} left`) : null);
    const controls = h("div", { class: "iv-controls" },
      h("a", { class: "button", href: interviewer.exportUrl(id, "markdown"), download: `interview-${id}.md`, id: "export-md" }, "Export Markdown"),
      h("a", { class: "button", href: interviewer.exportUrl(id, "json"), download: `interview-${id}.json`, id: "export-json" }, "Export JSON"),
      d.state === "revoked" ? null : h("button", { type: "button", class: "button", onclick: async () => { await interviewer.extend(id, 10); await load(); } }, "+10 minutes"),
      d.state === "revoked" || d.state === "finished" ? null
        : h("button", { type: "button", class: "button danger", onclick: async () => {
            if (confirm("Revoke this interview? The invite link stops working.")) { await interviewer.revoke(id); await load(); } } }, "Revoke"));
    mount(el, head, controls, d.review.katas.map((k) => kataSection(id, k)), rubricForm(d, () => undefined));
    window.clearTimeout(timer);
    if (d.state === "in_progress") timer = window.setTimeout(() => {
      if (!el.querySelector(".iv-rubric")?.contains(document.activeElement)) void load().catch(() => undefined);
    }, 10000);
  };
  await load();
  return { el, title: "Interview review", dispose: () => window.clearTimeout(timer) };
}
