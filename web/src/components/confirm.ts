// A modal confirmation built on <dialog>: focus is trapped and Escape cancels natively.

import { h } from "../dom";

export function confirmDialog(title: string, text: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const cancel = h("button", { type: "button", class: "button", value: "cancel" }, "Cancel");
    const ok = h("button", { type: "button", class: "button danger", value: "ok" }, confirmLabel);
    const dialog = h("dialog", { class: "confirm", "aria-labelledby": "confirm-title" },
      h("h2", { id: "confirm-title" }, title), h("p", null, text),
      h("div", { class: "dialog-actions" }, cancel, ok));
    const close = (answer: boolean) => { dialog.close(); dialog.remove(); resolve(answer); };
    cancel.addEventListener("click", () => close(false));
    ok.addEventListener("click", () => close(true));
    dialog.addEventListener("cancel", (e) => { e.preventDefault(); close(false); });
    document.body.appendChild(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
