import { escapeHtml } from "./table";

/**
 * A small, safe markdown-to-HTML converter for report prose (the text steps write). Supported:
 * `#`–`####` headings, paragraphs, `-`/`*` and `1.` lists, `>` quotes, fenced code blocks, inline
 * `code`, `**bold**`, `*italic*`, `[text](url)` links, `$...$` kept as text. Raw HTML is escaped, never
 * passed through, so prose cannot inject scripts. Links to http(s) stay links (the report itself loads
 * nothing from them).
 *
 * @example
 *   markdownToHtml("Overlaps are **high**.")  // "<p>Overlaps are <strong>high</strong>.</p>"
 */
export function markdownToHtml(md: string): string {
  const lines = md.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  let para: string[] = [];
  let list: { tag: "ul" | "ol"; items: string[] } | null = null;
  let quote: string[] = [];
  const flushPara = () => { if (para.length) out.push(`<p>${inline(para.join(" "))}</p>`); para = []; };
  const flushList = () => { if (list) out.push(`<${list.tag}>${list.items.map((i) => `<li>${inline(i)}</li>`).join("")}</${list.tag}>`); list = null; };
  const flushQuote = () => { if (quote.length) out.push(`<blockquote>${markdownToHtml(quote.join("\n"))}</blockquote>`); quote = []; };
  const flushAll = () => { flushPara(); flushList(); flushQuote(); };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^```/.test(line)) {
      flushAll();
      const code: string[] = [];
      for (i++; i < lines.length && !/^```/.test(lines[i]); i++) code.push(lines[i]);
      out.push(`<pre><code>${escapeHtml(code.join("\n"))}</code></pre>`);
      continue;
    }
    const h = /^(#{1,4})\s+(.*)$/.exec(line);
    const ul = /^\s*[-*]\s+(.*)$/.exec(line);
    const ol = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    const q = /^>\s?(.*)$/.exec(line);
    if (line.trim() === "") { flushAll(); continue; }
    if (h) { flushAll(); out.push(`<h${h[1].length + 2}>${inline(h[2])}</h${h[1].length + 2}>`); continue; }
    if (q) { flushPara(); flushList(); quote.push(q[1]); continue; }
    flushQuote();
    if (ul || ol) {
      flushPara();
      const tag = ul ? "ul" : "ol";
      if (list && list.tag !== tag) flushList();
      if (!list) list = { tag, items: [] };
      list.items.push((ul ?? ol)![1]);
      continue;
    }
    if (list && /^\s{2,}\S/.test(line)) { list.items[list.items.length - 1] += " " + line.trim(); continue; }
    flushList();
    para.push(line.trim());
  }
  flushAll();
  return out.join("\n");
}

/** Inline markdown on one logical line of text (escaped first). */
function inline(text: string): string {
  const codes: string[] = [];
  let s = text.replace(/`([^`]+)`/g, (_, c: string) => `\u0000${codes.push(c) - 1}\u0000`);
  s = escapeHtml(s);
  s = s.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, t: string, url: string) =>
    /^(https?:|#|\.{0,2}\/|[\w.-]+(\/|\.html|$))/.test(url) && !/^javascript:/i.test(url) ? `<a href="${url}">${t}</a>` : t);
  s = s.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
  s = s.replace(/(^|[^*\w])\*([^*\s][^*]*)\*/g, "$1<em>$2</em>");
  return s.replace(/\u0000(\d+)\u0000/g, (_, k: string) => `<code>${escapeHtml(codes[Number(k)])}</code>`);
}
