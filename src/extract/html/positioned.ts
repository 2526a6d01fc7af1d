// HTML where every piece of text is absolutely positioned (PDF→HTML converters: one element
// per cell or character run with left/top and a font size, cell borders as positioned divs
// with a border, each PDF page a relative container). Each page container becomes a page of
// runs and ruling lines in points, ready for the PDF layout (ruled grids, furniture, aligned
// grids, lines).

import { ems, itemsToRuns, type RawTextItem, type Run } from '../pdf/items.ts';
import type { HSeg, VSeg } from '../pdf/rulings.ts';
import { INVISIBLE, fontSizePt, hiddenBy, lengthPt, transformOf, type Declarations, type HElement, type StyleSheet } from './dom.ts';

export interface PositionedPage {
  readonly el: HElement;
  /** Page size in points: from the container's width/height, else from the content. */
  readonly width: number;
  readonly height: number;
  readonly runs: Run[];
  readonly h: HSeg[];
  readonly v: VSeg[];
  readonly images: number;
}

export interface PositionedResult {
  readonly pages: PositionedPage[];
  /** Visible characters placed on pages, and visible characters in the whole document. */
  readonly placedChars: number;
  readonly totalChars: number;
}

interface PageAcc {
  readonly el: HElement;
  readonly width: number | undefined;
  readonly height: number | undefined;
  readonly clip: boolean;
  readonly items: RawTextItem[];
  readonly h: HSeg[];
  readonly v: VSeg[];
  images: number;
}

/** Where text placed inside a positioned element goes next. */
interface Anchor {
  readonly x0: number;
  x: number;
  y: number;
  /** Whether anything has been placed on the current line (for collapsing spaces). */
  started: boolean;
}

interface Ctx {
  readonly page: PageAcc;
  /** Origin of the containing block, in page points. */
  readonly ox: number;
  readonly oy: number;
  readonly cbW: number | undefined;
  readonly cbH: number | undefined;
  readonly fontSize: number;
  /** Line height: points, or a factor of the font size. */
  readonly lineHeight: { readonly pt?: number; readonly factor?: number };
  readonly scale: number;
  readonly rotated: boolean;
  readonly pre: boolean;
  /** The nearest positioned element that text is placed in; null in the page's flow. */
  readonly anchor: Anchor | null;
}

/** A relative container at least this tall (points) is a page of its own. */
const PAGE_MIN_HEIGHT = 100;

export function readPositioned(root: HElement, sheet: StyleSheet): PositionedResult {
  const pages: PageAcc[] = [];
  const newPage = (el: HElement, width: number | undefined, height: number | undefined, clip: boolean): PageAcc => {
    const p: PageAcc = { el, width, height, clip, items: [], h: [], v: [], images: 0 };
    pages.push(p);
    return p;
  };
  let totalChars = 0;
  let placedChars = 0;

  const lineHeightPt = (ctx: Pick<Ctx, 'lineHeight'>, size: number): number => ctx.lineHeight.pt ?? (ctx.lineHeight.factor ?? 1.2) * size;

  const placeText = (raw: string, ctx: Ctx): void => {
    const visible = raw.replace(/\s+/g, '').length;
    totalChars += visible;
    const a = ctx.anchor;
    if (!a) return; // text in the flow of a page: its position is unknown
    placedChars += visible;
    const size = ctx.fontSize * ctx.scale;
    const lh = lineHeightPt(ctx, ctx.fontSize) * ctx.scale;
    const pieces = ctx.pre ? raw.split(/\r\n?|\n/) : [raw.replace(/[ \t\n\r\f]+/g, ' ')];
    pieces.forEach((piece, k) => {
      if (k > 0) newLine(a, lh);
      let s = piece;
      if (!ctx.pre && !a.started) s = s.replace(/^ +/, '');
      if (!s) return;
      const base = a.y + (lh - size) / 2 + 0.88 * size;
      if (s.trim()) {
        const w = ems(s) * size;
        const transform = ctx.rotated ? [0, size, -size, 0, a.x, base] : [size, 0, 0, size, a.x, base];
        ctx.page.items.push({ str: s, transform, width: ctx.rotated ? w : 0, height: size });
        a.started = true;
      }
      a.x += ems(s) * size;
    });
  };
  const newLine = (a: Anchor, lh: number): void => {
    a.x = a.x0;
    a.y += lh;
    a.started = false;
  };

  const addBorders = (decls: Declarations, box: readonly [number, number, number, number], page: PageAcc, em: number): void => {
    let drawn = false;
    for (const k of decls.keys()) if (k.startsWith('border') || k.startsWith('background')) drawn = true;
    if (!drawn) return;
    const [x0, y0, x1, y1] = box;
    for (const side of ['top', 'right', 'bottom', 'left'] as const) {
      const b = borderSide(decls, side, em);
      if (!b) continue;
      const half = b.width / 2;
      if (side === 'top') pushH(page, y0 + half, x0, x1 + (box[2] > box[0] ? 0 : b.width));
      else if (side === 'bottom') pushH(page, y1 + half, x0, x1 + (box[2] > box[0] ? 0 : b.width));
      else if (side === 'left') pushV(page, x0 + half, y0, y1 + (box[3] > box[1] ? 0 : b.width));
      else pushV(page, x1 + half, y0, y1 + (box[3] > box[1] ? 0 : b.width));
    }
    const bg = backgroundColor(decls);
    if (bg && !isWhiteColor(bg)) {
      const w = x1 - x0;
      const hh = y1 - y0;
      if (hh <= 3 && w > hh) pushH(page, (y0 + y1) / 2, x0, x1);
      else if (w <= 3 && hh > w) pushV(page, (x0 + x1) / 2, y0, y1);
      else if (!isLightColor(bg) && w > 0 && hh > 0) {
        pushH(page, y0, x0, x1);
        pushH(page, y1, x0, x1);
        pushV(page, x0, y0, y1);
        pushV(page, x1, y0, y1);
      }
    }
  };

  const walk = (el: HElement, ctx: Ctx): void => {
    for (const child of el.children) {
      if (typeof child === 'string') {
        placeText(child, ctx);
        continue;
      }
      if (INVISIBLE.has(child.tag)) continue;
      if (child.tag === 'br') {
        if (ctx.anchor) newLine(ctx.anchor, lineHeightPt(ctx, ctx.fontSize) * ctx.scale);
        continue;
      }
      if (child.tag === 'img') ctx.page.images++;
      const decls = sheet.declarationsFor(child);
      if (hiddenBy(decls)) continue;
      const fontSize = fontSizePt(decls.get('font-size'), ctx.fontSize);
      const lhv = decls.get('line-height');
      let lineHeight = ctx.lineHeight;
      if (lhv) {
        if (/^normal$/i.test(lhv)) lineHeight = { factor: 1.2 };
        else if (/^-?[\d.]+$/.test(lhv)) lineHeight = { factor: Number(lhv) };
        else {
          const pt = lengthPt(lhv, fontSize, fontSize);
          if (pt !== undefined) lineHeight = { pt };
        }
      }
      const tr = transformOf(decls.get('transform'));
      const scale = ctx.scale * (tr?.scale ?? 1);
      const rotated = ctx.rotated || (tr?.rotated ?? false);
      const ws = decls.get('white-space');
      const pre = ws ? /^pre/i.test(ws) : ctx.pre;
      const position = (decls.get('position') ?? '').toLowerCase();
      const width = lengthPt(decls.get('width'), fontSize, ctx.cbW);
      const height = lengthPt(decls.get('height'), fontSize, ctx.cbH);
      const left = lengthPt(decls.get('left'), fontSize, ctx.cbW);
      const top = lengthPt(decls.get('top'), fontSize, ctx.cbH);
      const right = lengthPt(decls.get('right'), fontSize, ctx.cbW);
      const bottom = lengthPt(decls.get('bottom'), fontSize, ctx.cbH);
      const base = { fontSize, lineHeight, scale, rotated, pre };

      if (position === 'relative' && !ctx.anchor && (ctx.page.el.tag === '#root' || (height ?? 0) >= PAGE_MIN_HEIGHT)) {
        // A page container: a new coordinate system.
        const clip = /^(hidden|clip)/i.test(decls.get('overflow') ?? '');
        const page = newPage(child, width, height, clip);
        addBorders(decls, [0, 0, width ?? 0, height ?? 0], page, fontSize);
        walk(child, { ...base, page, ox: 0, oy: 0, cbW: width, cbH: height, anchor: null });
        continue;
      }
      const placed = (position === 'absolute' || position === 'fixed') && (left !== undefined || right !== undefined) && (top !== undefined || bottom !== undefined);
      if (placed) {
        let x = ctx.ox;
        let y = ctx.oy;
        if (left !== undefined) x += left;
        else if (ctx.cbW !== undefined) x += ctx.cbW - right! - (width ?? 0);
        if (top !== undefined) y += top;
        else if (ctx.cbH !== undefined) y += ctx.cbH - bottom! - (height ?? lineHeightPt({ lineHeight }, fontSize) * scale);
        const box = [x, y, x + (width ?? 0), y + (height ?? 0)] as const;
        addBorders(decls, box, ctx.page, fontSize);
        const anchor: Anchor = { x0: x, x, y, started: false };
        walk(child, { ...base, page: ctx.page, ox: x, oy: y, cbW: width ?? ctx.cbW, cbH: height ?? ctx.cbH, anchor });
        continue;
      }
      if (position === 'relative' && !ctx.anchor && (left !== undefined || top !== undefined)) {
        // Shifted from its place in the flow, which is unknown: only the shift is kept.
        walk(child, { ...ctx, ...base, ox: ctx.ox + (left ?? 0), oy: ctx.oy + (top ?? 0) });
        continue;
      }
      // In flow: an inline-block with a width inside positioned text is a spacer (converters
      // draw wide gaps that way); a block element starts a new line.
      const display = (decls.get('display') ?? '').toLowerCase();
      if (ctx.anchor && width !== undefined && /inline-block/.test(display) && child.children.every((c) => typeof c === 'string' && !c.trim())) {
        ctx.anchor.x += width * ctx.scale;
        continue;
      }
      const block = ctx.anchor && (/^(block|flex|list-item|table)/.test(display) || (!display && BLOCK_TAGS.has(child.tag)));
      if (block && ctx.anchor!.started) newLine(ctx.anchor!, lineHeightPt(ctx, ctx.fontSize) * ctx.scale);
      walk(child, { ...ctx, ...base });
      if (block && ctx.anchor!.started) newLine(ctx.anchor!, lineHeightPt(ctx, ctx.fontSize) * ctx.scale);
    }
  };

  const docPage = newPage(root, undefined, undefined, false);
  walk(root, { page: docPage, ox: 0, oy: 0, cbW: undefined, cbH: undefined, fontSize: 12, lineHeight: { factor: 1.2 }, scale: 1, rotated: false, pre: false, anchor: null });

  // An empty container is a blank page when pages with text share its class (`page`, `pf`).
  const pageClasses = new Set(pages.filter((p) => p.items.length > 0 && p.el !== root).map((p) => p.el.attrs['class'] ?? ''));
  pageClasses.delete('');
  const out: PositionedPage[] = [];
  for (const p of pages) {
    if (p.items.length === 0) {
      if (p.el === root || !pageClasses.has(p.el.attrs['class'] ?? '')) continue;
      out.push({ el: p.el, width: p.width ?? 0, height: p.height ?? 0, runs: [], h: p.h, v: p.v, images: p.images });
      continue;
    }
    let runs = itemsToRuns(p.items, [1, 0, 0, 1, 0, 0]);
    let { h, v } = p;
    const maxX = Math.max(...runs.map((r) => r.x1), ...h.map((s) => s.x1), ...v.map((s) => s.x));
    const maxY = Math.max(...runs.map((r) => r.bottom), ...h.map((s) => s.y), ...v.map((s) => s.y1));
    const width = p.width ?? maxX + 36;
    const height = p.height ?? maxY + 36;
    if (p.clip && p.width !== undefined && p.height !== undefined) {
      // What overflows a clipping page box is not shown.
      runs = runs.filter((r) => inside((r.x0 + r.x1) / 2, (r.top + r.bottom) / 2, width, height));
      h = h.filter((s) => inside(s.x0, s.y, width, height) && inside(s.x1, s.y, width, height));
      v = v.filter((s) => inside(s.x, s.y0, width, height) && inside(s.x, s.y1, width, height));
    }
    out.push({ el: p.el, width, height, runs, h, v, images: p.images });
  }
  return { pages: out, placedChars, totalChars };
}

function inside(x: number, y: number, w: number, h: number): boolean {
  return x >= -1 && y >= -1 && x <= w + 1 && y <= h + 1;
}

function pushH(page: PageAcc, y: number, xa: number, xb: number): void {
  const x0 = Math.min(xa, xb);
  const x1 = Math.max(xa, xb);
  if (x1 - x0 >= 1) page.h.push({ y, x0, x1 });
}
function pushV(page: PageAcc, x: number, ya: number, yb: number): void {
  const y0 = Math.min(ya, yb);
  const y1 = Math.max(ya, yb);
  if (y1 - y0 >= 1) page.v.push({ x, y0, y1 });
}

const BLOCK_TAGS = new Set(['p', 'div', 'li', 'tr', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'section', 'article', 'header', 'footer', 'blockquote', 'pre']);

const BORDER_STYLES = /^(none|hidden|solid|dashed|dotted|double|groove|ridge|inset|outset)$/i;
const BORDER_WIDTHS: Readonly<Record<string, number>> = { thin: 0.75, medium: 2.25, thick: 3.75 };

/** Split a CSS value at top-level spaces (not inside parentheses). */
function tokens(value: string): string[] {
  if (!value.includes('(')) return value.trim().split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of value.trim()) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (/\s/.test(ch) && depth === 0) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** The n-th of 1–4 box values (`1px 0 0 1px`) for a side. */
function boxValue(value: string | undefined, side: 'top' | 'right' | 'bottom' | 'left'): string | undefined {
  if (!value) return undefined;
  const t = tokens(value);
  const [a, b = a, c = a, d = b] = t;
  return { top: a, right: b, bottom: c, left: d }[side];
}

/** A visible border on one side: its width in points, or null. */
export function borderSide(decls: Declarations, side: 'top' | 'right' | 'bottom' | 'left', em = 12): { width: number } | null {
  let width: number | undefined;
  let style: string | undefined;
  let color: string | undefined;
  const shorthand = (v: string | undefined): void => {
    if (!v) return;
    for (const t of tokens(v)) {
      if (BORDER_STYLES.test(t)) style = t.toLowerCase();
      else if (BORDER_WIDTHS[t.toLowerCase()] !== undefined) width = BORDER_WIDTHS[t.toLowerCase()];
      else {
        const l = lengthPt(t, em);
        if (l !== undefined && /\d/.test(t)) width = l;
        else color = t;
      }
    }
  };
  shorthand(decls.get('border'));
  const bw = boxValue(decls.get('border-width'), side);
  const bs = boxValue(decls.get('border-style'), side);
  const bc = boxValue(decls.get('border-color'), side);
  if (bw) width = BORDER_WIDTHS[bw.toLowerCase()] ?? lengthPt(bw, em) ?? width;
  if (bs) style = bs.toLowerCase();
  if (bc) color = bc;
  shorthand(decls.get(`border-${side}`));
  const w = decls.get(`border-${side}-width`);
  if (w) width = BORDER_WIDTHS[w.toLowerCase()] ?? lengthPt(w, em) ?? width;
  const s = decls.get(`border-${side}-style`);
  if (s) style = s.toLowerCase();
  const c = decls.get(`border-${side}-color`);
  if (c) color = c;
  if (!style || style === 'none' || style === 'hidden') return null;
  const wpt = width ?? BORDER_WIDTHS['medium']!;
  if (!(wpt > 0)) return null;
  if (color && (isWhiteColor(color) || /^transparent$/i.test(color))) return null;
  return { width: wpt };
}

function backgroundColor(decls: Declarations): string | null {
  const c = decls.get('background-color');
  if (c) return c;
  const bg = decls.get('background');
  if (!bg) return null;
  const t = tokens(bg).find((x) => /^(#|rgb|hsl)/i.test(x) || NAMED[x.toLowerCase()] !== undefined);
  return t ?? null;
}

const NAMED: Readonly<Record<string, readonly [number, number, number]>> = {
  black: [0, 0, 0],
  white: [255, 255, 255],
  gray: [128, 128, 128],
  grey: [128, 128, 128],
  silver: [192, 192, 192],
  red: [255, 0, 0],
  blue: [0, 0, 255],
  navy: [0, 0, 128],
  green: [0, 128, 0],
};

/** RGB of a CSS colour, null for transparent or unknown. */
export function rgbOf(color: string): [number, number, number] | null {
  const c = color.trim().toLowerCase();
  if (c === 'transparent' || c === 'none') return null;
  if (NAMED[c]) return [...NAMED[c]!];
  let m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(c);
  if (m) return [parseInt(m[1]! + m[1]!, 16), parseInt(m[2]! + m[2]!, 16), parseInt(m[3]! + m[3]!, 16)];
  m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})(?:[0-9a-f]{2})?$/.exec(c);
  if (m) return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(c);
  if (m) {
    const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : Number(m[4]);
    if (alpha < 0.05) return null;
    return [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  return null;
}

function isWhiteColor(color: string): boolean {
  const rgb = rgbOf(color);
  if (!rgb) return /^(transparent|none)$/i.test(color.trim()) || /^rgba/i.test(color.trim());
  return rgb.every((x) => x >= 0xf4);
}
function isLightColor(color: string): boolean {
  const rgb = rgbOf(color);
  return rgb ? rgb.every((x) => x >= 0xe0) : true;
}
