import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { InputError } from "../core/errors";
import type { PlotlyFigure } from "../figures/types";
import { plotlyBundle } from "../notebook/plotly-html";

/**
 * Static images of plotly figures through headless Debian Chromium driven by playwright-core (never
 * a downloaded browser). One browser and one page with plotly.js loaded are reused for many figures.
 */

/**
 * Where Chromium is: `$BSIG_CHROMIUM`, else Debian's `/usr/bin/chromium`.
 *
 * @example
 *   chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_FLAGS] })
 */
export function chromiumPath(): string {
  return process.env.BSIG_CHROMIUM || "/usr/bin/chromium";
}

/**
 * Chromium flags for a closed network: no background networking, updates, sync or QUIC (without
 * them Chromium keeps trying to reach Google's hosts), no GPU, no sandbox (root in containers).
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--disable-dev-shm-usage", "--hide-scrollbars",
];

/** Options of {@link FigureRenderer.render}. */
export interface RenderOptions {
  format?: "png" | "svg";
  /** Size in CSS pixels (default: the spec's layout width/height, else 700 x 450). */
  width?: number;
  height?: number;
  /** Device pixel ratio for PNG (default 2: sharp text). */
  scale?: number;
}

/** A running browser that turns figure specs into PNG bytes or SVG text. */
export interface FigureRenderer {
  /** PNG bytes (format "png") or UTF-8 SVG bytes (format "svg"). */
  render(fig: PlotlyFigure, opts?: RenderOptions): Promise<Buffer>;
  close(): Promise<void>;
}

// Runs in the page: draw into a fresh div, export with Plotly.toImage, clean up.
const PAGE_HELPER = `
window.__bsigRender = async function (fig, o) {
  var div = document.createElement("div");
  div.style.width = o.width + "px"; div.style.height = o.height + "px";
  document.body.appendChild(div);
  try {
    var layout = Object.assign({}, fig.layout, { width: o.width, height: o.height });
    var config = Object.assign({}, fig.config || {}, { staticPlot: true, displayModeBar: false });
    await window.Plotly.newPlot(div, fig.data, layout, config);
    return await window.Plotly.toImage(div, { format: o.format, width: o.width, height: o.height, scale: o.scale });
  } finally {
    window.Plotly.purge(div);
    div.remove();
  }
};`;

/**
 * Start Chromium (fresh temporary profile, closed-network flags) with plotly.js loaded in one page.
 *
 * @example
 *   const r = await launchRenderer();
 *   try { writeFileSync("fig.png", await r.render(fig)); } finally { await r.close(); }
 */
export async function launchRenderer(): Promise<FigureRenderer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "bsig-chromium-"));
  let browser: Browser | null = null;
  const cleanup = async () => {
    if (browser) await browser.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: [...CHROMIUM_FLAGS, `--disk-cache-dir=${join(profile, "cache")}`],
      env: { ...process.env, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile, HOME: profile },
    });
    const page: Page = await browser.newPage();
    page.setDefaultTimeout(120_000);
    await page.route(/^(https?|wss?):/, (route) => route.abort());
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0;background:#fff"></body></html>`);
    await page.addScriptTag({ content: plotlyBundle() });
    await page.addScriptTag({ content: PAGE_HELPER });
  } catch (e) {
    await cleanup();
    throw new InputError(chromiumPath(), `cannot start Chromium for figure rendering (${(e as Error).message.split("\n")[0]}); install Debian's chromium, set BSIG_CHROMIUM, or skip PNGs (bsig study --no-png)`);
  }
  const page = browser.contexts()[0].pages()[0];
  return {
    async render(fig: PlotlyFigure, opts: RenderOptions = {}): Promise<Buffer> {
      const o = {
        format: opts.format ?? "png",
        width: opts.width ?? (typeof fig.layout.width === "number" ? fig.layout.width : 700),
        height: opts.height ?? (typeof fig.layout.height === "number" ? fig.layout.height : 450),
        scale: opts.format === "svg" ? 1 : opts.scale ?? 2,
      };
      const url = await page.evaluate(([f, oo]) => (globalThis as unknown as { __bsigRender(a: unknown, b: unknown): Promise<string> }).__bsigRender(f, oo), [fig, o] as const);
      return dataUrlBytes(url);
    },
    close: cleanup,
  };
}

/**
 * Run `fn` with a renderer and always close the browser afterwards.
 *
 * @example
 *   const png = await withRenderer((r) => r.render(fig));
 */
export async function withRenderer<T>(fn: (r: FigureRenderer) => Promise<T>): Promise<T> {
  const r = await launchRenderer();
  try {
    return await fn(r);
  } finally {
    await r.close();
  }
}

/**
 * Bytes of a `data:` URL (base64 or percent-encoded, as Plotly.toImage returns for PNG and SVG).
 *
 * @example
 *   dataUrlBytes("data:image/svg+xml,%3Csvg%3E").toString()  // "<svg>"
 */
export function dataUrlBytes(url: string): Buffer {
  const comma = url.indexOf(",");
  if (!url.startsWith("data:") || comma < 0) throw new Error(`not a data URL: ${url.slice(0, 40)}`);
  const head = url.slice(5, comma), body = url.slice(comma + 1);
  return head.endsWith(";base64") ? Buffer.from(body, "base64") : Buffer.from(decodeURIComponent(body), "utf8");
}
