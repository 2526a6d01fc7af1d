// pdf.js text items → glyph runs with page positions (points, origin top-left), then
// runs → lines by baseline. Whitespace-only items are dropped, double-drawn "fake bold"
// duplicates removed, and items holding several table cells ("合计   1,234.00") split.

/** A piece of text on one baseline with no large gap inside: one cell's line, or a part of a sentence. */
export interface Run {
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  /** Top and bottom of the glyph box (top < bottom: y grows downwards). */
  readonly top: number;
  readonly bottom: number;
  /** Baseline y. */
  readonly base: number;
  /** Font size in points (the em). */
  readonly size: number;
  /** True for text not written left to right (rotated or vertical). */
  readonly rotated: boolean;
}

export interface Line {
  readonly runs: readonly Run[];
  readonly x0: number;
  readonly x1: number;
  readonly top: number;
  readonly bottom: number;
  readonly base: number;
  readonly size: number;
}

/** The subset of pdf.js's TextItem read here. */
export interface RawTextItem {
  readonly str: string;
  readonly transform: readonly number[];
  readonly width: number;
  readonly height: number;
}

const CJK_RE = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u2e80-\u2fdf\u3000-\u303f\uff00-\uffef]/u;
const NUMERIC_RE = /^[-+−－(（]?[0-9０-９][0-9０-９,，.．]*%?[)）]?$/u;

export function isCjk(ch: string): boolean {
  return CJK_RE.test(ch);
}

/** A cell-like token that is a number: `1,234.56`, `-12.3`, `4.04%`, `(12.3)`. */
export function isNumericText(s: string): boolean {
  return NUMERIC_RE.test(s.replace(/\s+/g, ''));
}

/** Rough advance of a character in ems, used to place the pieces of a split item. */
function charEms(ch: string): number {
  if (isCjk(ch)) return 1;
  if (ch === ' ') return 0.25;
  if (ch === ',' || ch === '.' || ch === ':' || ch === ';' || ch === "'" || ch === '|' || ch === 'i' || ch === 'l') return 0.25;
  return 0.5;
}

/** Rough width of a string in ems (CJK 1, digits and Latin ½, narrow punctuation ¼). */
export function ems(s: string): number {
  let w = 0;
  for (const ch of s) w += charEms(ch);
  return w;
}

/** Multiply two affine matrices [a b c d e f] (m1 applied after m2, like pdf.js Util.transform). */
export function mul(m1: readonly number[], m2: readonly number[]): number[] {
  const [a1 = 1, b1 = 0, c1 = 0, d1 = 1, e1 = 0, f1 = 0] = m1;
  const [a2 = 1, b2 = 0, c2 = 0, d2 = 1, e2 = 0, f2 = 0] = m2;
  return [
    a1 * a2 + c1 * b2,
    b1 * a2 + d1 * b2,
    a1 * c2 + c1 * d2,
    b1 * c2 + d1 * d2,
    a1 * e2 + c1 * f2 + e1,
    b1 * e2 + d1 * f2 + f1,
  ];
}

/**
 * Turn pdf.js items into runs. `viewport` is the page viewport's transform at scale 1
 * (PDF user space → top-left origin points, rotation applied).
 */
export function itemsToRuns(items: readonly RawTextItem[], viewport: readonly number[]): Run[] {
  const runs: Run[] = [];
  for (const it of items) {
    if (!it.str || !it.str.trim()) continue;
    const m = mul(viewport, it.transform);
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = m;
    const sx = Math.hypot(a, b);
    const size = Math.hypot(c, d) || sx || it.height || 10;
    if (!(size > 0) || !Number.isFinite(e) || !Number.isFinite(f)) continue;
    const rotated = Math.abs(b) > 0.01 * sx || a < 0;
    // pdf.js gives width in user space; scale by the viewport (1 at scale 1 for unrotated pages).
    const width = Math.abs(it.width) * (Math.hypot(viewport[0] ?? 1, viewport[1] ?? 0) || 1);
    if (rotated) {
      // Direction of writing in device space.
      const ux = sx ? a / sx : 1;
      const uy = sx ? b / sx : 0;
      const ex = e + ux * width;
      const ey = f + uy * width;
      // Up vector of the glyphs is roughly (-uy, ux) rotated; take a box around the run.
      const x0 = Math.min(e, ex) - (Math.abs(uy) > 0.5 ? size * 0.8 : 0);
      const x1 = Math.max(e, ex) + (Math.abs(uy) > 0.5 ? size * 0.2 : 0);
      const top = Math.min(f, ey) - (Math.abs(ux) > 0.5 ? size * 0.8 : 0);
      const bottom = Math.max(f, ey) + (Math.abs(ux) > 0.5 ? size * 0.2 : 0);
      runs.push({ text: it.str.trim(), x0, x1, top, bottom, base: bottom, size, rotated: true });
      continue;
    }
    pushSplit(runs, it.str, e, f, width, size);
  }
  return dedupeRuns(runs);
}

/**
 * Push one horizontal item as one or more runs, split at every space: a generator may draw
 * several cells in one string, with spaces (or a single space that pdf.js put for a jump)
 * between them. The item's width left over by the characters is spread over the gaps.
 */
function pushSplit(out: Run[], str: string, x: number, base: number, width: number, size: number): void {
  const top = base - size * 0.88;
  const bottom = base + size * 0.12;
  const text = str.trim();
  const lead = str.length - str.trimStart().length;
  if (!/\s/.test(text)) {
    // Common case: no inner space.
    const est = ems(str) || 1;
    const scale = width > 0 ? Math.min(size, width / est) : size;
    const x0 = x + ems(str.slice(0, lead)) * scale;
    const x1 = width > 0 ? Math.min(x + width, x0 + ems(text) * (width / est)) : x0 + ems(text) * size;
    out.push({ text, x0, x1: Math.max(x1, x0 + 0.1), top, bottom, base, size, rotated: false });
    return;
  }
  // Every space is a possible cell boundary: pieces in one cell are joined again later (with a
  // space between non-CJK words), while a piece left glued to its neighbour cannot be moved.
  // Seen: `3 (` holding the last digit of `12,572.73` and the start of `(一)…` (renwu-chongqing).
  const words = text.split(/\s+/);
  const gaps = words.length - 1;
  const leadW = ems(str.slice(0, lead)) * size;
  let charScale = size;
  let gapWidth = 0.3 * size;
  if (width > 0) {
    const charEm = words.reduce((acc, w) => acc + ems(w), 0) || 1;
    const room = width - leadW;
    if (room - charEm * size >= gaps * 0.3 * size) gapWidth = (room - charEm * size) / gaps;
    else charScale = Math.max(0.1, room - gaps * gapWidth) / charEm;
  }
  let pos = x + leadW;
  for (const w of words) {
    const x1 = pos + ems(w) * charScale;
    out.push({ text: w, x0: pos, x1, top, bottom, base, size, rotated: false });
    pos = x1 + gapWidth;
  }
}

/**
 * Remove runs drawn twice at (almost) the same place: fake bold and shadow effects.
 * Bucketed by text, so it is linear in practice.
 */
export function dedupeRuns(runs: readonly Run[]): Run[] {
  const byText = new Map<string, Run[]>();
  const out: Run[] = [];
  for (const r of runs) {
    const same = byText.get(r.text);
    const tol = Math.max(0.6, r.size * 0.25);
    if (same?.some((o) => Math.abs(o.x0 - r.x0) < tol && Math.abs(o.base - r.base) < tol)) continue;
    if (same) same.push(r);
    else byText.set(r.text, [r]);
    out.push(r);
  }
  return out;
}

/** Group runs into lines: same baseline within a fraction of the font size, then sorted by x. */
export function runsToLines(runs: readonly Run[]): Line[] {
  const sorted = [...runs].sort((a, b) => a.base - b.base || a.x0 - b.x0);
  const groups: Run[][] = [];
  let cur: Run[] = [];
  let curBase = NaN;
  let curSize = 0;
  for (const r of sorted) {
    const tol = Math.max(1, 0.45 * Math.min(r.size, curSize || r.size));
    if (cur.length && Math.abs(r.base - curBase) <= tol) {
      cur.push(r);
      // Running mean keeps a long line from drifting.
      curBase = (curBase * (cur.length - 1) + r.base) / cur.length;
      curSize = Math.max(curSize, r.size);
    } else {
      if (cur.length) groups.push(cur);
      cur = [r];
      curBase = r.base;
      curSize = r.size;
    }
  }
  if (cur.length) groups.push(cur);
  return groups.map(makeLine);
}

export function makeLine(runs: readonly Run[]): Line {
  const sorted = [...runs].sort((a, b) => a.x0 - b.x0);
  let x0 = Infinity;
  let x1 = -Infinity;
  let top = Infinity;
  let bottom = -Infinity;
  let base = 0;
  let size = 0;
  for (const r of sorted) {
    x0 = Math.min(x0, r.x0);
    x1 = Math.max(x1, r.x1);
    top = Math.min(top, r.top);
    bottom = Math.max(bottom, r.bottom);
    base += r.base;
    size = Math.max(size, r.size);
  }
  return { runs: sorted, x0, x1, top, bottom, base: base / sorted.length, size };
}

/**
 * Join runs of one line into text: no space between CJK characters that touch, one space
 * where there is a visible gap. Letter-spaced words (`卫 生 健 康`) come out joined after
 * normalisation since normalizeText removes spaces between CJK characters.
 */
export function joinRuns(runs: readonly Run[]): string {
  let out = '';
  let prev: Run | null = null;
  for (const r of runs) {
    if (prev) {
      const gap = r.x0 - prev.x1;
      const em = Math.min(prev.size, r.size);
      const a = prev.text.slice(-1);
      const b = r.text.charAt(0);
      const cjkJoin = isCjk(a) && isCjk(b);
      if (gap > 0.15 * em && !cjkJoin) out += ' ';
      else if (gap > 0.15 * em && cjkJoin && gap > 2.5 * em) out += ' ';
      else if (!cjkJoin && /[0-9A-Za-z]/.test(a) && /[0-9A-Za-z]/.test(b) && gap > 0.05 * em) out += ' ';
    }
    out += r.text;
    prev = r;
  }
  return out;
}

/**
 * Split a line into segments at large gaps (> `gapEm` ems), the candidate cells of an
 * unruled table. Single CJK characters spread over a gap (`合      计`) stay one segment,
 * and two numbers are never put in one segment.
 */
export function segmentLine(line: Line, gapEm = 1.5): Run[][] {
  const segs: Run[][] = [];
  let cur: Run[] = [];
  for (const r of line.runs) {
    const prev = cur[cur.length - 1];
    if (prev) {
      const gap = r.x0 - prev.x1;
      const em = Math.min(prev.size, r.size);
      const letterSpaced = [...prev.text].length === 1 && [...r.text].length === 1 && isCjk(prev.text) && isCjk(r.text) && gap < 4 * em;
      const twoNumbers = isNumericText(prev.text) && isNumericText(r.text) && gap > 0.25 * em;
      if ((gap > gapEm * em && !letterSpaced) || twoNumbers) {
        segs.push(cur);
        cur = [];
      }
    }
    cur.push(r);
  }
  if (cur.length) segs.push(cur);
  return segs;
}
