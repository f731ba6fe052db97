// The catalogue: every kata, the candidate's best score, filters and search.

import { api, type KataSummary, type SubmissionSummary } from "../api";
import { h, mount, percent } from "../dom";
import type { Page } from "../router";

const DIFFICULTY_ORDER = ["easy", "medium", "hard"];

/** Best submit score per kata; a kata only Run so far counts as "tried". */
function bestScores(subs: SubmissionSummary[]): Map<string, { best: number | null }> {
  const out = new Map<string, { best: number | null }>();
  for (const s of subs) {
    const entry = out.get(s.kata_id) ?? { best: null };
    if (s.mode === "submit" && s.status === "done" && s.score !== null)
      entry.best = Math.max(entry.best ?? 0, s.score);
    out.set(s.kata_id, entry);
  }
  return out;
}

function select(label: string, id: string, values: string[], onChange: () => void): HTMLSelectElement {
  return h("select", { id, name: id, onchange: onChange, "aria-label": label },
    h("option", { value: "" }, `Any ${label.toLowerCase()}`),
    values.map((v) => h("option", { value: v }, v)));
}

export async function cataloguePage(): Promise<Page> {
  const [katas, subs] = await Promise.all([api.katas(), api.submissions(undefined, 500).catch(() => [])]);
  const scores = bestScores(subs);
  const topics = [...new Set(katas.flatMap((k) => k.topics))].sort();
  const difficulties = DIFFICULTY_ORDER.filter((d) => katas.some((k) => k.difficulty === d));
  const frameworks = [...new Set(katas.map((k) => k.framework))].sort();

  const update = () => renderRows();
  const search = h("input", { type: "search", id: "kata-search", placeholder: "Search katas…",
                              "aria-label": "Search katas by name", oninput: update });
  const topic = select("Topic", "filter-topic", topics, update);
  const difficulty = select("Difficulty", "filter-difficulty", difficulties, update);
  const framework = select("Framework", "filter-framework", frameworks, update);
  const tbody = h("tbody");
  const count = h("p", { class: "count", role: "status", "aria-live": "polite" });

  function matches(k: KataSummary): boolean {
    const q = search.value.trim().toLowerCase();
    return (!q || k.title.toLowerCase().includes(q) || k.id.includes(q))
      && (!topic.value || k.topics.includes(topic.value))
      && (!difficulty.value || k.difficulty === difficulty.value)
      && (!framework.value || k.framework === framework.value);
  }

  function renderRows(): void {
    const shown = katas.filter(matches).sort((a, b) =>
      DIFFICULTY_ORDER.indexOf(a.difficulty) - DIFFICULTY_ORDER.indexOf(b.difficulty)
      || a.title.localeCompare(b.title));
    mount(tbody, shown.map((k) => {
      const s = scores.get(k.id);
      const best = s?.best ?? null;
      const state = best === 1 ? "solved" : best !== null ? "partial" : s ? "tried" : "new";
      return h("tr", { "data-kata": k.id },
        h("td", { class: "title-cell" },
          h("a", { href: `/katas/${k.id}`, "data-link": true }, k.title)),
        h("td", null, h("span", { class: `difficulty d-${k.difficulty}` }, k.difficulty)),
        h("td", null, h("ul", { class: "tags", "aria-label": "topics" },
          k.topics.map((t) => h("li", null, t)))),
        h("td", null, h("span", { class: "framework" }, k.framework)),
        h("td", { class: `best best-${state}` },
          state === "solved" ? [h("span", { "aria-hidden": "true" }, "✓ "), "100 %"]
          : state === "partial" ? percent(best!)
          : state === "tried" ? "run only" : h("span", { class: "muted" }, "—")));
    }));
    count.textContent = shown.length === katas.length ? `${katas.length} katas`
      : `${shown.length} of ${katas.length} katas`;
  }
  renderRows();

  const solved = [...scores.values()].filter((s) => s.best === 1).length;
  const el = h("section", { class: "catalogue" },
    h("div", { class: "catalogue-head" },
      h("h1", null, "Katas"),
      h("p", { class: "lede" }, "Implement, debug and derive the pieces of modern ML. ",
        "Run checks your code against the visible examples; Submit grades it on hidden ones too."),
      h("p", { class: "progress-line" }, `${solved} of ${katas.length} solved`)),
    h("div", { class: "filters", role: "search" },
      h("label", { class: "search" }, h("span", { class: "visually-hidden" }, "Search"), search),
      h("label", null, h("span", null, "Topic"), topic),
      h("label", null, h("span", null, "Difficulty"), difficulty),
      h("label", null, h("span", null, "Framework"), framework)),
    count,
    h("div", { class: "table-wrap" },
      h("table", { class: "kata-table" },
        h("caption", { class: "visually-hidden" }, "Katas with your best score"),
        h("thead", null, h("tr", null,
          h("th", { scope: "col" }, "Kata"), h("th", { scope: "col" }, "Difficulty"),
          h("th", { scope: "col" }, "Topics"), h("th", { scope: "col" }, "Framework"),
          h("th", { scope: "col" }, "Best score"))),
        tbody)));
  return { el, title: "Katas" };
}
