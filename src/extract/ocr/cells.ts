// Ruled tables in a page image, read cell by cell. Tesseract's page layout reads a table row
// as one text line across the cells, and the language model then runs codes, names and
// amounts together (`2045 6二2人` for `204 | 06 | 01`). So the cells of each ruled table are
// cut out and stacked into one tall strip, one cell per line with wide gaps between, and the
// strip is read as one uniform block of lines (PSM 6: PSM 4 skipped short lines); each word is
// put back where its cell sits.

import type { GrayImage } from './image.ts';
import type { ImageRulings } from './lines.ts';
import { findRuledTables, snapAndJoin, type HSeg, type VSeg } from '../pdf/rulings.ts';

/** A box in image pixels: x0, y0, x1, y1. */
export type PixBox = readonly [number, number, number, number];

export interface CellRegion {
  /** The cell's inside, between its rules. */
  readonly box: PixBox;
}

export interface RuledLayout {
  /** Each table's outer box. */
  readonly tables: readonly PixBox[];
  /** Cells, merged where a rule is missing (spanning header cells), in reading order. */
  readonly cells: readonly CellRegion[];
}

function coverage(a0: number, a1: number, b0: number, b1: number): number {
  const len = b1 - b0;
  return len <= 0 ? 0 : Math.max(0, Math.min(a1, b1) - Math.max(a0, b0)) / len;
}

/**
 * Tables and their cells from ruling lines (pixels). The lattice is found by the text layer's
 * own code (in points, where its tolerances are set); lattice cells with no rule between
 * them are merged as in the text layer's ruled grids.
 */
export function ruledLayout(r: ImageRulings, dpi: number): RuledLayout {
  const k = 72 / dpi;
  const h: HSeg[] = r.h.map((s) => ({ y: s.at * k, x0: s.from * k, x1: s.to * k }));
  const v: VSeg[] = r.v.map((s) => ({ x: s.at * k, y0: s.from * k, y1: s.to * k }));
  const tables: PixBox[] = [];
  const cells: CellRegion[] = [];
  const tol = 2.5;
  for (const t of findRuledTables(snapAndJoin({ h, v }))) {
    const { xs, ys } = t;
    const nC = xs.length - 1;
    const nR = ys.length - 1;
    if (nC < 1 || nR < 1) continue;
    // The strokes of large type (a cover's title) also make short lines that cross: a table
    // needs at least two rules an inch and a half long and a width of two inches.
    if (t.h.filter((s) => s.x1 - s.x0 >= 108).length < 2 || t.bbox[2] - t.bbox[0] < 144) continue;
    tables.push([t.bbox[0] / k, t.bbox[1] / k, t.bbox[2] / k, t.bbox[3] / k]);
    const hasV = (ci: number, row: number): boolean => {
      let cov = 0;
      for (const s of t.v) if (Math.abs(s.x - xs[ci]!) <= tol) cov += coverage(s.y0, s.y1, ys[row]!, ys[row + 1]!);
      return cov >= 0.5;
    };
    const hasH = (ri: number, col: number): boolean => {
      let cov = 0;
      for (const s of t.h) if (Math.abs(s.y - ys[ri]!) <= tol) cov += coverage(s.x0, s.x1, xs[col]!, xs[col + 1]!);
      return cov >= 0.5;
    };
    const parent = Array.from({ length: nR * nC }, (_, i) => i);
    const find = (i: number): number => {
      while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
      return i;
    };
    for (let rr = 0; rr < nR; rr++) {
      for (let c = 0; c < nC; c++) {
        if (c + 1 < nC && !hasV(c + 1, rr)) parent[find(rr * nC + c)] = find(rr * nC + c + 1);
        if (rr + 1 < nR && !hasH(rr + 1, c)) parent[find(rr * nC + c)] = find((rr + 1) * nC + c);
      }
    }
    const boxes = new Map<number, [number, number, number, number]>();
    for (let rr = 0; rr < nR; rr++) {
      for (let c = 0; c < nC; c++) {
        const root = find(rr * nC + c);
        const b = boxes.get(root);
        const cell: [number, number, number, number] = [xs[c]!, ys[rr]!, xs[c + 1]!, ys[rr + 1]!];
        if (!b) boxes.set(root, cell);
        else boxes.set(root, [Math.min(b[0], cell[0]), Math.min(b[1], cell[1]), Math.max(b[2], cell[2]), Math.max(b[3], cell[3])]);
      }
    }
    const sorted = [...boxes.values()].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    for (const b of sorted) cells.push({ box: [b[0] / k, b[1] / k, b[2] / k, b[3] / k] });
  }
  return { tables, cells };
}

/** Where one cell's picture sits in the strip: its rows, and the page position of its origin. */
export interface StripSlot {
  readonly y0: number;
  readonly y1: number;
  /** Page pixel of the strip's (PAD, y0). */
  readonly pageX: number;
  readonly pageY: number;
}

export interface Strip {
  readonly image: GrayImage;
  readonly slots: readonly StripSlot[];
}

const PAD = 24;

/**
 * Stack the cells that hold ink into one strip, each on its own band with a gap of at least
 * its own height, so that no two cells can be read as one line. `inset` keeps what is left of
 * the rules out. Returns null when no cell has ink.
 */
export function buildStrip(img: GrayImage, cells: readonly CellRegion[], thr: number, inset: number): Strip | null {
  const crops: { x0: number; y0: number; w: number; h: number }[] = [];
  for (const c of cells) {
    const x0 = Math.max(0, Math.round(c.box[0] + inset));
    const y0 = Math.max(0, Math.round(c.box[1] + inset));
    const x1 = Math.min(img.width, Math.round(c.box[2] - inset));
    const y1 = Math.min(img.height, Math.round(c.box[3] - inset));
    if (x1 - x0 < 4 || y1 - y0 < 4) continue;
    // Trim to the ink, so that empty cells are skipped and the strip stays narrow.
    let ix0 = x1;
    let ix1 = -1;
    let iy0 = y1;
    let iy1 = -1;
    for (let y = y0; y < y1; y++) {
      const row = y * img.width;
      for (let x = x0; x < x1; x++) {
        if (img.data[row + x]! <= thr) {
          if (x < ix0) ix0 = x;
          if (x > ix1) ix1 = x;
          if (y < iy0) iy0 = y;
          if (y > iy1) iy1 = y;
        }
      }
    }
    if (ix1 < 0 || (ix1 - ix0 < 3 && iy1 - iy0 < 3)) continue;
    const m = 6;
    const cx0 = Math.max(x0, ix0 - m);
    const cy0 = Math.max(y0, iy0 - m);
    const cx1 = Math.min(x1, ix1 + m + 1);
    const cy1 = Math.min(y1, iy1 + m + 1);
    crops.push({ x0: cx0, y0: cy0, w: cx1 - cx0, h: cy1 - cy0 });
  }
  if (crops.length === 0) return null;
  const width = Math.max(...crops.map((c) => c.w)) + 2 * PAD;
  const slots: StripSlot[] = [];
  let y = PAD;
  for (const c of crops) {
    slots.push({ y0: y, y1: y + c.h, pageX: c.x0, pageY: c.y0 });
    y += c.h + Math.max(PAD, c.h);
  }
  const height = y + PAD;
  const data = new Uint8Array(width * height).fill(255);
  crops.forEach((c, i) => {
    const s = slots[i]!;
    for (let r = 0; r < c.h; r++) {
      const from = (c.y0 + r) * img.width + c.x0;
      data.set(img.data.subarray(from, from + c.w), (s.y0 + r) * width + PAD);
    }
  });
  return { image: { width, height, data }, slots };
}

/** Map a point of the strip back to the page; null when it falls in a gap. */
export function stripToPage(strip: Strip, x: number, y: number): [number, number] | null {
  // Slots are in order of y: binary search.
  let lo = 0;
  let hi = strip.slots.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = strip.slots[mid]!;
    if (y < s.y0 - 4) hi = mid - 1;
    else if (y > s.y1 + 4) lo = mid + 1;
    else return [s.pageX + (x - PAD), s.pageY + (y - s.y0)];
  }
  return null;
}

/** Paint boxes white in a copy of the image (the tables, before reading the rest of the page). */
export function blankBoxes(img: GrayImage, boxes: readonly PixBox[]): GrayImage {
  const data = new Uint8Array(img.data);
  for (const b of boxes) {
    const x0 = Math.max(0, Math.floor(b[0]) - 2);
    const x1 = Math.min(img.width, Math.ceil(b[2]) + 3);
    for (let y = Math.max(0, Math.floor(b[1]) - 2); y < Math.min(img.height, Math.ceil(b[3]) + 3); y++) data.fill(255, y * img.width + x0, y * img.width + x1);
  }
  return { width: img.width, height: img.height, data };
}
