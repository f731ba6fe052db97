// One check's diagnostics laid out to be read in seconds: the named bug first, then shapes,
// the worst error and where, NaN/Inf counts, then anything else a kata noted.

import { h, type Child } from "../dom";
import { renderPlot } from "./plots";

type Diag = Record<string, unknown>;

const SHOWN = new Set(["bug", "what", "expected_shape", "got_shape", "got_dtype", "max_abs_error",
  "max_rel_error", "worst_index", "got_at_worst", "expected_at_worst", "mismatched", "nan_count",
  "inf_count", "first_bad_index", "first_wrong_index", "expected_at_index", "got_at_index",
  "compared", "plot", "rtol", "atol"]);

const shape = (v: unknown) => Array.isArray(v) ? `(${v.join(", ")}${v.length === 1 ? "," : ""})` : String(v);
const index = (v: unknown) => Array.isArray(v) ? `[${v.join(", ")}]` : String(v);
export const sci = (v: unknown): string => typeof v !== "number" ? String(v)
  : v === 0 ? "0" : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? String(Number(v.toPrecision(4))) : v.toExponential(2);

function row(label: string, ...value: Child[]): HTMLElement[] {
  return [h("dt", null, label), h("dd", null, ...value)];
}

export function renderDiagnostics(d: Diag): HTMLElement | null {
  const parts: (HTMLElement | null)[] = [];
  if (typeof d.bug === "string" && d.bug)
    parts.push(h("p", { class: "bug" }, h("span", { class: "bug-label" }, "Likely bug"), d.bug));

  const grid: HTMLElement[] = [];
  if (d.what !== undefined && (d.expected_shape !== undefined || d.max_abs_error !== undefined))
    grid.push(...row("Value", h("code", null, String(d.what))));
  if (d.expected_shape !== undefined && d.got_shape !== undefined) {
    const same = shape(d.expected_shape) === shape(d.got_shape);
    grid.push(...row("Shape", h("code", { class: same ? "" : "bad" }, shape(d.got_shape)),
      same ? " as expected" : h("span", null, " — expected ", h("code", null, shape(d.expected_shape)))));
  }
  if (d.got_dtype !== undefined) grid.push(...row("dtype", h("code", null, String(d.got_dtype))));
  if (d.max_abs_error !== undefined) {
    const where: Child = d.worst_index !== undefined ? [" at ", h("code", null, index(d.worst_index))] : null;
    grid.push(...row("Max error", h("strong", null, sci(d.max_abs_error)), where,
      d.max_rel_error !== undefined ? h("span", { class: "muted" }, ` (relative ${sci(d.max_rel_error)})`) : ""));
  }
  if (d.got_at_worst !== undefined || d.expected_at_worst !== undefined)
    grid.push(...row("There", d.got_at_worst !== undefined ? ["yours ", h("code", null, sci(d.got_at_worst))] : "",
      d.expected_at_worst !== undefined ? h("span", null, " · expected ", h("code", null, sci(d.expected_at_worst))) : ""));
  if (d.mismatched !== undefined) grid.push(...row("Mismatched", `${d.mismatched} values`));
  if (d.nan_count !== undefined || d.inf_count !== undefined)
    grid.push(...row("Non-finite", h("strong", { class: "bad" }, `${d.nan_count ?? 0} NaN, ${d.inf_count ?? 0} Inf`),
      d.first_bad_index !== undefined ? [" — first at ", h("code", null, index(d.first_bad_index))] : ""));
  if (d.first_wrong_index !== undefined)
    grid.push(...row("First wrong", h("code", null, index(d.first_wrong_index)),
      d.got_at_index !== undefined ? ` yours ${d.got_at_index}` : "",
      d.expected_at_index !== undefined ? ` · expected ${d.expected_at_index}` : ""));
  for (const [k, v] of Object.entries(d)) {
    if (SHOWN.has(k)) continue;
    grid.push(...row(k.charAt(0).toUpperCase() + k.slice(1).replace(/_/g, " "), h("code", null, typeof v === "object" ? JSON.stringify(v).replace(/,/g, ", ") : sci(v))));
  }
  if (grid.length) parts.push(h("dl", { class: "diag-grid" }, grid));

  if (Array.isArray(d.compared) && d.compared.length) {
    parts.push(h("table", { class: "compared" },
      h("caption", null, "Compared so far"),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, "value"),
        h("th", { scope: "col" }, "max abs error"), h("th", { scope: "col" }, "max rel error"))),
      h("tbody", null, (d.compared as Diag[]).map((c) => h("tr", null,
        h("td", null, h("code", null, String(c.what ?? ""))),
        h("td", null, c.max_abs_error === undefined ? "—" : sci(c.max_abs_error)),
        h("td", null, c.max_rel_error === undefined ? "—" : sci(c.max_rel_error)))))));
  }
  const plot = renderPlot(d.plot);
  if (plot) parts.push(plot);
  const shown = parts.filter(Boolean) as HTMLElement[];
  return shown.length ? h("div", { class: "diagnostics" }, shown) : null;
}
