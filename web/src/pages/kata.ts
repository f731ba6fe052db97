// One kata: statement (with the visible checks and limits) or attempts on the left; the
// editor, Run/Submit and the results on the right.

import { api, ApiError, follow, type KataDetail, type Mode } from "../api";
import { confirmDialog } from "../components/confirm";
import { createEditor, type Editor } from "../components/editor";
import { HistoryList } from "../components/history";
import { ResultsPanel } from "../components/results";
import { renderStatement } from "../components/statement";
import { h, mount, relativeTime } from "../dom";
import type { Page } from "../main";
import { clearDraft, loadDraft, saveDraft } from "../storage";

function tabs(items: { id: string; label: string; panel: HTMLElement }[],
              onSelect: (id: string) => void): { el: HTMLElement; select(id: string): void } {
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
    onSelect(id);
  }
  const list = h("div", { role: "tablist", class: "tabs", "aria-label": "Kata sections",
    onkeydown: (e: KeyboardEvent) => {
      const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
      if (i < 0 || (e.key !== "ArrowRight" && e.key !== "ArrowLeft")) return;
      const j = (i + (e.key === "ArrowRight" ? 1 : buttons.length - 1)) % buttons.length;
      buttons[j].focus();
      select(items[j].id);
    } }, buttons);
  return { el: h("div", { class: "tabbed" }, list, panels), select };
}

function kataHeader(k: KataDetail): HTMLElement {
  return h("header", { class: "kata-head" },
    h("nav", { "aria-label": "Breadcrumb", class: "breadcrumb" }, h("a", { href: "/", "data-link": true }, "Katas"), " / "),
    h("h1", null, k.title),
    h("div", { class: "chips" },
      h("span", { class: `difficulty d-${k.difficulty}` }, k.difficulty),
      h("span", { class: "framework" }, k.framework),
      h("ul", { class: "tags", "aria-label": "topics" }, k.topics.map((t) => h("li", null, t)))));
}

function visibleChecks(k: KataDetail): HTMLElement {
  const l = k.limits;
  return h("section", { class: "run-checks", "aria-labelledby": "visible-checks-h" },
    h("h2", { id: "visible-checks-h" }, "What Run checks"),
    h("ul", null, k.checks.map((c) => h("li", null, h("code", null, c.name), ` — ${c.description} `,
      h("span", { class: "muted" }, `(${c.points} pt)`)))),
    h("p", { class: "muted" }, "Submit also runs hidden checks on fresh random inputs and edge cases."),
    h("p", { class: "limits" }, h("strong", null, "Limits: "),
      `${l.cpu_s} s CPU · ${l.wall_s} s wall · ${l.memory_mb} MB memory · ${l.output_kb} KB output`));
}

export async function kataPage(id: string): Promise<Page> {
  const kata = await api.kata(id);
  const results = new ResultsPanel(kata.limits);
  let editor: Editor;
  let stopFollowing: (() => void) | null = null;
  let busy = false;

  const saved = h("span", { class: "saved", "aria-live": "polite" });
  const runBtn = h("button", { type: "button", class: "button", id: "run-button",
    title: "Run the visible checks (Ctrl+Enter)", onclick: () => grade("run") },
    h("span", { "aria-hidden": "true" }, "▶ "), "Run");
  const submitBtn = h("button", { type: "button", class: "button primary", id: "submit-button",
    title: "Grade on every check, hidden ones included (Ctrl+Shift+Enter)", onclick: () => grade("submit") }, "Submit");
  const resetBtn = h("button", { type: "button", class: "button subtle", id: "reset-button",
    onclick: async () => {
      if (await confirmDialog("Reset to the stub?", "This replaces your code with the starter file. Your draft will be lost (past attempts stay in Attempts).", "Reset")) {
        editor.set(kata.stub);
        clearDraft(kata.id);
        saved.textContent = "Reset to the stub";
        editor.focus();
      }
    } }, "Reset");

  async function grade(mode: Mode): Promise<void> {
    if (busy) return;
    busy = true;
    runBtn.disabled = submitBtn.disabled = true;
    document.querySelector(".kata-right")?.setAttribute("aria-busy", "true");
    const done = () => {
      busy = false;
      runBtn.disabled = submitBtn.disabled = false;
      document.querySelector(".kata-right")?.removeAttribute("aria-busy");
    };
    try {
      const { id: sid } = await api.submit(kata.id, editor.get(), mode);
      results.start(mode);
      stopFollowing = follow(sid, {
        status: (s) => results.status(s),
        planned: (names) => results.plan(names),
        check: (c) => results.check(c),
        done: (final) => {
          stopFollowing = null;
          results.show(final.report, final.error);
          done();
          void history.refresh();
        },
      });
    } catch (e) {
      const err = e as ApiError;
      results.message(err.status === 429
        ? `Too many submissions: try again in ${err.retryAfter ?? "a few"} seconds.`
        : `Could not submit: ${err.message}`);
      done();
    }
  }

  const attemptView = h("div", { class: "attempt-view" });
  const history = new HistoryList(kata.id, {
    open: async (sid) => {
      const s = await api.submission(sid);
      const when = new Date(s.created_at).toLocaleString();
      results.show(s.report, s.error, `Showing your ${s.mode === "submit" ? "Submit" : "Run"} from ${when}`);
      mount(attemptView,
        h("div", { class: "attempt-head" },
          h("h3", null, `Code of the ${s.mode} from ${relativeTime(s.created_at)}`),
          h("button", { type: "button", class: "button subtle", onclick: async () => {
            if (await confirmDialog("Load this attempt?", "This replaces the code in the editor with this attempt's code.", "Load")) {
              editor.set(s.code);
              editor.focus();
            }
          } }, "Load into editor")),
        h("pre", { class: "attempt-code", tabindex: "0", "aria-label": "Code of this attempt" }, s.code));
    },
  });

  const statement = h("div", null, renderStatement(kata.statement), visibleChecks(kata));
  const historyPanel = h("div", null, history.el, attemptView);
  const tabbed = tabs([
    { id: "statement", label: "Statement", panel: statement },
    { id: "attempts", label: "Attempts", panel: historyPanel },
  ], (tab) => { if (tab === "attempts") void history.refresh(); });

  const editorHost = h("div", { class: "editor-host" });
  const draft = loadDraft(kata.id);
  const el = h("div", { class: "kata-page" },
    h("div", { class: "kata-left" }, kataHeader(kata), tabbed.el),
    h("div", { class: "kata-right" },
      h("div", { class: "editor-toolbar" },
        h("span", { class: "editor-title", id: "editor-label" }, "solution.py"),
        saved,
        h("div", { class: "toolbar-actions" }, resetBtn, runBtn, submitBtn)),
      editorHost,
      h("p", { class: "editor-help" },
        h("kbd", null, "Ctrl"), "+", h("kbd", null, "Enter"), " run · ",
        h("kbd", null, "Ctrl"), "+", h("kbd", null, "Shift"), "+", h("kbd", null, "Enter"), " submit · ",
        h("kbd", null, "Esc"), " then ", h("kbd", null, "Tab"), " leaves the editor · drafts are saved in this browser"),
      results.el));

  editor = createEditor(editorHost, draft ?? kata.stub, {
    label: `Your solution for ${kata.title}`,
    onChange: (code) => { saveDraft(kata.id, code); saved.textContent = "Draft saved"; },
    onRun: () => void grade("run"),
    onSubmit: () => void grade("submit"),
  });
  if (draft !== null && draft !== kata.stub) saved.textContent = "Draft restored";
  const onKey = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter" && !editorHost.contains(e.target as Node)) {
      e.preventDefault();
      void grade(e.shiftKey ? "submit" : "run");
    }
  };
  document.addEventListener("keydown", onKey);
  return {
    el, title: kata.title,
    dispose: () => { stopFollowing?.(); document.removeEventListener("keydown", onKey); editor.view.destroy(); },
  };
}
