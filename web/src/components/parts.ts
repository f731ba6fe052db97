// Follow-up parts (docs/writing-katas.md, "Follow-up parts") as steps above the statement:
// part 1, part 2 ... each a button; a locked one is greyed with "pass part n-1 to unlock",
// and its statement is never fetched (the server withholds it until it unlocks). When a part
// unlocks, the steps say so, select it, and its stub additions are appended to the editor.

import type { PartDetail, PartInfo } from "../api";
import { h, mount } from "../dom";

export interface PartSource {
  list(): Promise<PartInfo[]>;
  detail(part: number): Promise<PartDetail>;
  /** A part was selected: show its statement; `fresh` when it just unlocked. */
  show(part: number, detail: PartDetail | null, fresh: boolean): void;
}

export class PartSteps {
  readonly el: HTMLElement = h("ol", { class: "part-steps", "aria-label": "Parts", "data-testid": "part-steps" });
  private readonly note = h("p", { class: "part-note", role: "status", "aria-live": "polite" });
  readonly wrap: HTMLElement = h("div", { class: "parts" }, this.el, this.note);
  current = 1;
  private states: PartInfo[] = [];
  private readonly details = new Map<number, PartDetail>();

  constructor(private readonly src: PartSource) {}

  /** Reload the unlock state; a part that unlocked since the last call is announced and selected. */
  async refresh(): Promise<void> {
    const before = new Set(this.states.filter((p) => p.unlocked).map((p) => p.part));
    this.states = await this.src.list();
    this.render();
    const fresh = this.states.filter((p) => p.unlocked && before.size > 0 && !before.has(p.part));
    if (fresh.length) {
      const p = fresh[fresh.length - 1];
      this.note.textContent = `Part ${p.part} unlocked${p.unlocked_by === "interviewer" ? " by your interviewer" : ""}.`;
      await this.select(p.part, true);
    }
  }

  /** The highest unlocked part (where a returning candidate picks up). */
  latest(): number {
    return Math.max(1, ...this.states.filter((p) => p.unlocked).map((p) => p.part));
  }

  async select(part: number, fresh = false): Promise<void> {
    const state = this.states.find((p) => p.part === part);
    if (!state?.unlocked) return;
    this.current = part;
    this.render();
    if (part === 1) { this.src.show(1, null, fresh); return; }
    let detail = this.details.get(part);
    if (!detail) { detail = await this.src.detail(part); this.details.set(part, detail); }
    this.src.show(part, detail, fresh);
  }

  private render(): void {
    mount(this.el, ...this.states.map((p) => {
      const label = p.unlocked ? (p.title ?? `Part ${p.part}`) : `Part ${p.part}`;
      return h("li", { class: `part-step${p.unlocked ? "" : " locked"}${p.part === this.current ? " current" : ""}` },
        h("button", {
          type: "button", class: "part-button", "data-part": String(p.part),
          "aria-current": p.part === this.current ? "step" : "false",
          "aria-disabled": p.unlocked ? "false" : "true",
          onclick: () => void this.select(p.part),
        }, h("span", { class: "part-number" }, String(p.part)), " ",
          p.part === 1 && p.unlocked ? "Part 1" : label),
        p.unlocked ? null : h("span", { class: "part-lock muted" }, `pass part ${p.part - 1} to unlock`));
    }));
  }
}

/** The stub additions appended to `code`, unless it already defines them. */
export function withPartStub(code: string, stub: string): string {
  const firstDef = /^def\s+(\w+)/m.exec(stub);
  if (firstDef && new RegExp(`^def\\s+${firstDef[1]}\\b`, "m").test(code)) return code;
  return `${code.trimEnd()}\n\n\n${stub.trimStart()}`;
}
