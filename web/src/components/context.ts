// A kata's read-only context files (a paper's model.py, train.py): tabs beside solution.py, each
// a read-only editor. The box mounts the same files read-only beside the candidate's file, so
// `from model import ...` works there as it reads here (docs/writing-katas.md, "Extend a paper").

import type { ContextFile } from "../api";
import { h } from "../dom";
import { createEditor, type Editor } from "./editor";
import { tabs } from "./workbench";

let instances = 0; // tab ids stay unique when a page holds several workbenches (interviews)

/** The solution's editor host as the first tab, then one read-only tab per context file; just
 *  the host when there are none. */
export function withContextFiles(solution: HTMLElement, files: ContextFile[],
    keys: { onRun(): void; onSubmit(): void }): { el: HTMLElement; editors: Editor[] } {
  if (files.length === 0) return { el: solution, editors: [] };
  const prefix = `file${++instances}`;
  const editors: Editor[] = [];
  const items = [{ id: `${prefix}-solution`, label: "solution.py", panel: h("div", null, solution) }];
  for (const f of files) {
    const host = h("div", { class: "editor-host context-file", "data-context-file": f.name });
    const editor = createEditor(host, f.text, {
      label: `${f.name} (read-only context file)`, onChange: () => undefined, ...keys });
    editor.setReadOnly(true);
    editors.push(editor);
    items.push({ id: `${prefix}-${f.name.replace(/\W/g, "-")}`, label: `${f.name} (read-only)`,
      panel: h("div", null, host) });
  }
  const t = tabs(items, { label: "Files",
    onSelect: () => editors.forEach((e) => e.view.requestMeasure()) });
  t.el.classList.add("file-tabs");
  return { el: t.el, editors };
}
