// Interviewer sign-in (accounts come from `katagrad interviewer add NAME`).

import { interviewer, type ApiError } from "../api";
import { h } from "../dom";
import { navigate, type Page } from "../router";
import "./interview.css";

export async function loginPage(): Promise<Page> {
  const name = h("input", { id: "login-name", name: "username", autocomplete: "username", required: true });
  const password = h("input", { id: "login-password", type: "password", name: "password",
                                autocomplete: "current-password", required: true });
  const error = h("p", { class: "form-error", role: "alert" });
  const form = h("form", { class: "iv-form narrow", onsubmit: async (e: Event) => {
    e.preventDefault();
    error.textContent = "";
    try {
      await interviewer.login(name.value, password.value);
      navigate("/interviewer");
    } catch (err) {
      error.textContent = (err as ApiError).status === 403 ? "Wrong name or password." : String((err as Error).message);
    }
  } },
    h("label", { for: "login-name" }, "Name"), name,
    h("label", { for: "login-password" }, "Password"), password,
    h("button", { type: "submit", class: "button primary" }, "Sign in"), error);
  return { el: h("section", { class: "iv-page narrow" }, h("h1", null, "Interviewer sign-in"),
    h("p", { class: "muted" }, "Accounts are created by an administrator with ", h("code", null, "katagrad interviewer add NAME"), "."),
    form), title: "Interviewer sign-in" };
}
