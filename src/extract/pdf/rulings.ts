// Ruling lines from a pdf.js operator list: stroked line paths, thin filled rectangles and
// the edges of filled (non-white) rectangles, in page points with origin top-left. Then
// snapped, joined, and grouped into connected tables (pdfplumber's edges → intersections).
// Also the clipping boxes text is drawn in, so that text drawn outside them can be left out.

import { mul } from './items.ts';

/** pdf.js OPS codes used here (pdfjs-dist 5.x; checked against pdfjs.OPS in a test). */
export const OP = {
  setLineWidth: 2,
  setGState: 9,
  save: 10,
  restore: 11,
  transform: 12,
  constructPath: 91,
  stroke: 20,
  closeStroke: 21,
  fill: 22,
  eoFill: 23,
  fillStroke: 24,
  eoFillStroke: 25,
  closeFillStroke: 26,
  closeEOFillStroke: 27,
  endPath: 28,
  setStrokeRGBColor: 58,
  setFillRGBColor: 59,
  setStrokeTransparent: 92,
  setFillTransparent: 93,
  paintFormXObjectBegin: 74,
  paintFormXObjectEnd: 75,
  paintImageXObject: 85,
  paintInlineImageXObject: 86,
  paintImageMaskXObject: 83,
  paintImageXObjectRepeat: 88,
  clip: 29,
  eoClip: 30,
  setFont: 37,
  showText: 44,
  showSpacedText: 45,
  nextLineShowText: 46,
  nextLineSetSpacingShowText: 47,
} as const;

/** pdf.js DrawOPS in constructPath's path data. */
const D_MOVE = 0;
const D_LINE = 1;
const D_CURVE = 2;
const D_QUAD = 3;
const D_CLOSE = 4;

export interface HSeg {
  y: number;
  x0: number;
  x1: number;
}
export interface VSeg {
  x: number;
  y0: number;
  y1: number;
}

export interface Rulings {
  readonly h: HSeg[];
  readonly v: VSeg[];
  /** How many image paint operations the page has (for the image-only check). */
  readonly images: number;
  /** How many painted (filled or stroked) paths: text drawn as outlines shows up here. */
  readonly paintedPaths: number;
  /**
   * The clipping boxes text was drawn in (page points, top-left origin), or null when some
   * text was drawn without a clip. Text outside all of them cannot be seen.
   */
  readonly textClips?: readonly Box[] | null;
}

/** [x0, y0, x1, y1], top-left origin. */
export type Box = readonly [number, number, number, number];

export interface OperatorListLike {
  readonly fnArray: ArrayLike<number>;
  readonly argsArray: ArrayLike<unknown>;
}

interface GState {
  /** Never changed in place (a new matrix replaces it), so a saved state may share it. */
  ctm: number[];
  /** The clipping box (device space), null for none. */
  clip: Box | null;
  fill: string;
  stroke: string;
  lineWidth: number;
  fillAlpha: number;
  strokeAlpha: number;
}

/** A copy of a graphics state for the save stack (a literal: much faster than a spread). */
function copyState(g: GState): GState {
  return { ctm: g.ctm, clip: g.clip, fill: g.fill, stroke: g.stroke, lineWidth: g.lineWidth, fillAlpha: g.fillAlpha, strokeAlpha: g.strokeAlpha };
}

/** Whiter than this (each channel ≥ 0xf4) counts as white: paper, erasers, cell backgrounds. */
function isWhite(hex: string): boolean {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return false;
  return parseInt(m[1]!, 16) >= 0xf4 && parseInt(m[2]!, 16) >= 0xf4 && parseInt(m[3]!, 16) >= 0xf4;
}
/** Light tints (header backgrounds like #eff2f7) are not rules, but their edges may still be borders. */
function isLight(hex: string): boolean {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return false;
  return parseInt(m[1]!, 16) >= 0xe0 && parseInt(m[2]!, 16) >= 0xe0 && parseInt(m[3]!, 16) >= 0xe0;
}

/** The thickest a filled rectangle can be and still count as a line. */
const THIN = 3;

/**
 * Collect ruling segments from an operator list. `viewport` maps PDF user space to page
 * points with origin top-left (the page viewport's transform at scale 1).
 */
export function extractRulings(ops: OperatorListLike, viewport: readonly number[], pageW: number, pageH: number): Rulings {
  const r = new RulingReader(viewport, pageW, pageH);
  const fns = ops.fnArray;
  const args = ops.argsArray;
  // The loop stays small and each kind of operation has its own method: a page runs through
  // thousands of operations, and one big function was compiled by V8 again and again as
  // rarer operations turned up (~70 ms a time, several times a run).
  for (let i = 0, n = fns.length; i < n; i++) r.op(fns[i]!, args[i] as unknown[] | null);
  return r.result();
}

/** The state of extractRulings while it reads one operator list. */
class RulingReader {
  readonly h: HSeg[] = [];
  readonly v: VSeg[] = [];
  images = 0;
  paintedPaths = 0;
  readonly stack: GState[] = [];
  gs: GState;
  /** pdf.js emits clip/eoClip just before the constructPath of the clipping path. */
  pendingClip = false;
  unclippedText = false;
  readonly textClips = new Set<Box>();
  readonly pageW: number;
  readonly pageH: number;
  readonly pageArea: number;

  constructor(viewport: readonly number[], pageW: number, pageH: number) {
    this.gs = { ctm: [...viewport], clip: null, fill: '#000000', stroke: '#000000', lineWidth: 1, fillAlpha: 1, strokeAlpha: 1 };
    this.pageW = pageW;
    this.pageH = pageH;
    this.pageArea = pageW * pageH;
  }

  op(fn: number, a: unknown[] | null): void {
    if (this.pendingClip && fn === OP.constructPath) this.clipPath(a);
    switch (fn) {
      case OP.clip:
      case OP.eoClip:
        this.pendingClip = true;
        break;
      case OP.showText:
      case OP.showSpacedText:
      case OP.nextLineShowText:
      case OP.nextLineSetSpacingShowText:
        if (!this.gs.clip) this.unclippedText = true;
        else if (!this.unclippedText) this.textClips.add(this.gs.clip);
        break;
      case OP.save:
        this.stack.push(copyState(this.gs));
        break;
      case OP.restore:
      case OP.paintFormXObjectEnd:
        this.gs = this.stack.pop() ?? this.gs;
        break;
      case OP.transform:
        if (a && a.length >= 6) this.gs.ctm = mul(this.gs.ctm, a as number[]);
        break;
      case OP.paintFormXObjectBegin:
        this.formBegin(a);
        break;
      case OP.setLineWidth:
        this.gs.lineWidth = Number(a?.[0] ?? 1);
        break;
      case OP.setFillRGBColor:
        this.gs.fill = String(a?.[0] ?? '#000000');
        break;
      case OP.setStrokeRGBColor:
        this.gs.stroke = String(a?.[0] ?? '#000000');
        break;
      case OP.setFillTransparent:
        this.gs.fill = 'transparent';
        break;
      case OP.setStrokeTransparent:
        this.gs.stroke = 'transparent';
        break;
      case OP.setGState:
        this.setGState(a);
        break;
      case OP.paintImageXObject:
      case OP.paintInlineImageXObject:
      case OP.paintImageMaskXObject:
      case OP.paintImageXObjectRepeat:
        this.images++;
        break;
      case OP.constructPath:
        this.path(a);
        break;
      default:
        break;
    }
  }

  /** The path after a clip operator: its box narrows the clip. */
  clipPath(a: unknown[] | null): void {
    this.pendingClip = false;
    const data = (a?.[1] as (ArrayLike<number> | null)[] | undefined)?.[0];
    const box = data ? pathBox(data, this.gs.ctm) : null;
    if (box) this.gs.clip = intersect(this.gs.clip, box);
  }

  formBegin(a: unknown[] | null): void {
    this.stack.push(copyState(this.gs));
    const gs = this.gs;
    const m = a?.[0] as ArrayLike<number> | null | undefined;
    if (m && m.length >= 6) gs.ctm = mul(gs.ctm, Array.from(m));
    // A form draws nothing outside its bounding box.
    const bb = a?.[1] as ArrayLike<number> | null | undefined;
    if (bb && bb.length >= 4) gs.clip = intersect(gs.clip, deviceBox(gs.ctm, bb[0]!, bb[1]!, bb[2]!, bb[3]!));
  }

  setGState(a: unknown[] | null): void {
    const entries = a?.[0] as [string, unknown][] | undefined;
    if (!Array.isArray(entries)) return;
    const gs = this.gs;
    for (const e of entries) {
      if (!Array.isArray(e)) continue;
      if (e[0] === 'ca') gs.fillAlpha = Number(e[1]);
      else if (e[0] === 'CA') gs.strokeAlpha = Number(e[1]);
      else if (e[0] === 'LW') gs.lineWidth = Number(e[1]);
    }
  }

  addH(y: number, xa: number, xb: number): void {
    const x0 = Math.min(xa, xb);
    const x1 = Math.max(xa, xb);
    if (x1 - x0 < 1) return;
    this.h.push({ y, x0, x1 });
  }

  addV(x: number, ya: number, yb: number): void {
    const y0 = Math.min(ya, yb);
    const y1 = Math.max(ya, yb);
    if (y1 - y0 < 1) return;
    this.v.push({ x, y0, y1 });
  }

  /** A painted path: its axis-aligned pieces become rules. */
  path(a: unknown[] | null): void {
    const paint = a?.[0] as number;
    if (paint === OP.endPath) return;
    const dataArr = a?.[1] as (ArrayLike<number> | null)[] | undefined;
    const data = dataArr?.[0];
    if (!data || data.length === 0) return;
    const gs = this.gs;
    const stroke = paint === OP.stroke || paint === OP.closeStroke || paint === OP.fillStroke || paint === OP.eoFillStroke || paint === OP.closeFillStroke || paint === OP.closeEOFillStroke;
    const fill = paint === OP.fill || paint === OP.eoFill || paint === OP.fillStroke || paint === OP.eoFillStroke || paint === OP.closeFillStroke || paint === OP.closeEOFillStroke;
    const strokeVisible = stroke && gs.stroke !== 'transparent' && !isWhite(gs.stroke) && gs.strokeAlpha > 0.05;
    const fillVisible = fill && gs.fill !== 'transparent' && !isWhite(gs.fill) && gs.fillAlpha > 0.05;
    if (!strokeVisible && !fillVisible) return;
    this.paintedPaths++;
    for (const sp of subpaths(data, gs.ctm)) {
      if (sp.curved || sp.pts.length === 0) continue;
      const box = bboxOf(sp.pts);
      const w = box[2] - box[0];
      const hh = box[3] - box[1];
      const isRect = isAxisRect(sp.pts);
      // A thin filled shape is a rule whatever its corners: some generators draw each rule as
      // a quadrilateral with mitred ends (798,42.4 → 42,42.4 → 42,43.2 → 797.3,43.2), not a box.
      if (fillVisible && sp.pts.length >= 3 && (sp.closed || sp.pts.length >= 4)) {
        if (hh <= THIN && w > 2 * hh && w > 1) {
          this.addH((box[1] + box[3]) / 2, box[0], box[2]);
          continue;
        }
        if (w <= THIN && hh > 2 * w && hh > 1) {
          this.addV((box[0] + box[2]) / 2, box[1], box[3]);
          continue;
        }
      }
      if (fillVisible && isRect && (sp.closed || sp.pts.length >= 4)) {
        // A filled box: its edges often coincide with cell borders (shaded headers);
        // a page-sized background is not a table.
        if (w * hh < 0.5 * this.pageArea && !isLight(gs.fill)) {
          this.addH(box[1], box[0], box[2]);
          this.addH(box[3], box[0], box[2]);
          this.addV(box[0], box[1], box[3]);
          this.addV(box[2], box[1], box[3]);
        }
        if (!strokeVisible) continue;
      }
      if (!strokeVisible) continue;
      // Stroked: every axis-aligned segment is a rule.
      const pts = sp.closed && sp.pts.length > 2 ? [...sp.pts, sp.pts[0]!] : sp.pts;
      for (let k = 1; k < pts.length; k++) {
        const [x0, y0] = pts[k - 1]!;
        const [x1, y1] = pts[k]!;
        if (Math.abs(y1 - y0) <= 0.5 && Math.abs(x1 - x0) > 0.5) this.addH((y0 + y1) / 2, x0, x1);
        else if (Math.abs(x1 - x0) <= 0.5 && Math.abs(y1 - y0) > 0.5) this.addV((x0 + x1) / 2, y0, y1);
      }
    }
  }

  result(): Rulings {
    // Keep what lies on the page.
    const { pageW, pageH } = this;
    const onPage = (x: number, y: number): boolean => x > -5 && y > -5 && x < pageW + 5 && y < pageH + 5;
    return {
      h: this.h.filter((s) => onPage(s.x0, s.y) && onPage(s.x1, s.y)),
      v: this.v.filter((s) => onPage(s.x, s.y0) && onPage(s.x, s.y1)),
      images: this.images,
      paintedPaths: this.paintedPaths,
      textClips: this.unclippedText ? null : distinctBoxes(this.textClips),
    };
  }
}

interface Subpath {
  pts: [number, number][];
  closed: boolean;
  curved: boolean;
}

/** pdf.js path data split into subpaths of device-space points (curves keep their end point). */
function subpaths(data: ArrayLike<number>, m: readonly number[]): Subpath[] {
  const [ma = 1, mb = 0, mc = 0, md = 1, me = 0, mf = 0] = m;
  const tx = (x: number, y: number): [number, number] => [ma * x + mc * y + me, mb * x + md * y + mf];
  const out: Subpath[] = [];
  let cur: Subpath | null = null;
  for (let j = 0; j < data.length; ) {
    const c = data[j]!;
    if (c === D_MOVE) {
      cur = { pts: [tx(data[j + 1]!, data[j + 2]!)], closed: false, curved: false };
      out.push(cur);
      j += 3;
    } else if (c === D_LINE) {
      if (!cur) {
        cur = { pts: [], closed: false, curved: false };
        out.push(cur);
      }
      cur.pts.push(tx(data[j + 1]!, data[j + 2]!));
      j += 3;
    } else if (c === D_CURVE) {
      if (cur) {
        cur.curved = true;
        cur.pts.push(tx(data[j + 5]!, data[j + 6]!));
      }
      j += 7;
    } else if (c === D_QUAD) {
      if (cur) {
        cur.curved = true;
        cur.pts.push(tx(data[j + 3]!, data[j + 4]!));
      }
      j += 5;
    } else if (c === D_CLOSE) {
      if (cur) cur.closed = true;
      j += 1;
    } else break; // unknown command: stop reading this path
  }
  return out;
}

/** The box a user-space rectangle covers on the page. */
function deviceBox(m: readonly number[], x0: number, y0: number, x1: number, y1: number): Box {
  const [ma = 1, mb = 0, mc = 0, md = 1, me = 0, mf = 0] = m;
  const xs = [x0, x1].flatMap((x) => [y0, y1].map((y) => ma * x + mc * y + me));
  const ys = [x0, x1].flatMap((x) => [y0, y1].map((y) => mb * x + md * y + mf));
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function intersect(a: Box | null, b: Box): Box {
  return a ? [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])] : b;
}

function distinctBoxes(boxes: Iterable<Box>): Box[] {
  const out = new Map<string, Box>();
  for (const b of boxes) out.set(b.map((x) => x.toFixed(1)).join(','), b);
  return [...out.values()];
}

/** Bounding box in device space of pdf.js path data (all points, control points included). */
function pathBox(data: ArrayLike<number>, m: readonly number[]): Box | null {
  const [ma = 1, mb = 0, mc = 0, md = 1, me = 0, mf = 0] = m;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const add = (x: number, y: number): void => {
    const dx = ma * x + mc * y + me;
    const dy = mb * x + md * y + mf;
    if (dx < x0) x0 = dx;
    if (dx > x1) x1 = dx;
    if (dy < y0) y0 = dy;
    if (dy > y1) y1 = dy;
  };
  for (let j = 0; j < data.length; ) {
    const c = data[j]!;
    if (c === D_MOVE || c === D_LINE) {
      add(data[j + 1]!, data[j + 2]!);
      j += 3;
    } else if (c === D_CURVE) {
      for (let k = 0; k < 3; k++) add(data[j + 1 + 2 * k]!, data[j + 2 + 2 * k]!);
      j += 7;
    } else if (c === D_QUAD) {
      for (let k = 0; k < 2; k++) add(data[j + 1 + 2 * k]!, data[j + 2 + 2 * k]!);
      j += 5;
    } else if (c === D_CLOSE) j += 1;
    else break;
  }
  return Number.isFinite(x0) ? [x0, y0, x1, y1] : null;
}

function bboxOf(pts: readonly [number, number][]): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of pts) {
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

/** Four or five points forming an axis-aligned rectangle. */
function isAxisRect(pts: readonly [number, number][]): boolean {
  if (pts.length < 4 || pts.length > 5) return false;
  const box = bboxOf(pts);
  const tol = 0.5;
  for (const [x, y] of pts.slice(0, 4)) {
    const onX = Math.abs(x - box[0]) < tol || Math.abs(x - box[2]) < tol;
    const onY = Math.abs(y - box[1]) < tol || Math.abs(y - box[3]) < tol;
    if (!onX || !onY) return false;
  }
  return true;
}

/** Cluster values within `tol` of their neighbour; returns the cluster means, sorted. */
export function clusterValues(values: readonly number[], tol: number): number[] {
  const s = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let sum = 0;
  let n = 0;
  let last = -Infinity;
  for (const x of s) {
    if (n && x - last > tol) {
      out.push(sum / n);
      sum = 0;
      n = 0;
    }
    sum += x;
    n++;
    last = x;
  }
  if (n) out.push(sum / n);
  return out;
}

/** Snap segment positions to shared coordinates and join collinear pieces that nearly touch. */
export function snapAndJoin(r: Pick<Rulings, 'h' | 'v'>, snapTol = 2, joinTol = 3): { h: HSeg[]; v: VSeg[] } {
  const snap = <T>(segs: T[], get: (s: T) => number, set: (s: T, x: number) => T): T[] => {
    const centres = clusterValues(segs.map(get), snapTol);
    return segs.map((s) => {
      const p = get(s);
      let best = p;
      let bd = Infinity;
      for (const c of centres) {
        const d = Math.abs(c - p);
        if (d < bd) {
          bd = d;
          best = c;
        }
      }
      return set(s, bd <= snapTol ? best : p);
    });
  };
  const hs = snap(r.h, (s) => s.y, (s, y) => ({ ...s, y }));
  const vs = snap(r.v, (s) => s.x, (s, x) => ({ ...s, x }));
  const joinH: HSeg[] = [];
  hs.sort((a, b) => a.y - b.y || a.x0 - b.x0);
  for (const s of hs) {
    const last = joinH[joinH.length - 1];
    if (last && last.y === s.y && s.x0 <= last.x1 + joinTol) last.x1 = Math.max(last.x1, s.x1);
    else joinH.push({ ...s });
  }
  const joinV: VSeg[] = [];
  vs.sort((a, b) => a.x - b.x || a.y0 - b.y0);
  for (const s of vs) {
    const last = joinV[joinV.length - 1];
    if (last && last.x === s.x && s.y0 <= last.y1 + joinTol) last.y1 = Math.max(last.y1, s.y1);
    else joinV.push({ ...s });
  }
  return { h: joinH, v: joinV };
}

export interface RuledTable {
  /** Column boundaries (x) and row boundaries (y), sorted. */
  readonly xs: number[];
  readonly ys: number[];
  readonly h: HSeg[];
  readonly v: VSeg[];
  readonly bbox: [number, number, number, number];
}

/**
 * Group segments into tables: connected components of crossing or touching segments.
 * A component needs at least 2 horizontal and 2 vertical rules to make a grid.
 */
export function findRuledTables(segs: { h: HSeg[]; v: VSeg[] }, tol = 2.5): RuledTable[] {
  const { h, v } = segs;
  const n = h.length + v.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[ra] = rb;
  };
  for (let i = 0; i < h.length; i++) {
    const hs = h[i]!;
    for (let j = 0; j < v.length; j++) {
      const vs = v[j]!;
      if (vs.x >= hs.x0 - tol && vs.x <= hs.x1 + tol && hs.y >= vs.y0 - tol && hs.y <= vs.y1 + tol) union(i, h.length + j);
    }
  }
  // Collinear horizontal pieces of one table (a rule broken at a merged cell) are joined by verticals anyway.
  const comps = new Map<number, { h: HSeg[]; v: VSeg[] }>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    let c = comps.get(r);
    if (!c) comps.set(r, (c = { h: [], v: [] }));
    if (i < h.length) c.h.push(h[i]!);
    else c.v.push(v[i - h.length]!);
  }
  const tables: RuledTable[] = [];
  for (const c of comps.values()) {
    if (c.h.length < 2 || c.v.length < 2) continue;
    const xs = clusterValues(c.v.map((s) => s.x), tol);
    const ys = clusterValues(c.h.map((s) => s.y), tol);
    // Open edges: verticals running past the first or last horizontal rule (a table cut by a
    // page break has no closing rule), horizontals running past the outer verticals (tables
    // without side borders). The rule ends bound the table there.
    const vTop = Math.min(...c.v.map((s) => s.y0));
    const vBottom = Math.max(...c.v.map((s) => s.y1));
    const hLeft = Math.min(...c.h.map((s) => s.x0));
    const hRight = Math.max(...c.h.map((s) => s.x1));
    if (vTop < ys[0]! - 3 * tol) ys.unshift(vTop);
    if (vBottom > ys[ys.length - 1]! + 3 * tol) ys.push(vBottom);
    if (hLeft < xs[0]! - 3 * tol) xs.unshift(hLeft);
    if (hRight > xs[xs.length - 1]! + 3 * tol) xs.push(hRight);
    if (xs.length < 2 || ys.length < 2) continue;
    const bbox: [number, number, number, number] = [xs[0]!, ys[0]!, xs[xs.length - 1]!, ys[ys.length - 1]!];
    if (bbox[2] - bbox[0] < 10 || bbox[3] - bbox[1] < 5) continue;
    tables.push({ xs, ys, h: c.h, v: c.v, bbox });
  }
  tables.sort((a, b) => a.bbox[1] - b.bbox[1] || a.bbox[0] - b.bbox[0]);
  return tables;
}
