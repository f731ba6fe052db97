// The results panel: live progress while grading (SSE), then the score and every check with
// its status, message and diagnostics. Status is always shown as icon + word, never colour only.

import type { CheckReport, CheckStatus, Limits, Mode, Report } from "../api";
import { h, mount, percent } from "../dom";
import { renderDiagnostics } from "./diagnostics";
import { mutantTable } from "./mutants";

const STATUS: Record<CheckStatus | "pending", { icon: string | (() => Node); word: string }> = {
  pass: { icon: "✓", word: "Passed" },
  fail: { icon: "✗", word: "Failed" },
  error: { icon: "!", word: "Error" },
  timeout: { icon: clockIcon, word: "Timed out" },  // no font draws ⏱ everywhere (Debian's Chromium)
  pending: { icon: "…", word: "Pending" },
};

/** A stopwatch drawn in SVG, in the text's colour and size. */
function clockIcon(): Node {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  for (const [k, v] of Object.entries({ viewBox: "0 0 16 16", width: "1em", height: "1em",
    fill: "none", stroke: "currentColor", "stroke-width": "1.6", "stroke-linecap": "round",
    class: "icon-clock", "data-icon": "timeout" })) svg.setAttribute(k, v);
  for (const [tag, attrs] of [["circle", { cx: "8", cy: "9", r: "5.5" }],
    ["path", { d: "M8 6v3.2l2 1.3M6.5 1.8h3M8 1.8v1.7" }]] as const) {
    const el = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    svg.appendChild(el);
  }
  return svg;
}

const icon = (st: { icon: string | (() => Node) }): Node | string =>
  typeof st.icon === "string" ? st.icon : st.icon();

const MODE_LABEL: Record<Mode, string> = { run: "Run · visible checks", submit: "Submit · all checks" };

/** What a limit verdict means and what usually fixes it. */
function limitHint(text: string, limits: Limits | null): string | null {
  const t = text.toLowerCase();
  const lim = limits ? ` (this kata: ${limits.cpu_s} s CPU, ${limits.wall_s} s wall, ${limits.memory_mb} MB)` : "";
  if (t.includes("wall time") || t.includes("cpu-time") || t.includes("the run ended before"))
    return `Your code ran out of time${lim}. Look for an infinite loop, a blocking call, or a Python loop over array elements that NumPy/PyTorch could do in one vectorised operation.`;
  if (t.includes("memory limit"))
    return `Your code used more memory than allowed${lim}. Avoid materialising huge intermediates (e.g. broadcasting to an (N, N, D) array) and avoid keeping every step's tensors alive.`;
  if (t.includes("processes/threads")) return "Your code started too many processes or threads; solutions run single-process.";
  if (t.includes("scratch space") || t.includes("file-size limit")) return "Your code wrote too much to disk; solutions should not need files.";
  if (t.includes("output truncated")) return "Your code printed more than the output limit; the rest was dropped. Remove debugging prints from loops.";
  return null;
}

export class ResultsPanel {
  readonly el: HTMLElement;
  private body: HTMLElement;
  private live: HTMLElement;
  private checks = new Map<string, HTMLElement>();
  private list: HTMLElement | null = null;
  private progress: HTMLElement | null = null;
  private planned: string[] = [];
  private received = 0;
  private started = 0;
  private ticker: number | undefined;

  constructor(private limits: Limits | null) {
    this.live = h("p", { class: "visually-hidden", role: "status", "aria-live": "polite" });
    this.body = h("div", { class: "results-body" },
      h("p", { class: "results-empty" }, "Run your code to check it against the visible examples (",
        h("kbd", null, "Ctrl"), "+", h("kbd", null, "Enter"), "), or Submit it for grading on every check."));
    this.el = h("section", { class: "results", "aria-labelledby": "results-heading", id: "results" },
      h("h2", { id: "results-heading", class: "visually-hidden" }, "Results"), this.live, this.body);
  }

  /** A grading has been queued. */
  start(mode: Mode): void {
    this.stopClock();
    this.started = performance.now();
    this.ticker = window.setInterval(() => this.tick(), 1000);
    this.checks.clear();
    this.planned = [];
    this.received = 0;
    this.progress = h("div", { class: "progress", role: "progressbar", "aria-label": "Grading progress",
                               "aria-valuemin": "0", "aria-valuemax": "1", "aria-valuenow": "0" },
      h("div", { class: "progress-fill" }));
    this.list = h("ol", { class: "checks" });
    mount(this.body,
      h("div", { class: "grading-head" },
        h("span", { class: "spinner", "aria-hidden": "true" }),
        h("span", { class: "grading-state", "data-testid": "grading-state" }, "Queued…"),
        h("span", { class: "elapsed", "data-testid": "elapsed" }),
        h("span", { class: "mode-label" }, MODE_LABEL[mode])),
      this.progress, this.list);
    this.announce(`${mode === "run" ? "Running" : "Submitting"}: queued`);
  }

  status(s: string): void {
    const el = this.body.querySelector(".grading-state");
    if (el && s === "running" && !this.planned.length) el.textContent = "Running your code…";
    if (el && s === "queued") el.textContent = "Queued…";
  }

  plan(names: string[]): void {
    this.planned = names;
    if (!this.list) return;
    for (const name of names) {
      if (this.checks.has(name)) continue;
      const li = this.pendingItem(name);
      this.checks.set(name, li);
      this.list.appendChild(li);
    }
    this.setProgress();
  }

  check(c: CheckReport): void {
    if (!this.list) return;
    this.received += 1;
    const li = checkItem(c, this.limits);
    const old = this.checks.get(c.name);
    if (old) old.replaceWith(li); else this.list.appendChild(li);
    this.checks.set(c.name, li);
    this.setProgress();
  }

  /** The final report (or a grading fault). */
  show(report: Report | null, error: string | null, title?: string): void {
    this.stopClock();
    this.checks.clear();
    this.list = null;
    if (!report) {
      mount(this.body, h("div", { class: "verdict verdict-error", role: "alert" },
        h("p", { class: "verdict-title" }, h("span", { "aria-hidden": "true" }, "! "), "Could not grade this submission"),
        h("p", null, error ?? "katagrad hit an internal problem; this is not your fault. Try again.")));
      this.announce("Could not grade this submission");
      return;
    }
    const tests = report.tests;
    const passed = tests.filter((t) => t.status === "pass").length;
    const pts = tests.reduce((a, t) => a + t.points, 0), max = tests.reduce((a, t) => a + t.max_points, 0);
    const graded = report.status === "graded";
    const kind = !graded ? "error" : report.score === 1 ? "pass" : report.score > 0 ? "partial" : "fail";
    const headline = !graded ? (report.status === "rejected" ? "Not run: your file was refused" : "Could not grade this run")
      : report.score === 1 ? (report.mode === "submit" ? "Accepted" : "All visible checks pass")
      : `${passed} of ${tests.length} checks passed`;
    const hint = limitHint(report.message, this.limits);
    const failed = tests.filter((t) => t.status !== "pass");
    mount(this.body,
      title ? h("p", { class: "history-note" }, title) : null,
      h("div", { class: `verdict verdict-${kind}`, "data-testid": "verdict" },
        h("div", { class: "score", "data-testid": "score" }, graded ? percent(report.score) : "—"),
        h("div", null,
          h("p", { class: "verdict-title" },
            h("span", { "aria-hidden": "true" }, kind === "pass" ? "✓ " : kind === "error" ? "! " : "✗ "), headline),
          h("p", { class: "verdict-meta" }, MODE_LABEL[report.mode] ?? report.mode,
            graded ? ` · ${fmtPts(pts)} / ${fmtPts(max)} points` : "",
            ` · ${report.duration_s.toFixed(1)} s`),
          report.mode === "run" && graded && report.score === 1
            ? h("p", { class: "verdict-next" }, "Submit to grade it on the hidden checks too.") : null)),
      report.message ? h("pre", { class: "report-message", role: graded ? undefined : "alert" }, report.message) : null,
      hint ? h("p", { class: "limit-hint" }, h("strong", null, "What this means: "), hint) : null,
      failed.length && tests.length > 3
        ? h("nav", { class: "jump", "aria-label": "Failing checks" }, "Jump to: ",
            failed.map((t) => h("a", { href: `#check-${t.name}` }, t.name)))
        : null,
      mutantTable(tests),
      tests.length ? h("ol", { class: "checks" }, tests.map((t) => checkItem(t, this.limits))) : null,
      outputBlock(report));
    this.announce(`${headline}. Score ${graded ? percent(report.score) : "none"}.`);
  }

  message(text: string): void {
    this.stopClock();
    mount(this.body, h("div", { class: "verdict verdict-error", role: "alert" },
      h("p", { class: "verdict-title" }, h("span", { "aria-hidden": "true" }, "! "), text)));
  }

  private pendingItem(name: string): HTMLElement {
    return h("li", { class: "check check-pending", "data-check": name, "data-status": "pending" },
      h("div", { class: "check-head" },
        h("span", { class: "status-badge" }, h("span", { class: "spinner small", "aria-hidden": "true" }), " Pending"),
        h("code", { class: "check-name" }, name)));
  }

  private setProgress(): void {
    const total = this.planned.length || this.received;
    const frac = total ? this.received / total : 0;
    const el = this.body.querySelector(".grading-state");
    if (el) el.textContent = total ? `Checked ${this.received} of ${total}` : "Running your code…";
    if (this.progress) {
      this.progress.setAttribute("aria-valuenow", String(frac));
      (this.progress.firstChild as HTMLElement).style.width = `${Math.round(frac * 100)}%`;
    }
  }

  /** Seconds since the grading was queued, beside the progress line, so a check that hangs
   * (an infinite loop until the wall limit) visibly keeps running. */
  private tick(): void {
    const el = this.body.querySelector(".elapsed");
    if (!el) { this.stopClock(); return; }
    el.textContent = `· ${Math.floor((performance.now() - this.started) / 1000)} s`;
  }

  dispose(): void { this.stopClock(); }

  private stopClock(): void {
    if (this.ticker !== undefined) window.clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private announce(text: string): void { this.live.textContent = text; }
}

const fmtPts = (p: number) => String(Math.round(p * 100) / 100);

function checkItem(c: CheckReport, limits: Limits | null): HTMLElement {
  const st = STATUS[c.status] ?? STATUS.error;
  const diag = renderDiagnostics(c.diagnostics ?? {});
  const hint = c.status === "timeout" ? limitHint(c.message || "wall time", limits) : null;
  const hasBody = c.status !== "pass" || !!(c.diagnostics ?? {}).plot;
  const head = h("div", { class: "check-head" },
    h("span", { class: "status-badge" }, h("span", { class: "status-icon", "aria-hidden": "true" }, icon(st)), ` ${st.word}`),
    h("code", { class: "check-name" }, c.name),
    h("span", { class: `tag ${c.visible ? "tag-visible" : "tag-hidden"}` }, c.visible ? "visible" : "hidden"),
    h("span", { class: "points" }, `${fmtPts(c.points)} / ${fmtPts(c.max_points)} pt`));
  const body = [
    c.description ? h("p", { class: "check-desc" }, c.description) : null,
    c.status !== "pass" && c.message ? h("pre", { class: "check-message" }, c.message) : null,
    hint ? h("p", { class: "limit-hint" }, h("strong", null, "What this means: "), hint) : null,
    diag,
  ];
  const attrs = { class: `check check-${c.status}`, id: `check-${c.name}`, "data-check": c.name, "data-status": c.status };
  if (!hasBody)
    return h("li", attrs, h("details", null, h("summary", null, head), h("div", { class: "check-body" }, body)));
  return h("li", attrs, h("details", { open: true }, h("summary", null, head), h("div", { class: "check-body" }, body)));
}

function outputBlock(report: Report): HTMLElement | null {
  const { stdout, stderr, truncated, limit_bytes } = report.output ?? { stdout: "", stderr: "", truncated: false, limit_bytes: 0 };
  if (!stdout && !stderr && !truncated) return null;
  const lines = (s: string) => (s ? s.replace(/\n$/, "").split("\n").length : 0);
  return h("details", { class: "output" },
    h("summary", null, "Output: ",
      `stdout ${lines(stdout)} lines, stderr ${lines(stderr)} lines`,
      truncated ? h("span", { class: "tag tag-warn" }, `truncated at ${Math.round(limit_bytes / 1024)} KB`) : null),
    stdout ? [h("h3", null, "stdout"), h("pre", { class: "stream" }, stdout)] : null,
    stderr ? [h("h3", null, "stderr"), h("pre", { class: "stream stderr" }, stderr)] : null,
    truncated ? h("p", { class: "muted" }, "The rest was dropped: output is capped so a print in a loop cannot flood the page.") : null);
}
