// The candidate's timed round, reached through the invite link: a countdown the server
// decides, kept live over Server-Sent Events (an extension, a revocation or a finish reaches
// the page within a second or two), and per kata the statement, the same workbench as practice
// mode, and an "explain your choices" box. The editor is snapshotted after each 2 s pause in
// typing (and every 15 s when it changed; the server snapshots every run and submit), with the
// pastes and the times away from the page since the last one: the page says it records them.
// Once time is up the editor is read-only. One browser per invite: another one gets a page
// that says so (409) until the interviewer releases the round.

import { candidate, type ApiError, type CandidateView, type KataDetail, type SignalIn } from "../api";
import { PartSteps, withPartStub } from "../components/parts";
import { renderStatement } from "../components/statement";
import { tabs, Workbench } from "../components/workbench";
import { clock, h, localDateTime, localTime, mount, plural } from "../dom";
import type { Page } from "../router";
import "./interview.css";

const SNAPSHOT_MS = 15_000;
const PAUSE_MS = 2_000; // a pause in typing this long sends a snapshot: the edit log
const PASTE_TEXT_CAP = 4096; // characters of a paste kept (the server caps it too)

interface KataPane {
  id: string; kata: KataDetail; bench: Workbench; sent: string; el: HTMLElement; steps: PartSteps | null;
  signals: SignalIn[]; pause?: number;
}

function closedPage(text: string, heading = "Interview unavailable"): Page {
  return { el: h("section", { class: "empty-page" }, h("h1", null, heading),
                 h("p", { role: "alert", "data-testid": "interview-message" }, text)), title: "Interview" };
}

/** The page another browser gets while one holds the round. */
function heldElsewhere(err: ApiError): Page {
  return closedPage(`This round is open in another browser. ${err.message.replace(/^this round is open in another browser;\s*/i, "")}`,
    "This round is open in another browser");
}

/** Why work is not accepted now, in the candidate's words and time zone. */
function stateMessage(v: CandidateView): string {
  if (v.state === "finished" && v.ended_at)
    return v.finished_early ? `You finished the interview at ${localTime(v.ended_at)}. Thank you!`
      : `Time is up: the interview ended at ${localTime(v.ended_at)}. Nothing more is accepted.`;
  if (v.state === "not_started" && v.opens_at && new Date(v.opens_at).getTime() > Date.now())
    return `This interview opens at ${localDateTime(v.opens_at)}.`;
  return v.message ?? "The interview is over.";
}

export async function interviewPage(token: string): Promise<Page> {
  let view: CandidateView;
  try {
    view = await candidate.view(token);
    if (view.state === "not_started" && view.opens_at && new Date(view.opens_at).getTime() > Date.now())
      return closedPage(stateMessage(view));
    if (view.state === "not_started") view = await candidate.start(token); // the clock starts at first open
  } catch (e) {
    const err = e as ApiError;
    if (err.status === 409) return heldElsewhere(err);
    return closedPage(err.status === 404 ? "This interview link is not valid." : err.message);
  }
  let katas: KataDetail[];
  try { katas = await Promise.all(view.katas.map((k) => candidate.kata(token, k.id))); }
  catch (e) {
    const err = e as ApiError;
    return err.status === 409 ? heldElsewhere(err) : closedPage(err.message);
  }

  // The countdown: server seconds_left, counted down locally from when we received it.
  const countdown = h("span", { class: "countdown", role: "timer", "aria-live": "off", "data-testid": "countdown" });
  const banner = h("p", { class: "iv-banner", role: "status", "aria-live": "polite", "data-testid": "interview-message" });
  let left = view.seconds_left, at = performance.now();
  let closed = view.state !== "in_progress";

  const panes: KataPane[] = [];
  const close = (message: string) => {
    closed = true;
    banner.textContent = message;
    for (const p of panes) p.bench.lock();
    finishBtn.disabled = true;
    countdown.textContent = "00:00";
  };
  const reopen = () => { // more time after the deadline: the countdown restarts
    closed = false;
    banner.textContent = "The interviewer gave you more time.";
    for (const p of panes) p.bench.unlock();
    finishBtn.disabled = false;
  };
  /** Take the server's word for the state and the time left. */
  const apply = (next: CandidateView) => {
    view = next;
    left = next.seconds_left; at = performance.now();
    if (next.state === "in_progress") { if (closed) reopen(); tick(); }
    else close(stateMessage(next));
    for (const p of panes) void p.steps?.refresh(); // the interviewer may have unlocked a part
  };
  const tick = () => {
    if (closed || left === null) return;
    const remaining = left - (performance.now() - at) / 1000;
    countdown.textContent = clock(remaining);
    countdown.classList.toggle("low", remaining < 300);
    if (remaining <= 0) void refresh();
  };
  let refreshing = false;
  const refresh = async () => {
    if (refreshing) return;
    refreshing = true;
    try { apply(await candidate.view(token)); }
    catch (e) { close((e as ApiError).message); }
    finally { refreshing = false; }
  };

  const finishBtn = h("button", { type: "button", class: "button", id: "finish-button", onclick: async () => {
    if (!confirm("Finish the interview now? You will not be able to change anything afterwards.")) return;
    await snapshotAll();
    await saveAllExplanations();
    try { apply(await candidate.finish(token)); }
    catch (e) { close((e as ApiError).message); }
  } }, "Finish");

  async function saveExplanation(p: KataPane, text: string, status: HTMLElement): Promise<void> {
    if (closed) return;
    try { await candidate.explain(token, p.id, text); status.textContent = "Explanation saved"; }
    catch (e) { status.textContent = `Not saved: ${(e as ApiError).message}`; }
  }
  const explainers: (() => Promise<void>)[] = [];
  const saveAllExplanations = () => Promise.all(explainers.map((f) => f())).then(() => undefined);

  view.katas.forEach((k, i) => {
    const kata = katas[i];
    const explainStatus = h("span", { class: "saved", "aria-live": "polite" });
    const explain = h("textarea", { class: "iv-explain", rows: "6", id: `explain-${k.id}`, maxlength: "20000",
      placeholder: "Why this approach? What did you check, what would you test next, what trade-offs did you make?" }, k.explanation);
    const bench: Workbench = new Workbench({
      limits: kata.limits, code: k.code ?? kata.stub, label: `Your solution for ${kata.title}`,
      send: (code, mode) => candidate.submit(token, k.id, code, mode, steps?.current ?? 1),
      onDone: () => void steps?.refresh(), // a passing Submit unlocks the next part
      scratch: (code) => candidate.scratch(token, k.id, code),
      onChange: () => { // the edit log: a snapshot after each pause in typing
        window.clearTimeout(pane.pause);
        pane.pause = window.setTimeout(() => void snapshotPane(pane), PAUSE_MS);
      },
      onSent: (code) => { pane.sent = code; }, // the server snapshotted it
      failed: (err) => {
        if (err.status === 403) { void refresh(); return err.message; }
        return err.status === 429
          ? `Too many submissions: try again in ${err.retryAfter ?? "a few"} seconds.`
          : `Could not submit: ${err.message}`;
      },
      active: (): boolean => !el.hidden,
      context: kata.context,
      after: [
        h("label", { for: `explain-${k.id}`, class: "iv-explain-label" }, "Explain your choices"), explain,
        h("div", null, h("button", { type: "button", class: "button", onclick: () => saveExplanation(pane, explain.value, explainStatus) },
          "Save explanation"), " ", explainStatus)],
    });
    const statement = h("div", null, renderStatement(kata.statement));
    const steps = kata.parts > 1 ? new PartSteps({
      list: () => candidate.parts(token, k.id),
      detail: (n) => candidate.part(token, k.id, n),
      show: (_n, d) => {
        mount(statement, renderStatement(d ? d.statement : kata.statement));
        const code = d ? withPartStub(bench.editor.get(), d.stub) : bench.editor.get();
        if (code !== bench.editor.get() && !closed) bench.editor.set(code);
      },
    }) : null;
    if (steps) void steps.refresh().then(() => steps.select(steps.latest()));
    const el: HTMLElement = h("div", { class: "kata-page iv-kata-pane", "data-kata": k.id },
      h("div", { class: "kata-left" }, h("h2", null, kata.title),
        kata.variant ? h("p", { class: "variant" }, `Variant: ${kata.variant.title}`) : null, steps?.wrap ?? null, statement), bench.el);
    const pane: KataPane = { id: k.id, kata, bench, sent: k.code ?? kata.stub, el, steps, signals: [] };
    bench.editor.view.dom.addEventListener("paste", (e: ClipboardEvent) => {
      const text = e.clipboardData?.getData("text/plain") ?? "";
      if (closed || !text) return;
      pane.signals.push({ kind: "paste", at: new Date().toISOString(), chars: text.length, text: text.slice(0, PASTE_TEXT_CAP) });
    }, true);
    let lastExplained = k.explanation;
    const flushExplain = async () => {
      if (explain.value !== lastExplained) { lastExplained = explain.value; await saveExplanation(pane, explain.value, explainStatus); }
    };
    explain.addEventListener("blur", () => void flushExplain());
    explainers.push(flushExplain);
    panes.push(pane);
  });
  const katasTabs = tabs(panes.map((p) => ({ id: p.id, label: p.kata.title, panel: p.el })), { label: "Katas" });

  /** Send the editor's code when it changed, with the signals recorded since the last send. */
  async function snapshotPane(p: KataPane): Promise<void> {
    window.clearTimeout(p.pause);
    const code = p.bench.editor.get();
    if (closed || (code === p.sent && !p.signals.length)) return;
    const signals = p.signals.splice(0);
    try { await candidate.snapshot(token, p.id, code, signals); p.sent = code; }
    catch (e) {
      const status = (e as ApiError).status;
      if (status === 403) await refresh();
      else if (status !== 409 && status !== 422) p.signals.unshift(...signals); // try again later
    }
  }
  async function snapshotAll(): Promise<void> {
    for (const p of panes) await snapshotPane(p);
  }

  // Focus: leaving the page (another tab or window) and coming back is one "away" signal.
  let awaySince: number | null = null;
  const wentAway = () => { if (!closed && awaySince === null) awaySince = Date.now(); };
  const back = () => {
    if (awaySince === null || document.visibilityState === "hidden") return;
    const from = awaySince;
    awaySince = null;
    const pane = panes.find((p) => !p.el.hidden) ?? panes[0];
    if (closed || !pane) return;
    pane.signals.push({ kind: "away", at: new Date(from).toISOString(), away_s: (Date.now() - from) / 1000 });
    void snapshotPane(pane);
  };
  const onVisibility = () => { if (document.visibilityState === "hidden") wentAway(); else back(); };
  window.addEventListener("blur", wentAway);
  window.addEventListener("focus", back);
  document.addEventListener("visibilitychange", onVisibility);
  const snapTimer = window.setInterval(() => { void snapshotAll(); void saveAllExplanations(); }, SNAPSHOT_MS);
  const tickTimer = window.setInterval(tick, 250);
  const beforeUnload = () => { void snapshotAll(); };
  window.addEventListener("beforeunload", beforeUnload);
  // extend, revoke and finish (here or in another tab) arrive as "view" events
  const live = candidate.events(token, apply);

  const el = h("section", { class: "iv-candidate" },
    h("header", { class: "iv-candidate-head" },
      h("h1", null, view.candidate_name ? `Interview · ${view.candidate_name}` : "Interview"),
      h("span", { class: "muted" }, "Time left "), countdown, finishBtn),
    h("p", { class: "muted iv-lede" }, `${plural(Math.round(view.duration_s / 60), "minute")}. Quality and correctness matter more than speed: write clean, testable code and explain your choices. Run checks the visible examples; Submit grades every check.`),
    h("p", { class: "iv-notice", "data-testid": "recording-notice" }, "This round records your code as you type, each paste into the editor (when, how many characters, and its text up to 4 KB) and each time you leave this page (switching tab or window, and for how long). Your interviewer sees them in the review. It works in one browser only: open the link in this browser until you finish."),
    banner, katasTabs.el);
  if (closed) close(stateMessage(view));
  else tick();
  return { el, title: "Interview", dispose: () => {
    live.close();
    window.clearInterval(snapTimer); window.clearInterval(tickTimer);
    window.removeEventListener("beforeunload", beforeUnload);
    window.removeEventListener("blur", wentAway);
    window.removeEventListener("focus", back);
    document.removeEventListener("visibilitychange", onVisibility);
    for (const p of panes) p.bench.dispose();
  } };
}
