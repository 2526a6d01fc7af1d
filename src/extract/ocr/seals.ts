// Official seals on a grey or 1-bit scan: a ring about 4 cm across with a star at its centre,
// stamped over the text (a colour scan loses them by their red: render.ts grayOf). Left in,
// the ring is a block of strokes to tesseract's layout analysis and its arcs become stray
// characters. A seal is found as a connected stroke, on a small copy of the page, that is
// round (square box, its ink near one circle all the way round); the ring's pixels and the
// small mark at its centre are painted out. Text under the ring loses what the ring covered.
// A seal over a dense table joins its cells' text into one shape and is not found: there
// only its colour can tell it (a colour scan).

import type { GrayImage } from './image.ts';

export interface Seal {
  /** Centre and radius, in the page's pixels. */
  readonly cx: number;
  readonly cy: number;
  readonly r: number;
}

/** Seals are 3.5–5 cm across: as inches, a little under and over that. */
const MIN_IN = 1.0;
const MAX_IN = 2.4;

/** Find the seals of a page and paint them white, in place. */
export function removeSeals(img: GrayImage, dpi: number, thr: number): Seal[] {
  // (About 100 dpi: the characters of a line stay apart, so text the ring runs through joins
  // it by a few characters only.)
  const f = Math.max(1, Math.round(dpi / 100));
  const w = Math.floor(img.width / f);
  const h = Math.floor(img.height / f);
  // Any ink in an f×f block marks the small pixel: a thin ring stays closed.
  const small = new Uint8Array(w * h);
  for (let y = 0; y < h * f; y++) {
    const row = y * img.width;
    const sy = Math.floor(y / f) * w;
    for (let x = 0; x < w * f; x++) if (img.data[row + x]! <= thr) small[sy + Math.floor(x / f)] = 1;
  }
  // Straight runs longer than a seal's arcs can be, an inch and more (a table's rules, which
  // would join a seal stamped over a table to the whole grid), are left out of the small copy.
  const long = Math.round((1.1 * dpi) / f);
  const keep = new Uint8Array(small);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; ) {
      if (!small[y * w + x]) {
        x++;
        continue;
      }
      let e = x;
      while (e < w && small[y * w + e]) e++;
      if (e - x >= long) keep.fill(0, y * w + x, y * w + e);
      x = e;
    }
  }
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; ) {
      if (!small[y * w + x]) {
        y++;
        continue;
      }
      let e = y;
      while (e < h && small[e * w + x]) e++;
      if (e - y >= long) for (let k = y; k < e; k++) keep[k * w + x] = 0;
      y = e;
    }
  }
  small.set(keep);
  // Connected components (8-connected), by union-find over the runs of each row.
  const parent = new Int32Array(w * h).fill(-1);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!small[i]) continue;
      parent[i] = i;
      const join = (j: number): void => {
        if (parent[j]! < 0) return;
        const a = find(i);
        const b = find(j);
        if (a !== b) parent[a] = b;
      };
      if (x > 0) join(i - 1);
      if (y > 0) {
        join(i - w);
        if (x > 0) join(i - w - 1);
        if (x + 1 < w) join(i - w + 1);
      }
    }
  }
  interface Comp {
    x0: number;
    y0: number;
    x1: number;
    y1: number;
    pts: number[];
  }
  const comps = new Map<number, Comp>();
  for (let i = 0; i < w * h; i++) {
    if (parent[i]! < 0) continue;
    const r = find(i);
    const x = i % w;
    const y = (i / w) | 0;
    const c = comps.get(r);
    if (c) {
      c.x0 = Math.min(c.x0, x);
      c.x1 = Math.max(c.x1, x);
      c.y0 = Math.min(c.y0, y);
      c.y1 = Math.max(c.y1, y);
      c.pts.push(i);
    } else comps.set(r, { x0: x, y0: y, x1: x, y1: y, pts: [i] });
  }
  const minPx = (MIN_IN * dpi) / f;
  const maxPx = (MAX_IN * dpi) / f;
  const seals: Seal[] = [];
  for (const c of comps.values()) {
    const bw = c.x1 - c.x0 + 1;
    const bh = c.y1 - c.y0 + 1;
    if (bw < minPx || bw > maxPx || bh < minPx || bh > maxPx || bw > 1.25 * bh || bh > 1.25 * bw) continue;
    const cx = (c.x0 + c.x1) / 2;
    const cy = (c.y0 + c.y1) / 2;
    const r = (bw + bh) / 4;
    // Round: most of its ink near the circle, and the circle inked all the way round.
    let near = 0;
    const sectors = new Uint8Array(36);
    for (const i of c.pts) {
      const dx = (i % w) - cx;
      const dy = ((i / w) | 0) - cy;
      if (Math.abs(Math.hypot(dx, dy) - r) <= Math.max(1.5, 0.15 * r)) {
        near++;
        sectors[Math.floor(((Math.atan2(dy, dx) + Math.PI) / (2 * Math.PI)) * 36) % 36] = 1;
      }
    }
    const round = sectors.reduce((a, b) => a + b, 0);
    if (near < 0.4 * c.pts.length || round < 32) continue;
    seals.push({ cx: (cx + 0.5) * f, cy: (cy + 0.5) * f, r: r * f });
  }
  for (const s of seals) paintSeal(img, s, f, thr);
  return seals;
}

/** Paint a seal's ring (its stroke, measured) and the mark at its centre white. */
function paintSeal(img: GrayImage, s: Seal, f: number, thr: number): void {
  const { width: w, height: h, data } = img;
  const band = Math.max(2 * f, 0.15 * s.r);
  const x0 = Math.max(0, Math.floor(s.cx - s.r - band));
  const x1 = Math.min(w - 1, Math.ceil(s.cx + s.r + band));
  const y0 = Math.max(0, Math.floor(s.cy - s.r - band));
  const y1 = Math.min(h - 1, Math.ceil(s.cy + s.r + band));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const d = Math.hypot(x - s.cx, y - s.cy);
      // The ring, and the star: what is inked within a fifth of the radius of the centre and
      // reaches no further than two fifths.
      if (Math.abs(d - s.r) <= band || (d <= 0.4 * s.r && data[y * w + x]! <= thr && starAt(img, s, thr))) data[y * w + x] = 255;
    }
  }
}

const starCache = new WeakMap<Seal, boolean>();

/** The centre mark of a seal: ink within a fifth of the radius, none in a ring beyond it. */
function starAt(img: GrayImage, s: Seal, thr: number): boolean {
  const hit = starCache.get(s);
  if (hit !== undefined) return hit;
  let inner = 0;
  let outer = 0;
  for (let a = 0; a < 72; a++) {
    const t = (a / 72) * 2 * Math.PI;
    for (const [k, count] of [
      [0.15, (n: number) => (inner += n)],
      [0.5, (n: number) => (outer += n)],
    ] as const) {
      const x = Math.round(s.cx + Math.cos(t) * k * s.r);
      const y = Math.round(s.cy + Math.sin(t) * k * s.r);
      if (x >= 0 && y >= 0 && x < img.width && y < img.height && img.data[y * img.width + x]! <= thr) count(1);
    }
  }
  // A star's arms cross a small circle about its centre often; the ring's inside beyond is
  // clear unless text runs there, in which case the middle is left alone.
  const star = inner >= 8 && outer <= 12;
  starCache.set(s, star);
  return star;
}
