import "katex/dist/katex.min.css";
import "./styles.css";
import { mount, h } from "./dom";
import { interceptLinks, parse } from "./router";
import { cataloguePage } from "./pages/catalogue";
import { kataPage } from "./pages/kata";
import { interviewRoute } from "./pages/interviewRoutes";

export interface Page { el: HTMLElement; title: string; dispose?(): void }

const main = document.getElementById("main")!;
let current: Page | null = null;

async function render(): Promise<void> {
  current?.dispose?.();
  current = null;
  const route = parse(location.pathname);
  let page: Page;
  const interview = interviewRoute(location.pathname);
  try {
    page = interview ? await interview()
      : route.page === "catalogue" ? await cataloguePage()
      : route.page === "kata" ? await kataPage(route.id)
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
  document.body.dataset.page = route.page;
}

interceptLinks();
window.addEventListener("popstate", () => { void render(); });
void render();
