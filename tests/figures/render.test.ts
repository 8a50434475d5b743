import { test } from "node:test";
import assert from "node:assert/strict";
import { launchRenderer, withRenderer } from "../../src/render/browser";
import { InputError } from "../../src/core/errors";
import { decodePng, distinctColours, inkFraction, type DecodedPng } from "../../src/render/png";
import { heatmapFigure } from "../../src/figures/heatmap";

function hasColour(img: DecodedPng, r: number, g: number, b: number): boolean {
  for (let o = 0; o < img.rgba.length; o += 4) if (img.rgba[o] === r && img.rgba[o + 1] === g && img.rgba[o + 2] === b) return true;
  return false;
}

test("a heatmap renders to a non-blank PNG through Chromium, with both ends of the -1..1 scale", async () => {
  const labels = ["a", "b", "c", "d"];
  const values = Float64Array.of(1, -1, 0.5, 0, -1, 1, 0.2, 0.3, 0.5, 0.2, 1, -0.4, 0, 0.3, -0.4, 1);
  const fig = heatmapFigure({ labels, values }, { title: "render check", categories: { a: "x", b: "x", c: "y", d: "y" }, width: 500, height: 460 });
  const { png, svg, blank } = await withRenderer(async (r) => ({
    png: await r.render(fig),
    svg: (await r.render(fig, { format: "svg" })).toString("utf8"),
    blank: await r.render({ data: [], layout: { xaxis: { visible: false }, yaxis: { visible: false } } }, { width: 300, height: 200, scale: 1 }),
  }));
  const img = decodePng(png);
  assert.equal(img.width, 1000); // scale 2
  assert.equal(img.height, 920);
  const colours = distinctColours(img);
  assert.ok(colours > 200, `only ${colours} distinct colours: the render looks blank`);
  assert.ok(inkFraction(img) > 0.1, `ink fraction ${inkFraction(img)}`);
  assert.ok(hasColour(img, 0x67, 0x00, 0x1f), "no cell in the +1 colour (#67001f)");
  assert.ok(hasColour(img, 0x05, 0x30, 0x61), "no cell in the -1 colour (#053061)");
  assert.match(svg, /^<svg[\s\S]*render check[\s\S]*<\/svg>$/);
  // the check can fail: an empty figure is (nearly) one colour
  const b = decodePng(blank);
  assert.ok(distinctColours(b) <= 3, `blank figure has ${distinctColours(b)} colours`);
  assert.ok(inkFraction(b) < 0.01);
});

test("a missing Chromium is an input error that names the binary and the way out", async () => {
  const saved = process.env.BSIG_CHROMIUM;
  process.env.BSIG_CHROMIUM = "/nonexistent/chromium";
  try {
    await assert.rejects(launchRenderer(), (e: unknown) =>
      e instanceof InputError && e.file === "/nonexistent/chromium" && /--no-png/.test(e.message));
  } finally {
    if (saved === undefined) delete process.env.BSIG_CHROMIUM; else process.env.BSIG_CHROMIUM = saved;
  }
});
