// The interviewer's dashboard: create an interview (invite link shown once) and watch every
// interview's state, time left and progress, refreshed every few seconds.

import { api, interviewer, STATE_LABEL, type ApiError, type InterviewSummary } from "../api";
import { clock, h, mount, percent } from "../dom";
import { navigate, type Page } from "../router";
import "./interview.css";

export async function interviewerPage(): Promise<Page> {
  const who = await interviewer.me();
  if (who === null) {
    navigate("/interviewer/login");
    return { el: h("p", null, "Redirecting to sign-in…"), title: "Sign in" };
  }
  const katas = await api.katas();

  const name = h("input", { id: "iv-candidate", maxlength: "200" });
  const email = h("input", { id: "iv-email", type: "email", maxlength: "320" });
  const duration = h("input", { id: "iv-duration", type: "number", min: "1", max: "480", value: "60", required: true });
  const opens = h("input", { id: "iv-opens", type: "datetime-local" });
  const closes = h("input", { id: "iv-closes", type: "datetime-local" });
  const sorted = [...katas].sort((a, b) => a.title.localeCompare(b.title));
  const pick = h("select", { id: "iv-katas", multiple: true, size: "8", required: true },
    sorted.map((k) => h("option", { value: k.id }, `${k.title} (${k.difficulty})`)));
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
      });
      showLink(made.invite_url, made.candidate_name);
      form.reset();
      search.value = "";
      search.dispatchEvent(new Event("input"));
      duration.value = "60";
      await refresh();
    } catch (err) { error.textContent = String((err as ApiError).message); }
  } },
    h("div", { class: "iv-grid" },
      h("label", { for: "iv-candidate" }, "Candidate name (optional)"), name,
      h("label", { for: "iv-email" }, "Candidate email (optional)"), email,
      h("label", { for: "iv-katas" }, "Katas (one or more)"), h("div", { class: "iv-picker" }, search, pick),
      h("label", { for: "iv-duration" }, "Duration (minutes)"), duration,
      h("label", { for: "iv-opens" }, "Opens at (optional)"), opens,
      h("label", { for: "iv-closes" }, "Must be started by (optional)"), closes),
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
          } }, "New link")));
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
