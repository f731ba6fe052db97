// The interviewer's dashboard: create an interview (invite link shown once) and watch every
// interview's state, time left and progress, refreshed every few seconds.

import { interviewer, STATE_LABEL, type ApiError, type Dimension, type InterviewSummary, type Template } from "../api";
import { clock, h, mount, percent } from "../dom";
import { navigate, type Page } from "../router";
import "./interview.css";

const DEFAULT_RUBRIC: Dimension[] = [
  { key: "correctness", name: "Correctness", description: "right results, hidden checks and edge cases", scale: 4 },
  { key: "code_quality", name: "Code quality", description: "clear, idiomatic, vectorised where it matters", scale: 4 },
  { key: "testing", name: "Testing", description: "checks shapes and cases of their own", scale: 4 },
  { key: "communication", name: "Communication", description: "explains choices and trade-offs", scale: 4 },
];

/** The round's rubric, one row per criterion: name, description, scale. */
function rubricEditor(): { el: HTMLElement; get(): Dimension[]; set(dims: Dimension[]): void } {
  const body = h("tbody");
  const row = (d: Dimension) => {
    const n = body.children.length + 1;
    const tr = h("tr", { class: "iv-dim" },
      h("td", null, h("input", { class: "dim-name", value: d.name, maxlength: "100", required: true, "aria-label": `Criterion ${n} name` })),
      h("td", null, h("input", { class: "dim-desc", value: d.description, maxlength: "500", "aria-label": `Criterion ${n} description` })),
      h("td", null, h("input", { class: "dim-scale", type: "number", min: "2", max: "10", value: String(d.scale), "aria-label": `Criterion ${n} scale` })),
      h("td", null, h("button", { type: "button", class: "link-button", onclick: () => { if (body.children.length > 1) tr.remove(); } }, "Remove")));
    tr.dataset.key = d.key;
    body.appendChild(tr);
  };
  const set = (dims: Dimension[]) => { body.replaceChildren(); dims.forEach(row); };
  const get = (): Dimension[] => {
    const seen = new Set<string>();
    return Array.from(body.querySelectorAll<HTMLTableRowElement>("tr")).map((tr, i) => {
      const name = tr.querySelector<HTMLInputElement>(".dim-name")!.value.trim();
      let key = tr.dataset.key || name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^[^a-z]+|_+$/g, "").slice(0, 40) || `criterion_${i + 1}`;
      while (seen.has(key)) key = `${key.slice(0, 36)}_${i + 1}`;
      seen.add(key);
      return { key, name, description: tr.querySelector<HTMLInputElement>(".dim-desc")!.value.trim(),
               scale: Number(tr.querySelector<HTMLInputElement>(".dim-scale")!.value) || 4 };
    });
  };
  set(DEFAULT_RUBRIC);
  const el = h("details", { class: "iv-rubric-edit" }, h("summary", null, "Rubric criteria"),
    h("table", { class: "iv-dims" }, h("thead", null, h("tr", null, ["Criterion", "Description", "Scale 1–", ""].map((t) => h("th", null, t)))), body),
    h("button", { type: "button", class: "button subtle", onclick: () => row({ key: "", name: "", description: "", scale: 4 }) }, "Add criterion"),
    h("button", { type: "button", class: "button subtle", onclick: () => set(DEFAULT_RUBRIC) }, "Default criteria"));
  return { el, get, set };
}

const same = (a: Dimension[], b: Dimension[]) => JSON.stringify(a) === JSON.stringify(b);

export async function interviewerPage(): Promise<Page> {
  const who = await interviewer.me();
  if (who === null) {
    navigate("/interviewer/login");
    return { el: h("p", null, "Redirecting to sign-in…"), title: "Sign in" };
  }
  const katas = await interviewer.katas(); // interview-only katas included

  const name = h("input", { id: "iv-candidate", maxlength: "200" });
  const email = h("input", { id: "iv-email", type: "email", maxlength: "320" });
  const duration = h("input", { id: "iv-duration", type: "number", min: "1", max: "480", value: "60", required: true });
  const opens = h("input", { id: "iv-opens", type: "datetime-local" });
  const closes = h("input", { id: "iv-closes", type: "datetime-local" });
  const sorted = [...katas].sort((a, b) => a.title.localeCompare(b.title));
  const pick = h("select", { id: "iv-katas", multiple: true, size: "8", required: true },
    sorted.map((k) => h("option", { value: k.id }, `${k.title} (${k.difficulty})${k.interview_only ? " · interview only" : ""}`)));
  const search = h("input", { type: "search", id: "iv-kata-search", placeholder: "Filter by title, topic or id",
    "aria-label": "Filter katas", "aria-controls": "iv-katas", oninput: () => {
      const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      sorted.forEach((k, i) => {
        const text = `${k.title} ${k.id} ${k.topics.join(" ")} ${k.difficulty}`.toLowerCase();
        const option = pick.options[i];
        option.hidden = !option.selected && !words.every((w) => text.includes(w)); // chosen ones stay
      });
    } });
  const created = h("div", { class: "iv-created", "aria-live": "polite" });
  const rubric = rubricEditor();
  let templates: Template[] = await interviewer.templates();
  const templatePick = h("select", { id: "iv-template", onchange: () => {
    const t = templates.find((x) => x.id === templatePick.value);
    if (!t) return;
    for (const o of Array.from(pick.options)) o.selected = t.kata_ids.includes(o.value);
    duration.value = String(t.duration_minutes);
    rubric.set(t.rubric);
    templateName.value = t.name;
  } });
  const drawTemplates = () => mount(templatePick, h("option", { value: "" }, templates.length ? "—" : "(none saved)"),
    templates.map((t) => h("option", { value: t.id }, t.name)));
  drawTemplates();
  const templateName = h("input", { id: "iv-template-name", maxlength: "100", placeholder: "e.g. ML research round", "aria-label": "Template name" });
  const saveTemplate = h("button", { type: "button", class: "button subtle", onclick: async () => {
    error.textContent = "";
    const ids = Array.from(pick.selectedOptions).map((o) => o.value);
    if (!templateName.value.trim() || !ids.length) { error.textContent = "Name the template and choose at least one kata."; return; }
    try {
      const t = await interviewer.saveTemplate({ name: templateName.value.trim(), kata_ids: ids,
        duration_minutes: Number(duration.value) || 60, rubric: rubric.get() });
      templates = await interviewer.templates();
      drawTemplates();
      templatePick.value = t.id;
      mount(created, h("p", null, `Template “${t.name}” saved.`));
    } catch (err) { error.textContent = String((err as ApiError).message); }
  } }, "Save as template");
  function showLink(url: string, who: string, renewed = false): void {
    const link = h("input", { readonly: true, value: url, id: "invite-url", "aria-label": "Invite link", class: "invite-url" });
    mount(created, h("p", null, h("strong", null, renewed ? `New invite link for ${who || "(unnamed)"}` : "Invite link"),
      renewed ? " (shown once; the old link no longer works):" : " (shown once; send it to the candidate):"),
      link, h("button", { type: "button", class: "button", onclick: () => { link.select(); void navigator.clipboard?.writeText(url); } }, "Copy"));
  }
  const error = h("p", { class: "form-error", role: "alert" });

  const form = h("form", { class: "iv-form", onsubmit: async (e: Event) => {
    e.preventDefault();
    error.textContent = "";
    const ids = Array.from(pick.selectedOptions).map((o) => o.value);
    if (!ids.length) { error.textContent = "Choose at least one kata."; return; }
    try {
      const made = await interviewer.create({
        candidate_name: name.value, candidate_email: email.value, kata_ids: ids,
        duration_minutes: Number(duration.value) || 60,
        ...(opens.value ? { opens_at: new Date(opens.value).toISOString() } : {}),
        ...(closes.value ? { closes_at: new Date(closes.value).toISOString() } : {}),
        ...(same(rubric.get(), DEFAULT_RUBRIC) ? {} : { rubric: rubric.get() }),
      });
      showLink(made.invite_url, made.candidate_name);
      form.reset();
      rubric.set(DEFAULT_RUBRIC);
      search.value = "";
      search.dispatchEvent(new Event("input"));
      duration.value = "60";
      await refresh();
    } catch (err) { error.textContent = String((err as ApiError).message); }
  } },
    h("div", { class: "iv-grid" },
      h("label", { for: "iv-template" }, "Start from a template"), templatePick,
      h("label", { for: "iv-candidate" }, "Candidate name (optional)"), name,
      h("label", { for: "iv-email" }, "Candidate email (optional)"), email,
      h("label", { for: "iv-katas" }, "Katas (one or more)"), h("div", { class: "iv-picker" }, search, pick),
      h("label", { for: "iv-duration" }, "Duration (minutes)"), duration,
      h("label", { for: "iv-opens" }, "Opens at (optional)"), opens,
      h("label", { for: "iv-closes" }, "Must be started by (optional)"), closes),
    rubric.el,
    h("div", { class: "iv-template-save" }, templateName, saveTemplate),
    h("button", { type: "submit", class: "button primary", id: "create-interview" }, "Create interview"), error);

  const tbody = h("tbody");
  const table = h("table", { class: "kata-table iv-table" },
    h("thead", null, h("tr", null, ["Candidate", "State", "Time left", "Progress", ""].map((t) => h("th", null, t)))), tbody);

  function row(i: InterviewSummary): HTMLElement {
    const progress = i.progress.map((p) => h("div", null, `${p.title}: `,
      h("strong", null, p.best_score === null ? "—" : percent(p.best_score)), ` · ${p.runs} runs · ${p.submissions} submits`));
    return h("tr", { "data-interview": i.id },
      h("td", null, h("a", { href: `/interviewer/interviews/${i.id}`, "data-link": true }, i.candidate_name || "(unnamed)"),
        i.candidate_email ? h("div", { class: "muted" }, i.candidate_email) : null),
      h("td", null, h("span", { class: `iv-state s-${i.state}` }, STATE_LABEL[i.state])),
      h("td", null, i.seconds_left === null ? "—" : clock(i.seconds_left)),
      h("td", null, progress),
      h("td", null, h("a", { href: `/interviewer/interviews/${i.id}`, "data-link": true, class: "button subtle" }, "Review"),
        i.state === "revoked" || i.state === "expired" ? null : h("button", { type: "button", class: "button subtle",
          title: "A new invite link; the old one stops working", onclick: async () => {
            if (!confirm("Make a new invite link? The old link stops working at once.")) return;
            try { showLink((await interviewer.regenerate(i.id)).invite_url, i.candidate_name, true); }
            catch (err) { error.textContent = String((err as ApiError).message); }
            created.scrollIntoView({ block: "nearest" });
          } }, "New link"),
        i.held && i.state === "in_progress" ? h("button", { type: "button", class: "button subtle", "data-action": "release",
          title: "The round is open in one browser; release it so the candidate can continue in another", onclick: async () => {
            if (!confirm("Release the round from the browser holding it? The next browser to open the link takes it over.")) return;
            try { await interviewer.release(i.id); await refresh(); }
            catch (err) { error.textContent = String((err as ApiError).message); }
          } }, "Release browser") : null));
  }

  async function refresh(): Promise<void> {
    const items = await interviewer.list();
    mount(tbody, items.length ? items.map(row) : h("tr", null, h("td", { colspan: "5", class: "muted" }, "No interviews yet.")));
  }
  await refresh();
  const timer = window.setInterval(() => { void refresh().catch(() => undefined); }, 5000);

  const el = h("section", { class: "iv-page" },
    h("div", { class: "iv-head" }, h("h1", null, "Interviews"),
      h("span", { class: "muted" }, `Signed in as ${who} `),
      h("button", { type: "button", class: "link-button", onclick: async () => { await interviewer.logout(); navigate("/interviewer/login"); } }, "Sign out")),
    h("details", { class: "iv-new", open: true }, h("summary", null, "New interview"), form, created),
    h("h2", null, "Your interviews"), h("div", { class: "table-wrap" }, table));
  return { el, title: "Interviews", dispose: () => window.clearInterval(timer) };
}
