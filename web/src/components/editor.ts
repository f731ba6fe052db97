// The code editor: CodeMirror 6 with Python, 4-space indentation, bracket matching, search,
// undo. Tab indents; Escape then Tab moves focus out (CodeMirror's keyboard escape hatch).

import { basicSetup } from "codemirror";
import { indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { indentUnit } from "@codemirror/language";
import { Compartment, EditorState, Prec } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";

export interface Editor {
  view: EditorView;
  get(): string;
  set(code: string): void;
  focus(): void;
  /** Read-only: the text stays selectable and copyable, typing does nothing. */
  setReadOnly(on: boolean): void;
  /** Put the cursor at the start of line `n` (1-based, clamped), scrolled into view. */
  goToLine(n: number): void;
}

export function createEditor(parent: HTMLElement, doc: string, opts: {
  label: string; onChange(code: string): void; onRun(): void; onSubmit(): void;
}): Editor {
  const runKeys = Prec.highest(keymap.of([
    { key: "Mod-Enter", run: () => { opts.onRun(); return true; } },
    { key: "Shift-Mod-Enter", run: () => { opts.onSubmit(); return true; } },
  ]));
  const readOnly = new Compartment();
  const lockedTo = (on: boolean) => [EditorState.readOnly.of(on), EditorView.editable.of(!on)];
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        runKeys,
        readOnly.of(lockedTo(false)),
        basicSetup,
        keymap.of([indentWithTab]),
        python(),
        indentUnit.of("    "),
        EditorState.tabSize.of(4),
        EditorView.contentAttributes.of({ "aria-label": opts.label }),
        EditorView.updateListener.of((u) => { if (u.docChanged) opts.onChange(u.state.doc.toString()); }),
      ],
    }),
  });
  return {
    view,
    get: () => view.state.doc.toString(),
    set: (code) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } }),
    focus: () => view.focus(),
    setReadOnly: (on) => view.dispatch({ effects: readOnly.reconfigure(lockedTo(on)) }),
    goToLine: (n) => {
      const line = view.state.doc.line(Math.min(Math.max(1, n), view.state.doc.lines));
      view.dispatch({ selection: { anchor: line.from, head: line.to }, scrollIntoView: true });
      view.focus();
    },
  };
}
