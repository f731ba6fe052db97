// A kata statement: Markdown with $…$ / $$…$$ maths, rendered with marked and KaTeX, then
// sanitized with DOMPurify. Maths is rendered by KaTeX (trust off), so its output is safe to
// splice in after the sanitizer has seen everything else.

import "katex/dist/katex.min.css";
import DOMPurify from "dompurify";
import katex from "katex";
import { Marked, type TokenizerAndRendererExtension } from "marked";

const formulas: string[] = [];

function math(name: string, display: boolean, pattern: RegExp): TokenizerAndRendererExtension {
  return {
    name,
    level: "inline",
    start: (src: string) => { const i = src.indexOf("$"); return i < 0 ? undefined : i; },
    tokenizer(src: string) {
      const m = pattern.exec(src);
      if (m) return { type: name, raw: m[0], text: m[1].trim(), display };
      return undefined;
    },
    renderer(token) {
      // Display maths is set in display style but rendered inline, inside a block: KaTeX can
      // then break a long equation after a relation or an operator instead of letting it run
      // past the column (where only a scrollbar, easily missed, would reveal the rest).
      const html = katex.renderToString(
        token.display ? `\\displaystyle ${token.text as string}` : token.text as string,
        { displayMode: false, throwOnError: false, trust: false, strict: "ignore" });
      formulas.push(token.display ? `<span class="katex-display math-wrap">${html}</span>` : html);
      return `<span data-formula="${formulas.length - 1}"></span>`;
    },
  };
}

const marked = new Marked({ gfm: true, breaks: false }, {
  extensions: [
    math("displayMath", true, /^\$\$([\s\S]+?)\$\$/),
    math("inlineMath", false, /^\$((?:\\\$|[^$\n])+?)\$(?!\d)/),
  ],
});

export function renderStatement(markdown: string): HTMLElement {
  formulas.length = 0;
  const html = marked.parse(markdown, { async: false }) as string;
  const el = document.createElement("div");
  el.className = "statement prose";
  el.innerHTML = DOMPurify.sanitize(html, { ADD_ATTR: ["data-formula"] });
  for (const span of el.querySelectorAll<HTMLElement>("span[data-formula]")) {
    const i = Number(span.dataset.formula);
    if (Number.isInteger(i) && formulas[i] !== undefined) span.outerHTML = formulas[i];
  }
  for (const a of el.querySelectorAll("a[href^='http']")) {
    a.setAttribute("target", "_blank");
    a.setAttribute("rel", "noopener noreferrer");
  }
  return el;
}
