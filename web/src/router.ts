// Client-side routes: "/" the catalogue, "/katas/<id>" one kata. The server answers every
// non-API path with index.html, so these URLs survive a reload.

export type Route = { page: "catalogue" } | { page: "kata"; id: string } | { page: "missing" };

export function parse(path: string): Route {
  if (path === "/" || path === "") return { page: "catalogue" };
  const m = /^\/katas\/([a-z0-9][a-z0-9-]*)\/?$/.exec(path);
  if (m) return { page: "kata", id: m[1] };
  return { page: "missing" };
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
