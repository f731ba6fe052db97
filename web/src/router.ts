// The client-side router: what a page is, matching a path against the route table
// (routes.ts), and navigation without reloads. The server answers every non-API path with
// index.html, so these URLs survive a reload.

/** A rendered page; `dispose` stops its timers and listeners when the route changes. */
export interface Page { el: HTMLElement; title: string; dispose?(): void }

/** One entry of the route table: a path pattern and how to build its page from the match. */
export interface Route {
  name: string;
  pattern: RegExp;
  load(params: string[]): Promise<Page>;
}

export interface Match { route: Route; params: string[] }

export function match(table: Route[], path: string): Match | null {
  for (const route of table) {
    const m = route.pattern.exec(path);
    if (m) return { route, params: m.slice(1) };
  }
  return null;
}

export function navigate(path: string): void {
  if (path === location.pathname + location.search) return;
  history.pushState(null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

/** Links marked data-link navigate without reloading the page. */
export function interceptLinks(): void {
  document.addEventListener("click", (e) => {
    const a = (e.target as Element).closest?.("a[data-link]") as HTMLAnchorElement | null;
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    navigate(a.getAttribute("href") ?? "/");
  });
}
