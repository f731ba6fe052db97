// One kata: statement (with the visible checks and limits) or attempts on the left; the
// editor, Run/Submit and the results on the right.

import { api, type KataDetail } from "../api";
import { confirmDialog } from "../components/confirm";
import { HistoryList } from "../components/history";
import { PartSteps, withPartStub } from "../components/parts";
import { renderStatement } from "../components/statement";
import { tabs, Workbench } from "../components/workbench";
import { h, mount, relativeTime } from "../dom";
import type { Page } from "../router";
import { clearDraft, loadDraft, saveDraft } from "../storage";

function kataHeader(k: KataDetail): HTMLElement {
  return h("header", { class: "kata-head" },
    h("nav", { "aria-label": "Breadcrumb", class: "breadcrumb" }, h("a", { href: "/", "data-link": true }, "Katas"), " / "),
    h("h1", null, k.title),
    h("div", { class: "chips" },
      h("span", { class: `difficulty d-${k.difficulty}` }, k.difficulty),
      h("span", { class: "framework" }, k.framework),
      k.format === "tests" ? h("span", { class: "framework" }, "write the tests") : null,
      h("ul", { class: "tags", "aria-label": "topics" }, k.topics.map((t) => h("li", null, t)))),
    k.variant ? h("p", { class: "variant" }, `Variant: ${k.variant.title}`) : null);
}

export function visibleChecks(k: Pick<KataDetail, "checks" | "limits" | "format">): HTMLElement {
  if (k.format === "tests") return testsGrading(k as KataDetail);
  const l = k.limits;
  return h("section", { class: "run-checks", "aria-labelledby": "visible-checks-h" },
    h("h2", { id: "visible-checks-h" }, "What Run checks"),
    h("ul", null, k.checks.map((c) => h("li", null, h("code", null, c.name), ` — ${c.description} `,
      h("span", { class: "muted" }, `(${c.points} pt)`)))),
    h("p", { class: "muted" }, "Submit also runs hidden checks on fresh random inputs and edge cases."),
    h("p", { class: "limits" }, h("strong", null, "Limits: "),
      `${l.cpu_s} s CPU · ${l.wall_s} s wall · ${l.memory_mb} MB memory · ${l.output_kb} KB output`));
}

/** A write-the-tests kata: what Run and Submit do with the candidate's tests. */
function testsGrading(k: KataDetail): HTMLElement {
  const l = k.limits;
  return h("section", { class: "run-checks", "aria-labelledby": "visible-checks-h", "data-testid": "tests-grading" },
    h("h2", { id: "visible-checks-h" }, "How your tests are graded"),
    h("ul", null,
      h("li", null, h("strong", null, "Run"), " runs your tests on the correct implementations: every test must pass."),
      h("li", null, h("strong", null, "Submit"), " also runs them on implementations that each carry one bug; ",
        "you score the share of bugs your tests catch. The table of caught and surviving bugs appears after grading.")),
    h("p", { class: "limits" }, h("strong", null, "Limits per implementation: "),
      `${l.cpu_s} s CPU · ${l.wall_s} s wall · ${l.memory_mb} MB memory · ${l.output_kb} KB output`));
}

export async function kataPage(id: string): Promise<Page> {
  const kata = await api.kata(id);
  const draft = loadDraft(kata.id);
  const saved = h("span", { class: "saved", "aria-live": "polite" });
  const resetBtn = h("button", { type: "button", class: "button subtle", id: "reset-button",
    onclick: async () => {
      if (await confirmDialog("Reset to the stub?", "This replaces your code with the starter file. Your draft will be lost (past attempts stay in Attempts).", "Reset")) {
        bench.editor.set(kata.stub);
        clearDraft(kata.id);
        saved.textContent = "Reset to the stub";
        bench.editor.focus();
      }
    } }, "Reset");
  const bench = new Workbench({
    limits: kata.limits, code: draft ?? kata.stub, label: kata.format === "tests" ? `Your tests for ${kata.title}` : `Your solution for ${kata.title}`,
    send: (code, mode) => api.submit(kata.id, code, mode, steps?.current ?? 1),
    scratch: (code) => api.scratch(kata.id, code),
    failed: (err) => err.status === 429
      ? `Too many submissions: try again in ${err.retryAfter ?? "a few"} seconds.`
      : `Could not submit: ${err.message}`,
    onChange: (code) => { saveDraft(kata.id, code); saved.textContent = "Draft saved"; },
    onDone: () => { void history.refresh(); void steps?.refresh(); },
    status: saved, tools: [resetBtn], help: " · drafts are saved in this browser",
    context: kata.context,
  });
  bench.runButton.id = "run-button";
  bench.submitButton.id = "submit-button";
  const { editor, results } = bench;

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
  // Follow-up parts: steps above the statement; part n's statement once it unlocks
  const steps = kata.parts > 1 ? new PartSteps({
    list: () => api.parts(kata.id),
    detail: (n) => api.part(kata.id, n),
    show: (_n, d) => {
      mount(statement, renderStatement(d ? d.statement : kata.statement),
        visibleChecks({ checks: d ? d.checks : kata.checks, limits: kata.limits, format: kata.format }));
      const code = d ? withPartStub(editor.get(), d.stub) : editor.get();
      if (code !== editor.get()) editor.set(code);
    },
  }) : null;
  if (steps) void steps.refresh().then(() => steps.select(steps.latest()));
  const historyPanel = h("div", null, history.el, attemptView);
  const tabbed = tabs([
    { id: "statement", label: "Statement", panel: statement },
    { id: "attempts", label: "Attempts", panel: historyPanel },
  ], { label: "Kata sections", onSelect: (tab) => { if (tab === "attempts") void history.refresh(); } });

  const el = h("div", { class: "kata-page" },
    h("div", { class: "kata-left" }, kataHeader(kata), steps?.wrap ?? null, tabbed.el), bench.el);
  if (draft !== null && draft !== kata.stub) saved.textContent = "Draft restored";
  return { el, title: kata.title, dispose: () => bench.dispose() };
}
