import { test } from "node:test";
import assert from "node:assert/strict";
import { deflateSync } from "node:zlib";
import { decodePng, distinctColours, inkFraction } from "../../src/render/png";
import { CHROMIUM_FLAGS, chromiumPath } from "../../src/render/browser";

/** Encode an 8-bit PNG in the test (independently of the decoder): each row uses filter `y % 5`. */
function encodePng(width: number, height: number, colourType: number, px: Uint8Array, palette?: Uint8Array): Buffer {
  const ch = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colourType];
  const stride = width * ch;
  const raw = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const f = y % 5;
    raw[y * (stride + 1)] = f;
    for (let i = 0; i < stride; i++) {
      const x = px[y * stride + i];
      const a = i >= ch ? px[y * stride + i - ch] : 0;
      const b = y > 0 ? px[(y - 1) * stride + i] : 0;
      const c = y > 0 && i >= ch ? px[(y - 1) * stride + i - ch] : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][f];
      raw[y * (stride + 1) + 1 + i] = (x - pred) & 255;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, "latin1"), data, Buffer.alloc(4)]); // CRC not checked
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 8; ihdr[9] = colourType;
  const parts = [Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr)];
  if (palette) parts.push(chunk("PLTE", Buffer.from(palette)));
  // split the data over two IDAT chunks, as encoders may
  const z = deflateSync(raw);
  parts.push(chunk("IDAT", z.subarray(0, z.length >> 1)), chunk("IDAT", z.subarray(z.length >> 1)), chunk("IEND", Buffer.alloc(0)));
  return Buffer.concat(parts);
}

function pseudoPixels(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) { s = (s * 1103515245 + 12345) >>> 0; out[i] = s >>> 24; }
  return out;
}

test("decodePng inverts all five row filters for RGBA, RGB, grey, grey+alpha and palette images", () => {
  const w = 7, h = 10;
  for (const ct of [6, 2, 0, 4]) {
    const ch = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[ct];
    const px = pseudoPixels(w * h * ch, ct + 1);
    const img = decodePng(encodePng(w, h, ct, px));
    assert.equal(img.width, w);
    assert.equal(img.height, h);
    for (let k = 0; k < w * h; k++) {
      const rgba = Array.from(img.rgba.subarray(k * 4, k * 4 + 4));
      const want = ct === 6 ? Array.from(px.subarray(k * 4, k * 4 + 4))
        : ct === 2 ? [px[k * 3], px[k * 3 + 1], px[k * 3 + 2], 255]
        : ct === 0 ? [px[k], px[k], px[k], 255]
        : [px[k * 2], px[k * 2], px[k * 2], px[k * 2 + 1]];
      assert.deepEqual(rgba, want, `colour type ${ct}, pixel ${k}`);
    }
  }
  const palette = Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255);
  const idx = Uint8Array.from({ length: 12 }, (_, i) => i % 3);
  const img = decodePng(encodePng(4, 3, 3, idx, palette));
  assert.deepEqual(Array.from(img.rgba.subarray(4, 8)), [0, 255, 0, 255]);
  assert.equal(distinctColours(img), 3);
});

test("distinctColours and inkFraction: 1 colour and no ink for a blank image", () => {
  const blank = decodePng(encodePng(5, 5, 2, new Uint8Array(75).fill(255)));
  assert.equal(distinctColours(blank), 1);
  assert.equal(inkFraction(blank), 0);
  const px = new Uint8Array(75).fill(255);
  px.set([0, 0, 0], 3 * 12); // one black pixel in the middle
  const dot = decodePng(encodePng(5, 5, 2, px));
  assert.equal(distinctColours(dot), 2);
  assert.equal(inkFraction(dot), 1 / 25);
});

test("decodePng rejects what it cannot read", () => {
  assert.throws(() => decodePng(Buffer.from("not a png at all")), /bad signature/);
  const png = encodePng(2, 2, 2, new Uint8Array(12));
  png[8 + 8 + 8] = 16; // IHDR bit depth
  assert.throws(() => decodePng(png), /bit depth 16/);
});

test("decodePng reads Chromium's own screenshots pixel-exactly (an encoder we did not write)", async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_FLAGS] });
  try {
    const page = await browser.newPage({ viewport: { width: 40, height: 20 } });
    await page.setContent(`<body style="margin:0"><div style="display:flex"><div style="width:20px;height:20px;background:rgb(200,30,60)"></div><div style="width:20px;height:20px;background:rgb(10,120,250)"></div></div></body>`);
    const img = decodePng(await page.screenshot({ type: "png" }));
    assert.equal(img.width, 40);
    assert.equal(img.height, 20);
    assert.deepEqual(Array.from(img.rgba.subarray(0, 4)), [200, 30, 60, 255]);
    const right = (10 * 40 + 30) * 4;
    assert.deepEqual(Array.from(img.rgba.subarray(right, right + 4)), [10, 120, 250, 255]);
    assert.equal(distinctColours(img), 2);
  } finally {
    await browser.close();
  }
});
