// The scratch panel: what a Scratch run printed and drew. Nothing here is a grade: the file ran
// as a script (its main block too), and the panel shows how it ended, its wall and CPU time,
// stdout, stderr (each `File "solution.py", line N` of a traceback is a button that moves the
// editor to line N) and the figures the script saved or showed.

import type { ScratchResult } from "../api";
import { h, mount, type Child } from "../dom";

const ENDING: Record<ScratchResult["status"], string> = {
  ok: "Finished", failed: "Failed", limit: "Stopped by a limit", rejected: "Not run", error: "Could not run",
};

const TRACE_LINE = /(File "solution\.py", line )(\d+)/g;

/** stderr as text with every traceback line of the candidate's file made clickable. */
function linkedTrace(text: string, goTo: (line: number) => void): Child[] {
  const out: Child[] = [];
  let last = 0;
  for (const m of text.matchAll(TRACE_LINE)) {
    const at = m.index ?? 0;
    const line = Number(m[2]);
    out.push(text.slice(last, at), m[1],
      h("button", { type: "button", class: "trace-line", "data-line": String(line),
        title: `Show line ${line} in the editor`, onclick: () => goTo(line) }, m[2]));
    last = at + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

export class ScratchPanel {
  readonly el: HTMLElement;

  constructor(private readonly goTo: (line: number) => void) {
    this.el = h("section", { class: "scratch", "aria-label": "Scratch run", "aria-live": "polite", hidden: true });
  }

  running(): void {
    this.el.hidden = false;
    mount(this.el, h("p", { class: "scratch-head" }, h("span", { class: "spinner", "aria-hidden": "true" }),
      " Running your file as a script…"));
  }

  message(text: string): void {
    this.el.hidden = false;
    mount(this.el, h("p", { class: "scratch-head" }, text));
  }

  show(r: ScratchResult): void {
    this.el.hidden = false;
    const times = r.status === "rejected" ? "" :
      ` · ${r.wall_s.toFixed(2)} s wall` + (r.cpu_s !== null ? ` · ${r.cpu_s.toFixed(2)} s CPU` : "");
    const where = r.line !== null
      ? h("button", { type: "button", class: "trace-line", "data-line": String(r.line), onclick: () => this.goTo(r.line as number) },
        `line ${r.line}`) : null;
    mount(this.el,
      h("p", { class: `scratch-head scratch-${r.status}`, "data-status": r.status },
        h("strong", null, `Scratch · ${ENDING[r.status]}`), ` · ${r.message}${times}`, where ? [" · ", where] : null),
      h("p", { class: "scratch-note" }, "Not graded and not an attempt: your file ran as a script, with no checks."),
      h("h3", null, "stdout"),
      h("pre", { class: "stream scratch-stdout" }, r.stdout || "(nothing printed)"),
      r.stderr ? [h("h3", null, "stderr"), h("pre", { class: "stream scratch-stderr" }, linkedTrace(r.stderr, this.goTo))] : null,
      r.output_truncated ? h("p", { class: "scratch-note" }, "Output over the limit was dropped.") : null,
      r.figures.length ? [h("h3", null, `Figures (${r.figures.length})`),
        h("div", { class: "scratch-figures" }, r.figures.map((f, i) => h("img", {
          src: `data:image/png;base64,${f.png_base64}`, width: f.width, height: f.height,
          alt: `Figure ${i + 1} of your script (${f.width}×${f.height})`, class: "scratch-figure" })))] : null);
  }
}
