// Pictures drawn from plot data in a visible check's diagnostics (docs/writing-katas.md,
// "Pictures"): heatmaps side by side, line charts, bar charts. Plain SVG, no library.

import { h, svg, svgText } from "../dom";

export interface Panel { label: string; z: number[][] }
export interface Series { label: string; y: number[]; x?: number[] }
export type Plot =
  | { kind: "heatmaps"; title?: string; panels: Panel[]; x_label?: string; y_label?: string }
  | { kind: "heatmap"; title?: string; z: number[][]; label?: string; x_label?: string; y_label?: string }
  | { kind: "line"; title?: string; series: Series[]; x_label?: string; y_label?: string; log_y?: boolean }
  | { kind: "bars"; title?: string; labels: string[]; series: { label: string; values: number[] }[];
      y_label?: string; log_y?: boolean };

const PALETTE = ["#2b59c3", "#d9534f", "#2e9d62", "#b8860b", "#7e57c2"];
const MAX_CELLS = 64; // the schema caps at 32; draw at most this many whatever arrives

const num = (v: unknown): number => (typeof v === "number" ? v : Number.NaN);
const fmt = (v: number): string => !Number.isFinite(v) ? String(v)
  : Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : String(Math.round(v * 1000) / 1000);

/** Viridis-like sequential colour for t in [0, 1]. */
function colour(t: number): string {
  const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  const x = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
  const i = Math.min(Math.floor(x), stops.length - 2), f = x - i;
  const c = stops[i].map((a, j) => Math.round(a + f * (stops[i + 1][j] - a)));
  return `rgb(${c.join(",")})`;
}

function isPlot(p: unknown): p is Plot {
  return typeof p === "object" && p !== null && typeof (p as { kind?: unknown }).kind === "string";
}

export function renderPlot(p: unknown): HTMLElement | null {
  if (!isPlot(p)) return null;
  const body = p.kind === "heatmaps" ? heatmaps(p.panels ?? [], p)
    : p.kind === "heatmap" ? heatmaps([{ label: p.label ?? "", z: p.z }], p)
    : p.kind === "line" ? line(p)
    : p.kind === "bars" ? bars(p) : null;
  if (!body) return null;
  return h("figure", { class: `plot plot-${p.kind}` },
    p.title ? h("figcaption", null, p.title) : null, body);
}

function heatmaps(panels: Panel[], p: { x_label?: string; y_label?: string }): HTMLElement {
  const grids = panels.map((panel) => (Array.isArray(panel.z) ? panel.z : []).slice(0, MAX_CELLS)
    .map((row) => (Array.isArray(row) ? row : []).slice(0, MAX_CELLS).map(num)));
  const all = grids.flat(2).filter(Number.isFinite);
  const lo = Math.min(0, ...all), hi = Math.max(lo + 1e-12, ...all);
  const wrap = h("div", { class: "heatmaps" });
  // With two panels (yours, expected), outline the cells of the first that differ: the "where".
  const ref = grids.length === 2 ? grids[1] : null;
  const tol = 1e-4 * Math.max(1e-12, hi - lo);
  const differs = (i: number, j: number) => ref !== null && ref[i]?.[j] !== undefined
    && !(Math.abs(grids[0][i][j] - ref[i][j]) <= tol);
  grids.forEach((z, k) => {
    const rows = z.length, cols = Math.max(0, ...z.map((r) => r.length));
    const cell = Math.max(10, Math.min(36, Math.floor(200 / Math.max(rows, cols, 1))));
    const s = svg("svg", { width: cols * cell, height: rows * cell, viewBox: `0 0 ${cols * cell} ${rows * cell}`,
                           role: "img", "aria-label": `${panels[k].label}: ${rows} by ${cols} heatmap` });
    z.forEach((row, i) => row.forEach((v, j) => {
      const finite = Number.isFinite(v);
      const r = svg("rect", { class: "cell", x: j * cell, y: i * cell, width: cell - 1, height: cell - 1,
                              fill: finite ? colour((v - lo) / (hi - lo)) : "#e33" });
      const title = svg("title");
      title.textContent = `[${i}, ${j}] = ${finite ? fmt(v) : String(v)}`;
      r.appendChild(title);
      s.appendChild(r);
      if (k === 0 && differs(i, j))
        s.appendChild(svg("rect", { class: "diff", x: j * cell + 1.5, y: i * cell + 1.5, width: cell - 4, height: cell - 4,
          fill: "none", stroke: "#ff3b30", "stroke-width": 2.5, "stroke-dasharray": "4 2" }));
      if (cell >= 28 && finite) {
        const t = (v - lo) / (hi - lo);
        s.appendChild(svgText(v.toFixed(2), { x: j * cell + cell / 2 - 0.5, y: i * cell + cell / 2 + 3.5,
          "text-anchor": "middle", "font-size": 9.5, fill: t > 0.6 ? "#111" : "#fff" }));
      }
    }));
    wrap.appendChild(h("div", { class: "heatmap-panel" },
      h("div", { class: "panel-label" }, panels[k].label), s as unknown as Node));
  });
  const legend = h("div", { class: "colour-legend", "aria-hidden": "true" },
    h("span", null, fmt(lo)),
    h("span", { class: "ramp", style: `background: linear-gradient(90deg, ${[0, .25, .5, .75, 1].map(colour).join(",")})` }),
    h("span", null, fmt(hi)));
  const nDiff = ref ? grids[0].reduce((a, row, i) => a + row.filter((_, j) => differs(i, j)).length, 0) : 0;
  const diffNote = ref && nDiff ? h("p", { class: "axes-note" },
    h("span", { class: "diff-key", "aria-hidden": "true" }), `dashed outline: ${nDiff} cell${nDiff === 1 ? "" : "s"} of ${panels[0].label} that differ from ${panels[1].label}`) : null;
  const axes = p.y_label || p.x_label
    ? h("p", { class: "axes-note" }, [p.y_label && `rows: ${p.y_label}`, p.x_label && `columns: ${p.x_label}`].filter(Boolean).join(" · "))
    : null;
  return h("div", null, wrap, legend, diffNote, axes);
}

const W = 420, H = 180, M = { l: 52, r: 12, t: 10, b: 28 };

function axisFrame(ylo: number, yhi: number, log: boolean, xLabel?: string, yLabel?: string): SVGElement {
  const s = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img" });
  s.appendChild(svg("line", { x1: M.l, y1: H - M.b, x2: W - M.r, y2: H - M.b, stroke: "#999" }));
  s.appendChild(svg("line", { x1: M.l, y1: M.t, x2: M.l, y2: H - M.b, stroke: "#999" }));
  const lab = (v: number) => fmt(log ? 10 ** v : v);
  s.appendChild(svgText(lab(yhi), { x: M.l - 4, y: M.t + 8, "text-anchor": "end", "font-size": 10, fill: "#555" }));
  s.appendChild(svgText(lab(ylo), { x: M.l - 4, y: H - M.b, "text-anchor": "end", "font-size": 10, fill: "#555" }));
  if (xLabel) s.appendChild(svgText(xLabel, { x: (W + M.l) / 2, y: H - 6, "text-anchor": "middle", "font-size": 11, fill: "#444" }));
  if (yLabel) s.appendChild(svgText(yLabel, { x: 12, y: (H - M.b + M.t) / 2, "text-anchor": "middle", "font-size": 11, fill: "#444",
    transform: `rotate(-90 12 ${(H - M.b + M.t) / 2})` }));
  return s;
}

function line(p: Extract<Plot, { kind: "line" }>): HTMLElement {
  const series = (p.series ?? []).slice(0, PALETTE.length).map((s) => {
    const y = (s.y ?? []).slice(0, 2048).map(num);
    const x = Array.isArray(s.x) && s.x.length === y.length ? s.x.map(num) : y.map((_, i) => i);
    return { label: s.label, x, y: p.log_y ? y.map((v) => (v > 0 ? Math.log10(v) : Number.NaN)) : y };
  });
  const xs = series.flatMap((s) => s.x).filter(Number.isFinite);
  const ys = series.flatMap((s) => s.y).filter(Number.isFinite);
  const xlo = Math.min(...xs), xhi = Math.max(xlo + 1e-12, ...xs);
  let ylo = Math.min(...ys), yhi = Math.max(...ys);
  if (yhi - ylo < 1e-12) { ylo -= 1; yhi += 1; }
  const s = axisFrame(ylo, yhi, !!p.log_y, p.x_label, p.y_label);
  s.setAttribute("aria-label", `line chart of ${series.map((q) => q.label).join(", ")}`);
  const px = (x: number) => M.l + ((x - xlo) / (xhi - xlo)) * (W - M.l - M.r);
  const py = (y: number) => H - M.b - ((y - ylo) / (yhi - ylo)) * (H - M.t - M.b);
  series.forEach((q, k) => {
    let d = "", pen = false;
    q.y.forEach((y, i) => {
      if (!Number.isFinite(y)) { pen = false; return; }
      d += `${pen ? "L" : "M"}${px(q.x[i]).toFixed(1)},${py(y).toFixed(1)}`;
      pen = true;
    });
    s.appendChild(svg("path", { d, fill: "none", stroke: PALETTE[k], "stroke-width": 2,
                                "stroke-dasharray": k % 2 ? "6 3" : "none" }));
  });
  s.appendChild(svgText(fmt(xlo), { x: M.l, y: H - M.b + 12, "font-size": 10, fill: "#555" }));
  s.appendChild(svgText(fmt(xhi), { x: W - M.r, y: H - M.b + 12, "text-anchor": "end", "font-size": 10, fill: "#555" }));
  return h("div", null, s as unknown as Node, legend(series.map((q) => q.label), true));
}

function bars(p: Extract<Plot, { kind: "bars" }>): HTMLElement {
  const labels = (p.labels ?? []).slice(0, 32).map(String);
  const series = (p.series ?? []).slice(0, PALETTE.length);
  const tr = (v: number) => (p.log_y ? (v > 0 ? Math.log10(v) : Number.NaN) : v);
  const vals = series.map((s) => labels.map((_, i) => tr(num(s.values?.[i]))));
  const finite = vals.flat().filter(Number.isFinite);
  let ylo = p.log_y ? Math.min(...finite) - 0.5 : Math.min(0, ...finite);
  let yhi = Math.max(...finite);
  if (!finite.length) { ylo = 0; yhi = 1; }
  if (yhi - ylo < 1e-12) yhi = ylo + 1;
  const s = axisFrame(ylo, yhi, !!p.log_y, undefined, p.y_label);
  s.setAttribute("aria-label", `bar chart over ${labels.join(", ")}`);
  const slot = (W - M.l - M.r) / Math.max(labels.length, 1);
  const bw = (slot * 0.7) / Math.max(series.length, 1);
  const py = (y: number) => H - M.b - ((y - ylo) / (yhi - ylo)) * (H - M.t - M.b);
  labels.forEach((label, i) => {
    vals.forEach((v, k) => {
      if (!Number.isFinite(v[i])) return;
      const x = M.l + i * slot + slot * 0.15 + k * bw, y = py(v[i]);
      const r = svg("rect", { x, y, width: bw - 2, height: Math.max(1, H - M.b - y), fill: PALETTE[k] });
      const t = svg("title");
      t.textContent = `${label} · ${series[k].label}: ${fmt(num(series[k].values?.[i]))}`;
      r.appendChild(t);
      s.appendChild(r);
    });
    s.appendChild(svgText(label, { x: M.l + i * slot + slot / 2, y: H - M.b + 13, "text-anchor": "middle",
                                   "font-size": 11, fill: "#333", "font-family": "monospace" }));
  });
  return h("div", null, s as unknown as Node, legend(series.map((q) => q.label), false));
}

function legend(labels: string[], dashed: boolean): HTMLElement {
  return h("ul", { class: "plot-legend" }, labels.map((l, k) =>
    h("li", null, h("span", { class: "swatch", style: `background:${PALETTE[k]}${dashed && k % 2 ? ";opacity:.7" : ""}` }),
      dashed && k % 2 ? `${l} (dashed)` : l)));
}
