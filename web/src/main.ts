import "./styles.css";
import { mount, h } from "./dom";
import { interceptLinks, match, type Page } from "./router";
import { ROUTES } from "./routes";

const main = document.getElementById("main")!;
let current: Page | null = null;

async function render(): Promise<void> {
  current?.dispose?.();
  current = null;
  const found = match(ROUTES, location.pathname);
  let page: Page;
  try {
    page = found ? await found.route.load(found.params)
      : { el: h("section", { class: "empty-page" }, h("h1", null, "Page not found"),
                 h("p", null, h("a", { href: "/", "data-link": true }, "Back to the katas"))),
          title: "Not found" };
  } catch (err) {
    page = { el: h("section", { class: "empty-page" }, h("h1", null, "Could not load this page"),
                   h("p", { role: "alert" }, String((err as Error).message)),
                   h("p", null, h("a", { href: "/", "data-link": true }, "Back to the katas"))),
             title: "Error" };
  }
  current = page;
  document.title = `${page.title} · katagrad`;
  mount(main, page.el);
  document.body.dataset.page = found?.route.name ?? "missing";
}

interceptLinks();
window.addEventListener("popstate", () => { void render(); });
void render();
