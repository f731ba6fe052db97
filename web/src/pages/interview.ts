// The candidate's timed round, reached through the invite link: a countdown the server
// decides, and per kata the statement, the same editor and results panel as practice mode,
// and an "explain your choices" box. The editor is snapshotted every 15 s when it changed
// (and the server snapshots every run and submit).

import { api, follow, type ApiError, type KataDetail, type Mode } from "../api";
import { createEditor, type Editor } from "../components/editor";
import { ResultsPanel } from "../components/results";
import { renderStatement } from "../components/statement";
import { h } from "../dom";
import type { Page } from "../main";
import { candidate, clock, type CandidateView } from "./interviewApi";
import "./interview.css";

const SNAPSHOT_MS = 15_000;

interface KataPane {
  id: string; kata: KataDetail; editor: Editor; results: ResultsPanel; sent: string;
  buttons: HTMLButtonElement[]; el: HTMLElement; tab: HTMLButtonElement;
}

function closedPage(text: string): Page {
  return { el: h("section", { class: "empty-page" }, h("h1", null, "Interview unavailable"),
                 h("p", { role: "alert", "data-testid": "interview-message" }, text)), title: "Interview" };
}

export async function interviewPage(token: string): Promise<Page> {
  let view: CandidateView;
  try {
    view = await candidate.view(token);
    if (view.state === "not_started") view = await candidate.start(token); // the clock starts at first open
  } catch (e) {
    const err = e as ApiError;
    return closedPage(err.status === 404 ? "This interview link is not valid." : err.message);
  }
  const katas = await Promise.all(view.katas.map((k) => api.kata(k.id)));

  // The countdown: server seconds_left, counted down locally from when we received it.
  const countdown = h("span", { class: "countdown", role: "timer", "aria-live": "off", "data-testid": "countdown" });
  const banner = h("p", { class: "iv-banner", role: "status", "aria-live": "polite", "data-testid": "interview-message" });
  let left = view.seconds_left, at = performance.now();
  let closed = view.state !== "in_progress";

  const panes: KataPane[] = [];
  const close = (message: string) => {
    closed = true;
    banner.textContent = message;
    for (const p of panes) for (const b of p.buttons) b.disabled = true;
    finishBtn.disabled = true;
    countdown.textContent = "00:00";
  };
  const tick = () => {
    if (closed || left === null) return;
    const remaining = left - (performance.now() - at) / 1000;
    countdown.textContent = clock(remaining);
    countdown.classList.toggle("low", remaining < 300);
    if (remaining <= 0) void refresh();
  };
  const refresh = async () => {
    try {
      view = await candidate.view(token);
      left = view.seconds_left; at = performance.now();
      if (view.state !== "in_progress") close(view.message ?? "The interview is over.");
    } catch (e) { close((e as ApiError).message); }
  };

  const finishBtn = h("button", { type: "button", class: "button", id: "finish-button", onclick: async () => {
    if (!confirm("Finish the interview now? You will not be able to change anything afterwards.")) return;
    await snapshotAll();
    await saveAllExplanations();
    try { view = await candidate.finish(token); close("You finished the interview. Thank you!"); }
    catch (e) { close((e as ApiError).message); }
  } }, "Finish");

  const tabs = h("div", { role: "tablist", class: "tabs", "aria-label": "Katas" });
  const body = h("div", { class: "iv-kata-panes" });

  function select(id: string): void {
    for (const p of panes) {
      const on = p.id === id;
      p.el.hidden = !on;
      p.tab.setAttribute("aria-selected", String(on));
    }
  }

  async function grade(p: KataPane, mode: Mode): Promise<void> {
    if (closed || p.buttons[0].disabled) return;
    for (const b of p.buttons) b.disabled = true;
    const done = () => { if (!closed) for (const b of p.buttons) b.disabled = false; };
    try {
      const code = p.editor.get();
      const { id } = await candidate.submit(token, p.id, code, mode);
      p.sent = code; // the server snapshotted it
      p.results.start(mode);
      follow(id, {
        status: (s) => p.results.status(s), planned: (n) => p.results.plan(n), check: (c) => p.results.check(c),
        done: (final) => { p.results.show(final.report, final.error); done(); },
      });
    } catch (e) {
      const err = e as ApiError;
      p.results.message(err.status === 403 ? err.message : `Could not submit: ${err.message}`);
      if (err.status === 403) await refresh();
      done();
    }
  }

  async function saveExplanation(p: KataPane, text: string, status: HTMLElement): Promise<void> {
    if (closed) return;
    try { await candidate.explain(token, p.id, text); status.textContent = "Explanation saved"; }
    catch (e) { status.textContent = `Not saved: ${(e as ApiError).message}`; }
  }
  const explainers: (() => Promise<void>)[] = [];
  const saveAllExplanations = () => Promise.all(explainers.map((f) => f())).then(() => undefined);

  view.katas.forEach((k, i) => {
    const kata = katas[i];
    const results = new ResultsPanel(kata.limits);
    const runBtn = h("button", { type: "button", class: "button", "data-action": "run" }, "▶ Run");
    const submitBtn = h("button", { type: "button", class: "button primary", "data-action": "submit" }, "Submit");
    const host = h("div", { class: "editor-host" });
    const explainStatus = h("span", { class: "saved", "aria-live": "polite" });
    const explain = h("textarea", { class: "iv-explain", rows: "6", id: `explain-${k.id}`, maxlength: "20000",
      placeholder: "Why this approach? What did you check, what would you test next, what trade-offs did you make?" }, k.explanation);
    const tab = h("button", { type: "button", role: "tab", class: "", "aria-selected": i === 0 ? "true" : "false",
                              onclick: () => select(k.id) }, kata.title);
    const el = h("div", { class: "kata-page iv-kata-pane", "data-kata": k.id, hidden: i !== 0 },
      h("div", { class: "kata-left" }, h("h2", null, kata.title), renderStatement(kata.statement)),
      h("div", { class: "kata-right" },
        h("div", { class: "editor-toolbar" }, h("span", { class: "editor-title" }, "solution.py"),
          h("div", { class: "toolbar-actions" }, runBtn, submitBtn)),
        host, results.el,
        h("label", { for: `explain-${k.id}`, class: "iv-explain-label" }, "Explain your choices"), explain,
        h("div", null, h("button", { type: "button", class: "button", onclick: () => saveExplanation(pane, explain.value, explainStatus) },
          "Save explanation"), " ", explainStatus)));
    const pane: KataPane = { id: k.id, kata, results, sent: k.code ?? kata.stub, buttons: [runBtn, submitBtn], el, tab,
      editor: createEditor(host, k.code ?? kata.stub, { label: `Your solution for ${kata.title}`, onChange: () => undefined,
        onRun: () => void grade(pane, "run"), onSubmit: () => void grade(pane, "submit") }) };
    runBtn.addEventListener("click", () => void grade(pane, "run"));
    submitBtn.addEventListener("click", () => void grade(pane, "submit"));
    let lastExplained = k.explanation;
    const flushExplain = async () => {
      if (explain.value !== lastExplained) { lastExplained = explain.value; await saveExplanation(pane, explain.value, explainStatus); }
    };
    explain.addEventListener("blur", () => void flushExplain());
    explainers.push(flushExplain);
    panes.push(pane);
    tabs.appendChild(tab);
    body.appendChild(el);
  });

  async function snapshotAll(): Promise<void> {
    for (const p of panes) {
      const code = p.editor.get();
      if (closed || code === p.sent) continue;
      try { await candidate.snapshot(token, p.id, code); p.sent = code; }
      catch (e) { if ((e as ApiError).status === 403) await refresh(); }
    }
  }
  const snapTimer = window.setInterval(() => { void snapshotAll(); void saveAllExplanations(); }, SNAPSHOT_MS);
  const tickTimer = window.setInterval(tick, 250);
  const beforeUnload = () => { void snapshotAll(); };
  window.addEventListener("beforeunload", beforeUnload);

  const el = h("section", { class: "iv-candidate" },
    h("header", { class: "iv-candidate-head" },
      h("h1", null, view.candidate_name ? `Interview · ${view.candidate_name}` : "Interview"),
      h("span", { class: "muted" }, "Time left "), countdown, finishBtn),
    h("p", { class: "muted iv-lede" }, `${Math.round(view.duration_s / 60)} minutes. Quality and correctness matter more than speed: write clean, testable code and explain your choices. Run checks the visible examples; Submit grades every check.`),
    banner, panes.length > 1 ? tabs : null, body);
  if (closed) close(view.message ?? "The interview is over.");
  else tick();
  return { el, title: "Interview", dispose: () => {
    window.clearInterval(snapTimer); window.clearInterval(tickTimer);
    window.removeEventListener("beforeunload", beforeUnload);
    for (const p of panes) p.editor.view.destroy();
  } };
}
