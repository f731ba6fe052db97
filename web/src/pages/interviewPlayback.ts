// The review's playback of one kata: the candidate's edit log (a snapshot after each pause in
// typing, and at every Run, Scratch and Submit) on a slider, the change from the previous
// snapshot highlighted by @codemirror/merge, and a timeline of markers (Run, Scratch and
// Submit with their score and the named bug of the first failing check; pastes; times away
// from the page). Clicking a marker moves the playback to the code at that moment.

import { python } from "@codemirror/lang-python";
import { unifiedMergeView } from "@codemirror/merge";
import { EditorState } from "@codemirror/state";
import { EditorView, lineNumbers } from "@codemirror/view";
import { interviewer, type KataReview, type Mark, type ScratchEntry, type SignalMark, type Snapshot } from "../api";
import { clock, h, mount, percent } from "../dom";

type Marker = (Mark & { kind: "attempt" }) | ScratchEntry | SignalMark;

function markerText(m: Marker): string {
  const at = m.at_s === null ? "--:--" : clock(m.at_s);
  if (m.kind === "scratch") return `${at} scratch · ${m.message}`;
  if (m.kind !== "attempt")
    return m.kind === "paste" ? `${at} paste · ${m.chars} chars` : `${at} left the page · ${Math.round(m.away_s)} s`;
  const score = m.score === null ? "—" : percent(m.score);
  return `${at} ${m.mode} · ${score}${m.failed ? ` · ${m.failed}` : " · all pass"}`;
}

function markerTitle(m: Marker): string {
  if (m.kind === "scratch")
    return `A scratch run (not graded): ${m.message}, ${m.wall_s.toFixed(2)} s${m.stdout ? `\n${m.stdout.slice(0, 500)}` : ""}`;
  if (m.kind !== "attempt")
    return m.kind === "paste" ? `Pasted ${m.chars} characters:\n${m.text}${m.text.length < m.chars ? "\n…" : ""}`
      : `The page lost focus for ${m.away_s.toFixed(1)} s (another tab or window)`;
  return m.failed ? `First failing check: ${m.failed}` : "Every check passed";
}

/** Runs, submits, scratch runs, pastes and focus losses in time order. */
export function markers(k: KataReview): Marker[] {
  const all: Marker[] = [
    ...k.timeline.map((m) => ({ ...m, kind: "attempt" as const })),
    ...(k.scratch ?? []),
    ...k.signals,
  ];
  return all.sort((a, b) => (a.at_s ?? -1) - (b.at_s ?? -1));
}

/** The snapshot showing the code just after `at` (ms): the first one saved from then on
 * (a Run's or Submit's own snapshot, the one after a paste's pause), else the newest. */
export function snapshotAt(snaps: Snapshot[], at: number): number {
  const i = snaps.findIndex((s) => new Date(s.at).getTime() >= at);
  return i === -1 ? snaps.length - 1 : i;
}

/** A read-only editor showing `code`, with what changed since `before` highlighted. */
function codeView(parent: HTMLElement, code: string, before: string | null): EditorView {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc: code,
      extensions: [
        lineNumbers(), python(), EditorState.readOnly.of(true), EditorView.editable.of(false),
        EditorView.contentAttributes.of({ "aria-label": "Code at this point" }),
        before === null ? [] : unifiedMergeView({ original: before, mergeControls: false, highlightChanges: true, gutter: true }),
      ],
    }),
  });
}

export function playback(id: string, k: KataReview, startedAt: () => string | null): {
  el: HTMLElement; refresh(): Promise<void>; update(k: KataReview): void;
} {
  const host = h("div", { class: "playback", "data-testid": `playback-${k.kata_id}` }, h("p", { class: "muted" }, "Loading snapshots…"));
  const timeline = h("ol", { class: "iv-timeline", "aria-label": "Timeline", "data-testid": `timeline-${k.kata_id}` });
  let snaps: Snapshot[] = [];
  let view: EditorView | null = null;
  const label = h("span", { class: "playback-label", "data-testid": "playback-label" });
  const code = h("div", { class: "playback-code", "data-testid": "playback-code" });
  const showDiff = h("input", { type: "checkbox", id: `diff-${k.kata_id}`, checked: true });
  const slider = h("input", { type: "range", min: "0", max: "0", value: "0", "aria-label": "Snapshot", class: "playback-slider" });
  const render = () => {
    const i = Number(slider.value), s = snaps[i];
    slider.setAttribute("aria-valuetext", `snapshot ${i + 1} of ${snaps.length}`);
    label.textContent = `${i + 1} / ${snaps.length} · ${new Date(s.at).toLocaleTimeString()} · ${s.source}`;
    view?.destroy();
    view = codeView(code, s.code, showDiff.checked && i > 0 ? snaps[i - 1].code : null);
  };
  slider.addEventListener("input", render);
  showDiff.addEventListener("change", render);

  const jump = (m: Marker) => {
    const start = startedAt();
    if (!snaps.length || start === null || m.at_s === null) return;
    slider.value = String(snapshotAt(snaps, new Date(start).getTime() + m.at_s * 1000));
    render();
    for (const b of timeline.querySelectorAll("button")) b.classList.remove("current");
  };
  const drawTimeline = (next: KataReview) => {
    const all = markers(next);
    mount(timeline, all.length ? all.map((m) => {
      const cls = m.kind === "attempt" ? `mark-${m.mode} ${m.failed ? "mark-fail" : "mark-pass"}` : `mark-${m.kind}`;
      const button = h("button", { type: "button", class: `iv-mark ${cls}`, title: markerTitle(m),
        "data-kind": m.kind === "attempt" ? m.mode : m.kind,
        onclick: () => { jump(m); button.classList.add("current"); } }, markerText(m));
      return h("li", null, button);
    }) : h("li", { class: "muted" }, "Nothing yet."));
  };
  drawTimeline(k);

  const refresh = async () => {
    const next = await interviewer.snapshots(id, k.kata_id);
    if (!next.length) { mount(host, h("p", { class: "muted" }, "No snapshots.")); return; }
    const first = !snaps.length;
    const at = first ? next.length - 1 : Math.min(Number(slider.value), next.length - 1);
    snaps = next;
    slider.max = String(next.length - 1);
    slider.value = String(at);
    if (first) mount(host, h("div", { class: "playback-bar" }, slider, label,
      h("label", { for: `diff-${k.kata_id}` }, showDiff, " changes since the previous snapshot")), code);
    render();
  };
  void refresh().catch((e) => mount(host, h("p", { role: "alert" }, String(e))));
  const el = h("div", null, h("h3", null, "Timeline"),
    h("p", { class: "muted" }, "Click a marker to see the code at that moment."), timeline,
    h("h3", null, "Code playback"), host);
  return { el, refresh, update: drawTimeline };
}
