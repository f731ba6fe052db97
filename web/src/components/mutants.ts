// A write-the-tests kata's report: one row per buggy implementation (mutant), caught or
// survived, and by which of the candidate's tests. The bug names come from the trusted side
// and appear only here, after grading.

import type { CheckReport } from "../api";
import { h } from "../dom";

interface MutantDiagnostics { role?: string; bug_class?: string; killed?: boolean; killed_by?: string[] }

/** The mutation table, or null for a report that has no mutant rows. */
export function mutantTable(tests: CheckReport[]): HTMLElement | null {
  const rows = tests.filter((t) => (t.diagnostics as MutantDiagnostics | undefined)?.role === "mutant");
  if (!rows.length) return null;
  const killed = rows.filter((t) => (t.diagnostics as MutantDiagnostics).killed).length;
  return h("section", { class: "mutants", "aria-labelledby": "mutants-h" },
    h("h3", { id: "mutants-h" }, `Bugs your tests caught: ${killed} of ${rows.length}`),
    h("table", { class: "mutant-table", "data-testid": "mutant-table" },
      h("thead", null, h("tr", null, h("th", { scope: "col" }, "Bug"), h("th", { scope: "col" }, "Result"),
        h("th", { scope: "col" }, "Caught by"))),
      h("tbody", null, rows.map((t) => {
        const d = t.diagnostics as MutantDiagnostics;
        return h("tr", { "data-mutant": t.name, "data-killed": String(!!d.killed) },
          h("td", null, d.bug_class || t.name),
          h("td", { class: d.killed ? "killed" : "survived" },
            h("span", { "aria-hidden": "true" }, d.killed ? "✓ " : "✗ "), d.killed ? "Killed" : "Survived"),
          h("td", null, (d.killed_by ?? []).length ? (d.killed_by ?? []).map((n) => h("code", null, n, " ")) : "—"));
      }))));
}
