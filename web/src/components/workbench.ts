// The shared solving surface of practice and interview pages: accessible tabs (arrow keys move
// between them) and the workbench, i.e. the editor with Run and Submit, the results panel that
// follows a grading live, and Ctrl+Enter / Ctrl+Shift+Enter from anywhere on the page.

import { follow, type ApiError, type ContextFile, type Limits, type Mode, type ScratchResult } from "../api";
import { h, type Child } from "../dom";
import { withContextFiles } from "./context";
import { createEditor, type Editor } from "./editor";
import { ResultsPanel } from "./results";
import { ScratchPanel } from "./scratch";

export interface TabItem { id: string; label: string; panel: HTMLElement }

/** A tab list over panels (WAI-ARIA tabs); the list is left out when there is one panel. */
export function tabs(items: TabItem[], opts: { label: string; onSelect?(id: string): void }):
    { el: HTMLElement; select(id: string): void } {
  const buttons = items.map((it, i) => h("button", {
    type: "button", role: "tab", id: `tab-${it.id}`, "aria-controls": `panel-${it.id}`,
    "aria-selected": i === 0 ? "true" : "false", tabindex: i === 0 ? "0" : "-1",
    onclick: () => select(it.id),
  }, it.label));
  const panels = items.map((it, i) => {
    it.panel.id = `panel-${it.id}`;
    it.panel.setAttribute("role", "tabpanel");
    it.panel.setAttribute("aria-labelledby", `tab-${it.id}`);
    it.panel.tabIndex = 0;
    it.panel.hidden = i !== 0;
    return it.panel;
  });
  function select(id: string): void {
    items.forEach((it, i) => {
      const on = it.id === id;
      buttons[i].setAttribute("aria-selected", String(on));
      buttons[i].tabIndex = on ? 0 : -1;
      panels[i].hidden = !on;
    });
    opts.onSelect?.(id);
  }
  const list = h("div", { role: "tablist", class: "tabs", "aria-label": opts.label,
    hidden: items.length < 2,
    onkeydown: (e: KeyboardEvent) => {
      const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
      if (i < 0 || (e.key !== "ArrowRight" && e.key !== "ArrowLeft")) return;
      const j = (i + (e.key === "ArrowRight" ? 1 : buttons.length - 1)) % buttons.length;
      buttons[j].focus();
      select(items[j].id);
    } }, buttons);
  return { el: h("div", { class: "tabbed" }, list, panels), select };
}

export interface WorkbenchOptions {
  limits: Limits;
  code: string;
  label: string; // the editor's accessible name
  /** Queue the code for grading; the id to follow. */
  send(code: string, mode: Mode): Promise<{ id: string }>;
  /** Run the code as a script (no grading); present: a Scratch button beside Run. */
  scratch?(code: string): Promise<ScratchResult>;
  /** The words shown when `send` fails (and anything else to do then). */
  failed(err: ApiError): string;
  onChange?(code: string): void;
  onSent?(code: string, mode: Mode): void;
  onDone?(mode: Mode): void;
  /** Whether page-wide shortcuts reach this workbench (a hidden interview pane: no). */
  active?(): boolean;
  status?: Child; // in the toolbar, after the file name
  tools?: Child[]; // in the toolbar, before Run and Submit
  help?: Child; // after the keyboard help
  after?: Child[]; // below the results
  context?: ContextFile[]; // read-only files beside the solution, as tabs (components/context.ts)
}

const keys = (): Child[] => [
  h("kbd", null, "Ctrl"), "+", h("kbd", null, "Enter"), " run · ",
  h("kbd", null, "Ctrl"), "+", h("kbd", null, "Shift"), "+", h("kbd", null, "Enter"), " submit · ",
  h("kbd", null, "Esc"), " then ", h("kbd", null, "Tab"), " leaves the editor",
];

/** The editor, Run and Submit, and the results of the latest grading, as one column. */
export class Workbench {
  readonly el: HTMLElement;
  readonly editor: Editor;
  readonly results: ResultsPanel;
  readonly runButton: HTMLButtonElement;
  readonly submitButton: HTMLButtonElement;
  readonly scratchButton: HTMLButtonElement | null;
  readonly scratchPanel: ScratchPanel;
  private busy = false;
  private locked = false;
  private stopFollowing: (() => void) | null = null;
  private readonly onKey: (e: KeyboardEvent) => void;
  private readonly contextEditors: Editor[];

  constructor(private readonly opts: WorkbenchOptions) {
    this.results = new ResultsPanel(opts.limits);
    this.runButton = h("button", { type: "button", class: "button", "data-action": "run",
      title: "Run the visible checks (Ctrl+Enter)", onclick: () => void this.grade("run") },
      h("span", { "aria-hidden": "true" }, "▶ "), "Run");
    this.submitButton = h("button", { type: "button", class: "button primary", "data-action": "submit",
      title: "Grade on every check, hidden ones included (Ctrl+Shift+Enter)",
      onclick: () => void this.grade("submit") }, "Submit");
    this.scratchButton = opts.scratch ? h("button", { type: "button", class: "button", "data-action": "scratch",
      title: "Run the file as a script: prints, plots, your main block (Alt+Enter); not graded",
      onclick: () => void this.runScratch() }, "Scratch") : null;
    this.scratchPanel = new ScratchPanel((line) => this.editor.goToLine(line));
    const host = h("div", { class: "editor-host" });
    const files = withContextFiles(host, opts.context ?? [], {
      onRun: () => void this.grade("run"), onSubmit: () => void this.grade("submit") });
    this.el = h("div", { class: "kata-right" },
      h("div", { class: "editor-toolbar" },
        h("span", { class: "editor-title" }, "solution.py"), opts.status ?? null,
        h("div", { class: "toolbar-actions" }, opts.tools ?? [], this.scratchButton, this.runButton,
          this.submitButton)),
      files.el,
      h("p", { class: "editor-help" }, keys(), opts.scratch ? [" · ", h("kbd", null, "Alt"), "+", h("kbd", null, "Enter"), " scratch"] : null,
        opts.help ?? null),
      this.scratchPanel.el, this.results.el, opts.after ?? []);
    this.contextEditors = files.editors;
    this.editor = createEditor(host, opts.code, {
      label: opts.label,
      onChange: (code) => opts.onChange?.(code),
      onRun: () => void this.grade("run"),
      onSubmit: () => void this.grade("submit"),
    });
    this.onKey = (e) => {  // the editor has its own keymap; this covers the rest of the page
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.key === "Enter" && opts.scratch
          && (opts.active?.() ?? true)) {
        e.preventDefault();
        void this.runScratch();
        return;
      }
      if ((e.ctrlKey || e.metaKey) && e.key === "Enter" && !host.contains(e.target as Node)
          && (opts.active?.() ?? true)) {
        e.preventDefault();
        void this.grade(e.shiftKey ? "submit" : "run");
      }
    };
    document.addEventListener("keydown", this.onKey);
  }

  /** Send the editor's code and follow its grading into the results panel. */
  async grade(mode: Mode): Promise<void> {
    if (this.busy || this.locked) return;
    this.setBusy(true);
    try {
      const code = this.editor.get();
      const { id } = await this.opts.send(code, mode);
      this.opts.onSent?.(code, mode);
      this.results.start(mode);
      this.stopFollowing = follow(id, {
        status: (s) => this.results.status(s),
        planned: (names) => this.results.plan(names),
        check: (c) => this.results.check(c),
        done: (final) => {
          this.stopFollowing = null;
          this.results.show(final.report, final.error);
          this.setBusy(false);
          this.opts.onDone?.(mode);
        },
      });
    } catch (e) {
      this.results.message(this.opts.failed(e as ApiError));
      this.setBusy(false);
    }
  }

  /** Run the editor's code as a script and show what it printed and drew. */
  async runScratch(): Promise<void> {
    if (this.busy || this.locked || !this.opts.scratch) return;
    this.setBusy(true);
    this.scratchPanel.running();
    try {
      this.scratchPanel.show(await this.opts.scratch(this.editor.get()));
    } catch (e) {
      this.scratchPanel.message(this.opts.failed(e as ApiError));
    } finally {
      this.setBusy(false);
    }
  }

  /** No more Run or Submit, and no more typing (the round is over). */
  lock(): void {
    this.locked = true;
    this.runButton.disabled = this.submitButton.disabled = true;
    if (this.scratchButton) this.scratchButton.disabled = true;
    this.editor.setReadOnly(true);
  }

  /** Work again (the interviewer gave more time). */
  unlock(): void {
    this.locked = false;
    this.runButton.disabled = this.submitButton.disabled = this.busy;
    if (this.scratchButton) this.scratchButton.disabled = this.busy;
    this.editor.setReadOnly(false);
  }

  dispose(): void {
    this.stopFollowing?.();
    this.results.dispose();
    document.removeEventListener("keydown", this.onKey);
    this.editor.view.destroy();
    this.contextEditors.forEach((e) => e.view.destroy());
  }

  private setBusy(on: boolean): void {
    this.busy = on;
    this.runButton.disabled = this.submitButton.disabled = on || this.locked;
    if (this.scratchButton) this.scratchButton.disabled = on || this.locked;
    if (on) this.el.setAttribute("aria-busy", "true");
    else this.el.removeAttribute("aria-busy");
  }
}
