// Ruled tables in a page image, read cell by cell. Tesseract's page layout reads a table row
// as one text line across the cells, and the language model then runs codes, names and
// amounts together (`2045 6二2人` for `204 | 06 | 01`). So the cells of each ruled table are
// cut out and stacked into one tall strip, one cell per line with wide gaps between, and the
// strip is read as one uniform block of lines (PSM 6: PSM 4 skipped short lines); each word is
// put back where its cell sits.

import { boxShrink, enlarge, levelsOf, type GrayImage } from './image.ts';
import type { ImageRulings } from './lines.ts';
import { findRuledTables, snapAndJoin, type HSeg, type VSeg } from '../pdf/rulings.ts';

/** A box in image pixels: x0, y0, x1, y1. */
export type PixBox = readonly [number, number, number, number];

export interface CellRegion {
  /** The cell's inside, between its rules. */
  readonly box: PixBox;
  /** Which table (index into RuledLayout.tables), and the lattice rows and columns it spans. */
  readonly table: number;
  readonly row: number;
  readonly col: number;
  readonly rowEnd: number;
  readonly colEnd: number;
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
    // Per merged cell: its box and the lattice rows and columns it spans.
    const boxes = new Map<number, [number, number, number, number, number, number, number, number]>();
    for (let rr = 0; rr < nR; rr++) {
      for (let c = 0; c < nC; c++) {
        const root = find(rr * nC + c);
        const b = boxes.get(root);
        if (!b) boxes.set(root, [xs[c]!, ys[rr]!, xs[c + 1]!, ys[rr + 1]!, rr, c, rr, c]);
        else {
          b[0] = Math.min(b[0], xs[c]!);
          b[1] = Math.min(b[1], ys[rr]!);
          b[2] = Math.max(b[2], xs[c + 1]!);
          b[3] = Math.max(b[3], ys[rr + 1]!);
          b[4] = Math.min(b[4], rr);
          b[5] = Math.min(b[5], c);
          b[6] = Math.max(b[6], rr);
          b[7] = Math.max(b[7], c);
        }
      }
    }
    const sorted = [...boxes.values()].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    const table = tables.length - 1;
    for (const b of sorted) cells.push({ box: [b[0] / k, b[1] / k, b[2] / k, b[3] / k], table, row: b[4], col: b[5], rowEnd: b[6], colEnd: b[7] });
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
  /** The crop's size in the page. */
  readonly w: number;
  readonly h: number;
  /** Index of the cell (in the list the crops were made from). */
  readonly cell: number;
  /** Page pixels per strip pixel (1, or more where large type was shrunk). */
  readonly scale: number;
  /** The crop's line height in page pixels. */
  readonly line: number;
}

export interface Strip {
  readonly image: GrayImage;
  readonly slots: readonly StripSlot[];
}

/** A cell's ink, cut from the page: box in page pixels. */
export interface CellCrop {
  readonly cell: number;
  readonly x0: number;
  readonly y0: number;
  readonly w: number;
  readonly h: number;
  /** Height of its tallest line of ink (pixels): the size of its type. */
  readonly line: number;
  /**
   * Share of its ink's columns in glyphs at least 0.8 of a line wide (wideShare): Chinese
   * characters are about as wide as tall, digits half as wide.
   */
  readonly wide: number;
}

/**
 * Of the columns of a box that hold ink, the share that belong to runs of inked columns at
 * least 0.8 × `line` wide. Digits are about half as wide as they are tall and stand apart
 * (two touching make a run just over one line wide); Chinese characters are square, so a
 * cell of words scores high and a cell of figures low.
 */
export function wideShare(img: GrayImage, x0: number, y0: number, x1: number, y1: number, thr: number, line: number): number {
  if (line <= 0 || x1 <= x0) return 0;
  let inked = 0;
  let wide = 0;
  let run = 0;
  const close = (): void => {
    inked += run;
    if (run >= 0.8 * line) wide += run;
    run = 0;
  };
  for (let x = x0; x < x1; x++) {
    let ink = false;
    for (let y = y0; y < y1; y++) {
      if (img.data[y * img.width + x]! <= thr) {
        ink = true;
        break;
      }
    }
    if (ink) run++;
    else close();
  }
  close();
  return inked ? wide / inked : 0;
}

const PAD = 24;

/** Lines of ink shorter than this (pixels: what the engine reads well is a size in pixels, whatever the scan's resolution) are enlarged to it for reading. */
const SMALL_LINE = process.env.OCR_SMALL ? Number(process.env.OCR_SMALL) : 20;

/**
 * Height of the tallest line of ink in a box. Rows with ink form bands (gaps of two rows
 * bridged: 三 leaves white rows between its strokes, but the other characters of its line
 * fill them). Lines set close together touch, so a band is also split where, in its middle,
 * a row holds almost no ink (a line of type always has strokes across its middle).
 */
function lineHeight(img: GrayImage, x0: number, y0: number, x1: number, y1: number, thr: number): number {
  const n = y1 - y0;
  if (n <= 0) return 0;
  const ink = new Uint32Array(n);
  for (let y = y0; y < y1; y++) {
    const row = y * img.width;
    let k = 0;
    for (let x = x0; x < x1; x++) if (img.data[row + x]! <= thr) k++;
    ink[y - y0] = k;
  }
  const bands: [number, number][] = [];
  let start = -1;
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (!ink[i]) continue;
    if (start >= 0 && i - last - 1 <= 2) last = i;
    else {
      if (start >= 0) bands.push([start, last]);
      start = i;
      last = i;
    }
  }
  if (start >= 0) bands.push([start, last]);
  let best = 0;
  const split = (a: number, b: number, depth: number): void => {
    const h = b - a + 1;
    if (depth < 4 && h >= 16) {
      let max = 0;
      for (let i = a; i <= b; i++) max = Math.max(max, ink[i]!);
      let at = -1;
      let min = Infinity;
      for (let i = a + Math.floor(0.25 * h); i <= a + Math.ceil(0.75 * h); i++) {
        if (ink[i]! < min) {
          min = ink[i]!;
          at = i;
        }
      }
      if (at > a && at < b && min <= 0.12 * max) {
        split(a, at - 1, depth + 1);
        split(at + 1, b, depth + 1);
        return;
      }
    }
    best = Math.max(best, h);
  };
  for (const [a, b] of bands) split(a, b, 0);
  return best;
}

/**
 * The ink of each cell, trimmed (with a small margin) so that empty cells are skipped and the
 * strip stays narrow. `inset` keeps what is left of the rules out. Cells with no ink, or only
 * a speck, have no crop.
 */
export function cellCrops(img: GrayImage, cells: readonly CellRegion[], thr: number, inset: number): CellCrop[] {
  const crops: CellCrop[] = [];
  const { width: W, data } = img;
  cells.forEach((c, cell) => {
    const x0 = Math.max(0, Math.round(c.box[0] + inset));
    const y0 = Math.max(0, Math.round(c.box[1] + inset));
    const x1 = Math.min(W, Math.round(c.box[2] - inset));
    const y1 = Math.min(img.height, Math.round(c.box[3] - inset));
    if (x1 - x0 < 4 || y1 - y0 < 4) return;
    let ix0 = x1;
    let ix1 = -1;
    let iy0 = y1;
    let iy1 = -1;
    for (let y = y0; y < y1; y++) {
      const row = y * W;
      let first = -1;
      for (let x = x0; x < x1; x++) {
        if (data[row + x]! <= thr) {
          first = x;
          break;
        }
      }
      if (first < 0) continue;
      let last = first;
      for (let x = x1 - 1; x > first; x--) {
        if (data[row + x]! <= thr) {
          last = x;
          break;
        }
      }
      if (first < ix0) ix0 = first;
      if (last > ix1) ix1 = last;
      if (y < iy0) iy0 = y;
      iy1 = y;
    }
    if (ix1 < 0 || (ix1 - ix0 < 3 && iy1 - iy0 < 3)) return;
    const m = 6;
    const cx0 = Math.max(x0, ix0 - m);
    const cy0 = Math.max(y0, iy0 - m);
    const cx1 = Math.min(x1, ix1 + m + 1);
    const cy1 = Math.min(y1, iy1 + m + 1);
    const line = lineHeight(img, ix0, iy0, ix1 + 1, iy1 + 1, thr);
    crops.push({ cell, x0: cx0, y0: cy0, w: cx1 - cx0, h: cy1 - cy0, line, wide: wideShare(img, ix0, iy0, ix1 + 1, iy1 + 1, thr, line) });
  });
  return crops;
}

/**
 * Grey levels darkened (gamma 3): the thin strokes of small digits come out of a blurred scan
 * light grey, and tesseract's own threshold over the strip then loses them (`127.50` for
 * `427.50`); darkened, they survive while the paper stays white.
 */
const DARKEN = Uint8Array.from({ length: 256 }, (_, v) => Math.round(255 * (v / 255) ** 3));


/**
 * Stack crops into one strip, each on its own band with a gap of at least its own height, so
 * that no two cells can be read as one line; grey levels darkened (see DARKEN). Type much
 * larger than the strip's usual size (a header in large bold) is shrunk to it: tesseract reads
 * a block as text of one size, and drops small figures among large characters. Null when
 * there is no crop.
 */
export function stripOf(img: GrayImage, crops: readonly CellCrop[]): Strip | null {
  if (crops.length === 0) return null;
  // The usual size: the smaller type of the page (figures are set small, headers large).
  const lines = crops.map((c) => c.line).sort((a, b) => a - b);
  const usual = Math.max(24, lines[lines.length >> 2]!);
  // Type much smaller than the engine reads well (figures 12 pixels tall on a 200 dpi scan:
  // 9 read as 0, 6 as 8) is enlarged to it; scales below 1 enlarge. (Enlarging only type well
  // short of it, below 16 px, mended one document's 217,900.73 for 27,900.73 but lost more
  // figures over the 18 twins than it mended: 979 right against 983.)
  const small = SMALL_LINE;
  const scales = crops.map((c) => (c.line > 1.3 * usual ? c.line / usual : c.line > 0 && c.line < small ? Math.max(0.5, c.line / small) : 1));
  const sizes = crops.map((c, i) => [Math.max(1, Math.round(c.w / scales[i]!)), Math.max(1, Math.round(c.h / scales[i]!))] as const);
  const width = Math.max(...sizes.map((z) => z[0])) + 2 * PAD;
  const slots: StripSlot[] = [];
  let y = PAD;
  crops.forEach((c, i) => {
    const h = sizes[i]![1];
    slots.push({ y0: y, y1: y + h, pageX: c.x0, pageY: c.y0, w: c.w, h: c.h, cell: c.cell, scale: scales[i]!, line: c.line });
    y += h + Math.max(PAD, h);
  });
  const height = y + PAD;
  const data = new Uint8Array(width * height).fill(255);
  crops.forEach((c, i) => {
    const s = slots[i]!;
    const f = scales[i]!;
    const [w, h] = sizes[i]!;
    const lut = levelsOf(img, c.x0, c.y0, c.w, c.h, DARKEN);
    if (f === 1) {
      for (let r = 0; r < c.h; r++) {
        const from = (c.y0 + r) * img.width + c.x0;
        const to = (s.y0 + r) * width + PAD;
        for (let x = 0; x < c.w; x++) data[to + x] = lut[img.data[from + x]!]!;
      }
      return;
    }
    // Box filter: each strip pixel is the mean of the page pixels it covers (or, enlarging,
    // bilinear between them).
    const small = f > 1 ? boxShrink(img, [c.x0, c.y0, c.x0 + c.w, c.y0 + c.h], f, w, h) : enlarge(img, [c.x0, c.y0, c.x0 + c.w, c.y0 + c.h], 1 / f);
    for (let r = 0; r < h; r++) {
      const to = (s.y0 + r) * width + PAD;
      for (let x = 0; x < w; x++) data[to + x] = lut[small.data[r * w + x]!]!;
    }
  });
  return { image: { width, height, data }, slots };
}

/** Cells that hold ink, stacked into one strip (see `cellCrops` and `stripOf`). */
export function buildStrip(img: GrayImage, cells: readonly CellRegion[], thr: number, inset: number): Strip | null {
  return stripOf(img, cellCrops(img, cells, thr, inset));
}

/** The slot a point of the strip falls in (index), or -1 in a gap. */
export function slotAt(strip: Strip, y: number): number {
  // Slots are in order of y: binary search.
  let lo = 0;
  let hi = strip.slots.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = strip.slots[mid]!;
    if (y < s.y0 - 4) hi = mid - 1;
    else if (y > s.y1 + 4) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Map a point of the strip back to the page; null when it falls in a gap. */
export function stripToPage(strip: Strip, x: number, y: number): [number, number] | null {
  const i = slotAt(strip, y);
  if (i < 0) return null;
  const s = strip.slots[i]!;
  return [s.pageX + (x - PAD) * s.scale, s.pageY + (y - s.y0) * s.scale];
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
