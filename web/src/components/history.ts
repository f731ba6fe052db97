// The candidate's attempts at one kata: when, Run or Submit, score; open one to see its
// report and code, and load its code back into the editor.

import { api, type SubmissionSummary } from "../api";
import { h, mount, percent, relativeTime } from "../dom";

export interface HistoryHandlers {
  open(id: string): void;
}

export class HistoryList {
  readonly el: HTMLElement;
  private list: HTMLElement;

  constructor(private kataId: string, private on: HistoryHandlers) {
    this.list = h("div", { class: "history-list" });
    this.el = h("div", { class: "history" }, this.list);
  }

  async refresh(): Promise<void> {
    let items: SubmissionSummary[];
    try {
      items = await api.submissions(this.kataId, 100);
    } catch (e) {
      mount(this.list, h("p", { role: "alert" }, `Could not load your attempts: ${(e as Error).message}`));
      return;
    }
    if (!items.length) {
      mount(this.list, h("p", { class: "muted" }, "No attempts yet. Run or Submit to see them here."));
      return;
    }
    mount(this.list, h("table", { class: "history-table" },
      h("caption", { class: "visually-hidden" }, "Your attempts at this kata, newest first"),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, "When"), h("th", { scope: "col" }, "Mode"),
        h("th", { scope: "col" }, "Result"), h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Open")))),
      h("tbody", null, items.map((s) => {
        const result = s.status === "done" && s.score !== null
          ? h("span", { class: s.score === 1 ? "ok" : "notok" },
              h("span", { "aria-hidden": "true" }, s.score === 1 ? "✓ " : "✗ "), percent(s.score))
          : h("span", { class: "muted" }, s.status);
        return h("tr", { "data-submission": s.id },
          h("td", null, h("time", { datetime: s.created_at, title: new Date(s.created_at).toLocaleString() }, relativeTime(s.created_at))),
          h("td", null, s.mode === "submit" ? "Submit" : "Run"),
          h("td", null, result),
          h("td", null, h("button", { type: "button", class: "link-button", onclick: () => this.on.open(s.id),
            "aria-label": `Open the ${s.mode} from ${new Date(s.created_at).toLocaleString()}` }, "Open")));
      }))));
  }
}
