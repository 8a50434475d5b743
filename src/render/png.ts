import { inflateSync } from "node:zlib";

/** A decoded 8-bit PNG: RGBA pixels, row-major, 4 bytes per pixel. */
export interface DecodedPng {
  width: number;
  height: number;
  rgba: Uint8Array;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/**
 * Decode a non-interlaced 8-bit PNG (colour types 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA:
 * what Chromium and most tools write) into RGBA pixels, with node:zlib for the IDAT stream and the
 * five PNG row filters (None, Sub, Up, Average, Paeth; Paeth predictor p = a + b − c, pick the
 * neighbour nearest p). Throws on anything else (16-bit, interlaced, bad signature).
 *
 * @example
 *   const { width, height } = decodePng(readFileSync("fig.png"));
 */
export function decodePng(buf: Uint8Array): DecodedPng {
  for (let i = 0; i < 8; i++) if (buf[i] !== SIGNATURE[i]) throw new Error("decodePng: not a PNG (bad signature)");
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 8, width = 0, height = 0, depth = 0, colourType = 0, interlace = 0;
  let palette: Uint8Array | null = null, trns: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  while (pos + 8 <= buf.length) {
    const len = view.getUint32(pos);
    const type = String.fromCharCode(buf[pos + 4], buf[pos + 5], buf[pos + 6], buf[pos + 7]);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === "IHDR") {
      width = view.getUint32(pos + 8); height = view.getUint32(pos + 12);
      depth = buf[pos + 16]; colourType = buf[pos + 17]; interlace = buf[pos + 20];
    } else if (type === "PLTE") palette = data;
    else if (type === "tRNS") trns = data;
    else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
    pos += 12 + len;
  }
  if (depth !== 8) throw new Error(`decodePng: bit depth ${depth} is not supported (only 8)`);
  if (interlace !== 0) throw new Error("decodePng: interlaced PNGs are not supported");
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colourType];
  if (!channels) throw new Error(`decodePng: colour type ${colourType} is not supported`);
  if (colourType === 3 && !palette) throw new Error("decodePng: palette image without PLTE");
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new Error("decodePng: image data too short");
  const px = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = px.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? px.subarray((y - 1) * stride, y * stride) : null;
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? row[i - channels] : 0;
      const b = prev ? prev[i] : 0;
      const c = prev && i >= channels ? prev[i - channels] : 0;
      let v = src[i];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new Error(`decodePng: unknown filter ${filter} in row ${y}`);
      row[i] = v & 255;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let k = 0; k < width * height; k++) {
    const o = k * 4, s = k * channels;
    if (colourType === 6) { rgba.set(px.subarray(s, s + 4), o); continue; }
    if (colourType === 2) { rgba[o] = px[s]; rgba[o + 1] = px[s + 1]; rgba[o + 2] = px[s + 2]; rgba[o + 3] = 255; continue; }
    if (colourType === 3) {
      const idx = px[s];
      rgba[o] = palette![idx * 3]; rgba[o + 1] = palette![idx * 3 + 1]; rgba[o + 2] = palette![idx * 3 + 2];
      rgba[o + 3] = trns && idx < trns.length ? trns[idx] : 255;
      continue;
    }
    rgba[o] = rgba[o + 1] = rgba[o + 2] = px[s];
    rgba[o + 3] = colourType === 4 ? px[s + 1] : 255;
  }
  return { width, height, rgba };
}

/**
 * Number of distinct RGBA colours in a decoded image. A blank or failed render has 1–2; a real
 * plot with text, axes and a colour scale has hundreds.
 *
 * @example
 *   distinctColours(decodePng(png)) > 50
 */
export function distinctColours(img: DecodedPng): number {
  const seen = new Set<number>();
  const v = new DataView(img.rgba.buffer, img.rgba.byteOffset, img.rgba.byteLength);
  for (let o = 0; o + 4 <= img.rgba.length; o += 4) seen.add(v.getUint32(o));
  return seen.size;
}

/**
 * Fraction of pixels that differ from the top-left pixel (the background): 0 for a blank image.
 *
 * @example
 *   inkFraction(decodePng(png)) > 0.02
 */
export function inkFraction(img: DecodedPng): number {
  const n = img.width * img.height;
  if (n === 0) return 0;
  const v = new DataView(img.rgba.buffer, img.rgba.byteOffset, img.rgba.byteLength);
  const bg = v.getUint32(0);
  let ink = 0;
  for (let o = 0; o + 4 <= img.rgba.length; o += 4) if (v.getUint32(o) !== bg) ink++;
  return ink / n;
}
