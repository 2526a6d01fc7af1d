// Tables as grids of column-aligned cells:
// - ruled tables: lattice from the rules, merged cells from missing borders, text by centre;
// - unruled tables: columns clustered from the x-extents of gap-separated segments.

import type { Cell, GridQuality } from '../../core/types.ts';
import { normalizedText } from './normalized.ts';
import { isCjk, isNumericText, joinRuns, runsToLines, segmentLine, type Line, type Run } from './items.ts';
import type { HSeg, RuledTable, VSeg } from './rulings.ts';
import { rejoinSplitAmounts, wrapsAmount } from './split-amounts.ts';

/** A grid before it becomes a TableGrid block: rows of raw cell texts with geometry. */
export interface RawGrid {
  readonly method: 'ruled' | 'aligned';
  /** One entry per column: its x-extent. */
  readonly columns: readonly (readonly [number, number])[];
  readonly rows: readonly RawRow[];
  readonly bbox: readonly [number, number, number, number];
  readonly notes: readonly string[];
}

export interface RawRow {
  readonly cells: readonly string[];
  /** Left edge of each cell's text (NaN for an empty cell). */
  readonly textX?: readonly number[];
  /** Ruled grids, last row only: where each cell's last text line ends, against the cell's right edge. */
  readonly tail?: readonly (CellTail | null)[];
  readonly top: number;
  readonly bottom: number;
}

/** The last text line of a cell: its right end and font size, and the cell's right edge. */
export interface CellTail {
  readonly textRight: number;
  readonly cellRight: number;
  readonly em: number;
  /** How many text lines the cell has, and where the longest of the others ends. */
  readonly lines: number;
  readonly othersRight: number;
}

function tailOf(runs: readonly Run[], cellRight: number): CellTail | null {
  const flat = runs.filter((r) => !r.rotated);
  if (flat.length === 0) return null;
  const lines = runsToLines(flat);
  const last = lines[lines.length - 1]!;
  const othersRight = lines.length > 1 ? Math.max(...lines.slice(0, -1).map((l) => l.x1)) : NaN;
  return { textRight: last.x1, cellRight, em: last.size, lines: lines.length, othersRight };
}

/**
 * Text that overflows a cell downwards: a tall header whose last character is printed across
 * the rule under it (renwu-xian 表2: `对附属单位上缴收` / `入`, the `入` centred in the data row
 * below). A non-numeric run whose glyph box crosses the rule above its lattice cell, which
 * continues the lines of the cell above at their pitch, goes back to that cell. Returns how many
 * runs were moved.
 */
function moveOverflow(
  cellRuns: Map<number, Run[]>,
  xs: readonly number[],
  ys: readonly number[],
  nC: number,
  find: (i: number) => number,
  hasH: (ri: number, c: number) => boolean,
): number {
  let moved = 0;
  for (const [k, list] of [...cellRuns]) {
    const r = Math.floor(k / nC);
    const c = k % nC;
    if (r === 0) continue;
    const ruleY = ys[r]!;
    for (const run of [...list]) {
      if (run.rotated || !(run.top < ruleY - 0.5) || isNumericText(run.text)) continue;
      if (!hasH(r, c)) continue;
      // The lowest text of the region above (a header cell may span several lattice rows).
      const root = find((r - 1) * nC + c);
      let above: Run[] | undefined;
      let aboveKey = -1;
      for (let q = r - 1; q >= 0 && find(q * nC + c) === root; q--) {
        const rs = cellRuns.get(q * nC + c);
        if (rs?.length) {
          above = rs;
          aboveKey = q * nC + c;
          break;
        }
      }
      if (!above) continue;
      const lowest = above.reduce((a, b) => (b.base > a.base ? b : a));
      const d = run.base - lowest.base;
      if (!(d > 0.5 * run.size && d <= 1.6 * run.size) || Math.abs(run.size - lowest.size) > 0.2 * run.size) continue;
      if (run.x1 < xs[c]! || run.x0 > xs[c + 1]!) continue;
      list.splice(list.indexOf(run), 1);
      cellRuns.get(aboveKey)!.push(run);
      moved++;
    }
    if (list.length === 0) cellRuns.delete(k);
  }
  return moved;
}

/** Join the runs of one cell: lines top to bottom, runs left to right, no space between CJK. */
export function cellText(runs: readonly Run[]): string {
  if (runs.length === 0) return '';
  if (runs.length === 1) return runs[0]!.text;
  const lines = runsToLines(runs.filter((r) => !r.rotated));
  let out = '';
  for (const l of lines) {
    const t = joinRuns(l.runs);
    if (out) {
      const a = out.slice(-1);
      const b = t.charAt(0);
      out += isCjk(a) || isCjk(b) || a === '-' || wrapsAmount(out, t) ? '' : ' ';
    }
    out += t;
  }
  const rotated = runs.filter((r) => r.rotated).sort((a, b) => a.top - b.top || a.x0 - b.x0);
  for (const r of rotated) out += r.text;
  return out;
}

function coverage(a0: number, a1: number, b0: number, b1: number): number {
  const len = b1 - b0;
  if (len <= 0) return 0;
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0)) / len;
}

function indexOf(bounds: readonly number[], v: number): number {
  // bounds sorted; returns i with bounds[i] <= v < bounds[i+1], or -1 outside.
  if (v < bounds[0]! || v > bounds[bounds.length - 1]!) return -1;
  let lo = 0;
  let hi = bounds.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Build the grid of a ruled table from its lattice and the runs whose centre lies inside.
 * Returns the grid and the runs it consumed.
 */
export function buildRuledGrid(t: RuledTable, runs: readonly Run[]): { grid: RawGrid; used: Set<Run>; fit: RuledFit } {
  // In phases, each its own function: V8 compiled the one big function again and again
  // (over 100 ms a time) as rarer paths turned up.
  const { xs, ys } = t;
  const nC = xs.length - 1;
  const nR = ys.length - 1;
  const lattice = new Lattice(t);
  const { used, cellRuns } = runsToCells(runs, xs, ys, nC);
  const fit = ruledFit(used, xs, ys, (ci, r) => lattice.hasV(ci, r));
  const overflowed = moveOverflow(
    cellRuns,
    xs,
    ys,
    nC,
    (i) => lattice.find(i),
    (ri, c) => lattice.hasH(ri, c),
  );
  const regions = regionsOf(lattice, cellRuns, nR, nC);
  const notes: string[] = [];
  const { finalRegions, unmerged } = splitSpanningRegions(regions, cellRuns, xs, nC);
  if (unmerged) notes.push(`${unmerged} spanning cell(s) split by text columns (missing rules)`);
  if (overflowed) notes.push(`${overflowed} run(s) overflowing a rule given back to the cell above`);
  const { rows, splitBands } = ruledRows(finalRegions, xs, ys);
  if (splitBands) notes.push(`${splitBands} unruled band(s) split into rows by text lines`);
  const grid = tidy({
    method: 'ruled',
    columns: xs.slice(0, -1).map((x, i) => [x, xs[i + 1]!] as const),
    rows,
    bbox: t.bbox,
    notes,
  });
  return { grid, used, fit };
}

/** How well a ruled table's column rules delimit its text. */
export interface RuledFit {
  /** Runs inside the table. */
  readonly runs: number;
  /** Runs whose glyphs are printed across a drawn column rule, well into both cells. */
  readonly crossing: number;
}

/**
 * How far past a rule, on both sides, a run must reach to count as printed across it: half an
 * em, at least 2 pt (the widths of positioned HTML text are estimated, OCR boxes are loose).
 */
const CROSS_TOL = 2;
const CROSS_TOL_EM = 0.5;

function ruledFit(used: ReadonlySet<Run>, xs: readonly number[], ys: readonly number[], hasV: (ci: number, r: number) => boolean): RuledFit {
  let crossing = 0;
  for (const run of used) {
    const r = indexOf(ys, (run.top + run.bottom) / 2);
    const tol = Math.max(CROSS_TOL, CROSS_TOL_EM * run.size);
    for (let ci = 1; ci < xs.length - 1; ci++) {
      const x = xs[ci]!;
      if (x - tol <= run.x0) continue;
      if (x + tol >= run.x1) break;
      if (hasV(ci, r)) {
        crossing++;
        break;
      }
    }
  }
  return { runs: used.size, crossing };
}

/**
 * A ruled table whose column rules cut through this share of its text (and at least
 * `UNTRUSTED_MIN_CROSSING` runs) is not delimited by its rules: rules drawn apart from the
 * text (a frame, a shifted overlay, a form whose lines do not follow its columns). Over the
 * corpus's 2,616 ruled grids the largest share is 0.14 (one run of 7), and 0.07 where at
 * least 6 runs cross (long performance targets printed over a rule).
 */
const UNTRUSTED_CROSSING_SHARE = 0.3;
const UNTRUSTED_MIN_CROSSING = 6;

/** Why a ruled grid cannot be read by its rules, or null when it can. */
export function untrustedRuledGrid(fit: RuledFit): string | null {
  if (fit.crossing < UNTRUSTED_MIN_CROSSING || fit.crossing < UNTRUSTED_CROSSING_SHARE * fit.runs) return null;
  return `${fit.crossing} run(s) printed across the column rules of a ruled grid: its rules not used`;
}

/** Snapping distance between a rule and a lattice line. */
const LATTICE_TOL = 2.5;

/** The lattice of a ruled table: which of its lines are drawn, and its merged cells (union-find). */
class Lattice {
  readonly t: RuledTable;
  readonly nR: number;
  readonly nC: number;
  readonly parent: number[];

  constructor(t: RuledTable) {
    this.t = t;
    this.nC = t.xs.length - 1;
    this.nR = t.ys.length - 1;
    const { nR, nC } = this;
    this.parent = Array.from({ length: nR * nC }, (_, i) => i);
    const parent = this.parent;
    for (let r = 0; r < nR; r++) {
      for (let c = 0; c < nC; c++) {
        if (c + 1 < nC && !this.hasV(c + 1, r)) parent[this.find(r * nC + c)] = this.find(r * nC + c + 1);
        if (r + 1 < nR && !this.hasH(r + 1, c)) parent[this.find(r * nC + c)] = this.find((r + 1) * nC + c);
      }
    }
  }

  /** Is the vertical line at column boundary `ci` drawn over row `r`? */
  hasV(ci: number, r: number): boolean {
    const { xs, ys } = this.t;
    const x = xs[ci]!;
    const y0 = ys[r]!;
    const y1 = ys[r + 1]!;
    let cov = 0;
    for (const s of this.t.v as VSeg[]) if (Math.abs(s.x - x) <= LATTICE_TOL) cov += coverage(s.y0, s.y1, y0, y1);
    return cov >= 0.5;
  }

  /** Is the horizontal line at row boundary `ri` drawn over column `c`? */
  hasH(ri: number, c: number): boolean {
    const { xs, ys } = this.t;
    const y = ys[ri]!;
    const x0 = xs[c]!;
    const x1 = xs[c + 1]!;
    let cov = 0;
    for (const s of this.t.h as HSeg[]) if (Math.abs(s.y - y) <= LATTICE_TOL) cov += coverage(s.x0, s.x1, x0, x1);
    return cov >= 0.5;
  }

  find(i: number): number {
    const parent = this.parent;
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  }
}

/** Runs → lattice cells (row * nC + column) by their centre; the runs inside the table. */
function runsToCells(runs: readonly Run[], xs: readonly number[], ys: readonly number[], nC: number): { used: Set<Run>; cellRuns: Map<number, Run[]> } {
  const used = new Set<Run>();
  const cellRuns = new Map<number, Run[]>();
  for (const run of runs) {
    const cx = (run.x0 + run.x1) / 2;
    const cy = (run.top + run.bottom) / 2;
    const c = indexOf(xs, cx);
    const r = indexOf(ys, cy);
    if (c < 0 || r < 0) continue;
    used.add(run);
    const k = r * nC + c;
    const list = cellRuns.get(k);
    if (list) list.push(run);
    else cellRuns.set(k, [run]);
  }
  return { used, cellRuns };
}

/** A merged cell: the lattice rows and columns it spans, and its text. */
interface Region {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
  runs: Run[];
}

/** The merged cells, in the order their first lattice cell comes (row by row). */
function regionsOf(lattice: Lattice, cellRuns: ReadonlyMap<number, Run[]>, nR: number, nC: number): Map<number, Region> {
  const regions = new Map<number, Region>();
  for (let r = 0; r < nR; r++) {
    for (let c = 0; c < nC; c++) {
      const root = lattice.find(r * nC + c);
      let reg = regions.get(root);
      if (!reg) regions.set(root, (reg = { r0: r, r1: r, c0: c, c1: c, runs: [] }));
      reg.r0 = Math.min(reg.r0, r);
      reg.r1 = Math.max(reg.r1, r);
      reg.c0 = Math.min(reg.c0, c);
      reg.c1 = Math.max(reg.c1, c);
      const rs = cellRuns.get(r * nC + c);
      if (rs) reg.runs.push(...rs);
    }
  }
  return regions;
}

/**
 * A region spanning columns whose text shows separate columns is not a merged cell but a
 * missing rule: split it back into lattice columns (never merge two numeric cells).
 */
function splitSpanningRegions(
  regions: ReadonlyMap<number, Region>,
  cellRuns: ReadonlyMap<number, Run[]>,
  xs: readonly number[],
  nC: number,
): { finalRegions: Region[]; unmerged: number } {
  const finalRegions: Region[] = [];
  let unmerged = 0;
  for (const reg of regions.values()) {
    if (reg.c1 > reg.c0 && reg.runs.length > 1 && spreadsOverColumns(reg, xs)) {
      unmerged++;
      for (let c = reg.c0; c <= reg.c1; c++) {
        const sub: Region = { r0: reg.r0, r1: reg.r1, c0: c, c1: c, runs: [] };
        for (let r = reg.r0; r <= reg.r1; r++) sub.runs.push(...(cellRuns.get(r * nC + c) ?? []));
        finalRegions.push(sub);
      }
    } else finalRegions.push(reg);
  }
  return { finalRegions, unmerged };
}

type RuledRow = { cells: string[]; textX: number[]; tail: (CellTail | null)[]; top: number; bottom: number };

/** Left edge of some runs' text (NaN for none). */
function leftOf(rs: readonly Run[]): number {
  return rs.length ? Math.min(...rs.map((x) => x.x0)) : NaN;
}

/** Rows: each lattice row band, split into sub-rows where the band holds several text rows. */
function ruledRows(finalRegions: readonly Region[], xs: readonly number[], ys: readonly number[]): { rows: RuledRow[]; splitBands: number } {
  const nC = xs.length - 1;
  const nR = ys.length - 1;
  const rows: RuledRow[] = [];
  const rightOfRegion = new Map<number, number>();
  for (const g of finalRegions) rightOfRegion.set(g.r0 * nC + g.c0, xs[g.c1 + 1]!);
  let splitBands = 0;
  for (let r = 0; r < nR; r++) {
    const starting = finalRegions.filter((g) => g.r0 === r);
    if (starting.length === 0) continue;
    const single = starting.filter((g) => g.r1 === r);
    const subRows = splitBand(single.map((g) => ({ col: g.c0, runs: g.runs })));
    if (subRows.length > 1) splitBands++;
    if (subRows.length <= 1) rows.push(bandRow(starting, xs, ys, r));
    else splitRows(rows, subRows, starting, rightOfRegion, xs, ys, r);
  }
  return { rows, splitBands };
}

/** The row of a band that holds one text row. */
function bandRow(starting: readonly Region[], xs: readonly number[], ys: readonly number[], r: number): RuledRow {
  const nC = xs.length - 1;
  const nR = ys.length - 1;
  const cells = new Array<string>(nC).fill('');
  const textX = new Array<number>(nC).fill(NaN);
  const tail = new Array<CellTail | null>(nC).fill(null);
  for (const g of starting) {
    cells[g.c0] = cellText(g.runs);
    textX[g.c0] = leftOf(g.runs);
    if (r === nR - 1) tail[g.c0] = tailOf(g.runs, xs[g.c1 + 1]!);
  }
  return { cells, textX, tail, top: ys[r]!, bottom: ys[r + 1]! };
}

/** The rows of a band split by its text rows; regions reaching into the next bands go to the first. */
function splitRows(
  rows: RuledRow[],
  subRows: readonly SubRow[],
  starting: readonly Region[],
  rightOfRegion: ReadonlyMap<number, number>,
  xs: readonly number[],
  ys: readonly number[],
  r: number,
): void {
  const nC = xs.length - 1;
  const nR = ys.length - 1;
  subRows.forEach((sr, k) => {
    const cells = new Array<string>(nC).fill('');
    const textX = new Array<number>(nC).fill(NaN);
    const tail = new Array<CellTail | null>(nC).fill(null);
    for (const [col, rs] of sr.cols) {
      cells[col] = cellText(rs);
      textX[col] = leftOf(rs);
      if (r === nR - 1 && k === subRows.length - 1) tail[col] = tailOf(rs, rightOfRegion.get(r * nC + col) ?? xs[col + 1]!);
    }
    if (k === 0) {
      for (const g of starting) {
        if (g.r1 > r) {
          cells[g.c0] = cellText(g.runs);
          textX[g.c0] = leftOf(g.runs);
        }
      }
    }
    rows.push({ cells, textX, tail, top: k === 0 ? ys[r]! : sr.top, bottom: k === subRows.length - 1 ? ys[r + 1]! : sr.bottom });
  });
}

/** True when a region's text lines hold gap-separated pieces falling in different lattice columns. */
function spreadsOverColumns(reg: { runs: Run[]; c0: number; c1: number }, xs: readonly number[]): boolean {
  for (const line of runsToLines(reg.runs)) {
    const segs = segmentLine(line, 1.0);
    if (segs.length < 2) continue;
    // A letter-spaced word across a merged cell (`收          入`) is one piece of text.
    if (segs.every((s) => s.length === 1 && [...s[0]!.text].length === 1 && isCjk(s[0]!.text))) continue;
    const cols = new Set<number>();
    for (const s of segs) {
      const x0 = Math.min(...s.map((r) => r.x0));
      const x1 = Math.max(...s.map((r) => r.x1));
      cols.add(indexOf(xs, (x0 + x1) / 2));
    }
    if (cols.size >= 2) return true;
  }
  return false;
}

interface SubRow {
  cols: Map<number, Run[]>;
  top: number;
  bottom: number;
}

/**
 * Split one band (between two horizontal rules) into text rows when it clearly holds several
 * table rows: at least two text lines spread over two or more columns each, with numbers
 * stacked in one column on two of those lines. A wrapped cell (one column continuing) stays
 * in the row of the nearest such line.
 */
function splitBand(cells: { col: number; runs: Run[] }[]): SubRow[] {
  const all: { run: Run; col: number }[] = [];
  for (const c of cells) for (const r of c.runs) if (!r.rotated) all.push({ run: r, col: c.col });
  if (all.length < 2) return [];
  all.sort((a, b) => a.run.base - b.run.base);
  // Cluster baselines.
  const clusters: { base: number; size: number; items: { run: Run; col: number }[] }[] = [];
  for (const it of all) {
    const last = clusters[clusters.length - 1];
    if (last && Math.abs(it.run.base - last.base) <= 0.5 * Math.min(it.run.size, last.size)) {
      last.items.push(it);
      last.base = last.items.reduce((s, x) => s + x.run.base, 0) / last.items.length;
    } else clusters.push({ base: it.run.base, size: it.run.size, items: [it] });
  }
  if (clusters.length < 2) return [];
  const colsOf = (cl: (typeof clusters)[number]): Set<number> => new Set(cl.items.map((i) => i.col));
  const multi = clusters.filter((cl) => colsOf(cl).size >= 2);
  if (multi.length < 2) return [];
  // Evidence of separate rows: two multi-column lines with numbers in a shared column, or
  // many multi-column lines (a body with no rules between rows).
  // A column counts as numeric on a line when its whole text there is a number (`200` in
  // `…标准为每月 200 元` inside a description is not).
  const numericCols = (cl: (typeof clusters)[number]): Set<number> => {
    const byCol = new Map<number, Run[]>();
    for (const i of cl.items) byCol.set(i.col, [...(byCol.get(i.col) ?? []), i.run]);
    const out = new Set<number>();
    for (const [col, rs] of byCol) if (isNumericText(joinRuns(rs.sort((a, b) => a.x0 - b.x0)))) out.add(col);
    return out;
  };
  const numCols = multi.map(numericCols);
  const textIn = (cl: (typeof clusters)[number], col: number): string =>
    joinRuns(cl.items.filter((i) => i.col === col).map((i) => i.run).sort((a, b) => a.x0 - b.x0));
  // An amount wrapped onto the next line of its cell ("144,177.8" over "8") is one figure,
  // not two stacked; only the next line holding that column can continue it.
  const wrapped = (i: number, j: number, col: number): boolean => {
    const between = clusters.slice(clusters.indexOf(multi[i]!) + 1, clusters.indexOf(multi[j]!));
    return !between.some((cl) => colsOf(cl).has(col)) && wrapsAmount(textIn(multi[i]!, col), textIn(multi[j]!, col));
  };
  let stackedNumbers = false;
  for (let i = 0; i < numCols.length && !stackedNumbers; i++) {
    for (let j = i + 1; j < numCols.length && !stackedNumbers; j++) {
      for (const c of numCols[i]!) if (numCols[j]!.has(c) && !wrapped(i, j, c)) stackedNumbers = true;
    }
  }
  // Without numbers stacked in one column, several text lines in a band are wrapped cells
  // (headers like `公务用车购` / `置费`), not separate rows.
  if (!stackedNumbers) return [];
  // Rows are anchored on lines with numbers. A line without numbers close to an anchor
  // (within 1.6 em) is wrapped text of that row, even when it spans two text columns
  // (name and description wrapping together, renwu-xian 项目 table); farther away, a
  // multi-column line is a row of its own (a header line), a single-column one still wraps.
  // A line whose only figures continue amounts wrapped from a line above anchors no row.
  const continues = (j: number, col: number): boolean => multi.some((_, i) => i < j && numCols[i]!.has(col) && wrapped(i, j, col));
  const anchors = multi.filter((_, j) => [...numCols[j]!].some((c) => !continues(j, c)));
  const groups = anchors.map((cl) => ({ anchor: cl.base, items: [...cl.items] }));
  const nearest = (base: number): { k: number; d: number } => {
    let k = 0;
    let d = Infinity;
    groups.forEach((g, q) => {
      const dd = Math.abs(g.anchor - base);
      if (dd < d - 0.01) {
        d = dd;
        k = q;
      }
    });
    return { k, d };
  };
  const loose: (typeof clusters)[number][] = [];
  for (const cl of clusters) {
    if (anchors.includes(cl)) continue;
    if (multi.includes(cl) && nearest(cl.base).d > 1.6 * cl.size) {
      groups.push({ anchor: cl.base, items: [...cl.items] });
    } else loose.push(cl);
  }
  for (const cl of loose) groups[nearest(cl.base).k]!.items.push(...cl.items);
  groups.sort((a, b) => a.anchor - b.anchor);
  return groups.map((g) => {
    const cols = new Map<number, Run[]>();
    let top = Infinity;
    let bottom = -Infinity;
    for (const it of g.items) {
      const l = cols.get(it.col);
      if (l) l.push(it.run);
      else cols.set(it.col, [it.run]);
      top = Math.min(top, it.run.top);
      bottom = Math.max(bottom, it.run.bottom);
    }
    return { cols, top, bottom };
  });
}

/** Narrower than this (points), an empty lattice column is an artefact of rules that do not line up. */
const SLIVER = 12;

/**
 * Drop rows that are empty everywhere, and empty columns that are slivers. Empty columns of a
 * real width stay, so that the pages of one table keep the same columns for stitching.
 */
function tidy(g: { method: 'ruled' | 'aligned'; columns: (readonly [number, number])[]; rows: RawRow[]; bbox: readonly [number, number, number, number]; notes: string[] }): RawGrid {
  const nC = g.columns.length;
  const keep: number[] = [];
  for (let c = 0; c < nC; c++) {
    const [x0, x1] = g.columns[c]!;
    if (x1 - x0 >= SLIVER || g.rows.some((r) => (r.cells[c] ?? '') !== '')) keep.push(c);
  }
  const { rows: rejoined, repaired } = rejoinSplitAmounts(g.rows);
  if (repaired) g.notes.push(`${repaired} amount(s) cut by a cell border joined again`);
  const rows = rejoined
    .filter((r) => r.cells.some((x) => x !== ''))
    .map((r) => ({
      ...r,
      cells: keep.map((c) => r.cells[c] ?? ''),
      ...(r.textX ? { textX: keep.map((c) => r.textX![c] ?? NaN) } : {}),
      ...(r.tail ? { tail: keep.map((c) => r.tail![c] ?? null) } : {}),
    }));
  // A dropped column's extent goes to its left neighbour, so columns still tile the table.
  const columns = keep.map((c, i) => {
    const next = keep[i + 1];
    const x1 = next === undefined ? g.columns[nC - 1]![1] : g.columns[next - 1]![1];
    return [g.columns[c]![0], x1] as const;
  });
  return { method: g.method, columns, rows, bbox: g.bbox, notes: g.notes };
}

// ---------------------------------------------------------------------------------------------
// Unruled tables

interface SegBox {
  runs: Run[];
  x0: number;
  x1: number;
  text: string;
}

function segBoxes(line: Line): SegBox[] {
  return segmentLine(line).map((runs) => ({
    runs,
    x0: Math.min(...runs.map((r) => r.x0)),
    x1: Math.max(...runs.map((r) => r.x1)),
    text: joinRuns(runs),
  }));
}

const LEADER_RE = /[.．·…‥_]{4,}|…{2,}|(\. ){3,}/u;

/** A line that looks like a table row: two or more separated pieces, one of them short or numeric. */
function isRowLike(segs: readonly SegBox[]): boolean {
  if (segs.length < 2) return false;
  // Table-of-contents entries (`一、部门职责 ………… 2`) line up too, but are text.
  if (segs.some((s) => LEADER_RE.test(s.text))) return false;
  if (segs.some((s) => isNumericText(s.text))) return true;
  return segs.length >= 3 || segs.every((s) => [...s.text].length <= 12);
}

export interface AlignedResult {
  /** Grids found, with the index range of the lines each one took. */
  readonly grids: { grid: RawGrid; first: number; last: number }[];
}

/**
 * Find unruled tables among a page's lines (already sorted top to bottom): runs of at least
 * three row-like lines (gaps of one or two plain lines allowed), columns clustered from the
 * segments' x-extents. A segment spanning several columns goes to the first.
 */
export function findAlignedGrids(lines: readonly Line[]): AlignedResult {
  const segs = lines.map(segBoxes);
  const rowLike = segs.map(isRowLike);
  const grids: { grid: RawGrid; first: number; last: number }[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!rowLike[i]) {
      i++;
      continue;
    }
    // Extend the block while row-like lines keep coming (allow up to 2 plain lines between).
    let last = i;
    let j = i + 1;
    let count = 1;
    while (j < lines.length) {
      const pitch = lines[j]!.base - lines[j - 1]!.base;
      if (pitch > 4 * Math.max(lines[j]!.size, lines[j - 1]!.size)) break;
      if (rowLike[j]) {
        last = j;
        count++;
      } else if (j - last > 2) break;
      j++;
    }
    if (count >= 3) {
      const grid = alignedGrid(lines.slice(i, last + 1), segs.slice(i, last + 1));
      if (grid) grids.push({ grid, first: i, last });
      i = last + 1;
    } else i = last + 1;
  }
  return { grids };
}

function alignedGrid(lines: readonly Line[], segs: readonly SegBox[][]): RawGrid | null {
  // Column clusters: seed from the lines with the most segments.
  const order = segs.map((s, k) => k).sort((a, b) => segs[b]!.length - segs[a]!.length);
  const cols: [number, number][] = [];
  for (const k of order) {
    for (const s of segs[k]!) {
      const hits = cols.map((c, ci) => ({ ci, ov: Math.min(c[1], s.x1) - Math.max(c[0], s.x0) })).filter((h) => h.ov > -2);
      if (hits.length === 0) cols.push([s.x0, s.x1]);
      else if (hits.length === 1) {
        const c = cols[hits[0]!.ci]!;
        // Only widen by segments from lines that are not far narrower in segment count (headers span).
        if (segs[k]!.length >= (segs[order[0]!]!.length + 1) / 2) {
          c[0] = Math.min(c[0], s.x0);
          c[1] = Math.max(c[1], s.x1);
        }
      }
    }
  }
  cols.sort((a, b) => a[0] - b[0]);
  // Merge columns that now overlap.
  const merged: [number, number][] = [];
  for (const c of cols) {
    const last = merged[merged.length - 1];
    if (last && c[0] < last[1] - 1) last[1] = Math.max(last[1], c[1]);
    else merged.push([...c]);
  }
  if (merged.length < 2) return null;
  const rows: RawRow[] = [];
  for (let k = 0; k < lines.length; k++) {
    const cells = new Array<string>(merged.length).fill('');
    const textX = new Array<number>(merged.length).fill(NaN);
    for (const s of segs[k]!) {
      // First column the segment overlaps (spans go to the first), else the nearest.
      let ci = merged.findIndex((c) => Math.min(c[1], s.x1) - Math.max(c[0], s.x0) > 0);
      if (ci < 0) {
        let bd = Infinity;
        merged.forEach((c, q) => {
          const d = Math.min(Math.abs(c[0] - s.x1), Math.abs(c[1] - s.x0));
          if (d < bd) {
            bd = d;
            ci = q;
          }
        });
      }
      cells[ci] = cells[ci] ? cells[ci] + ' ' + s.text : s.text;
      if (Number.isNaN(textX[ci]!)) textX[ci] = s.x0;
    }
    rows.push({ cells, textX, top: lines[k]!.top, bottom: lines[k]!.bottom });
  }
  const x0 = Math.min(...lines.map((l) => l.x0));
  const x1 = Math.max(...lines.map((l) => l.x1));
  const bbox = [x0, lines[0]!.top, x1, lines[lines.length - 1]!.bottom] as const;
  // Column extents tile the table: boundaries halfway between clusters.
  const columns = merged.map((c, q) => {
    const left = q === 0 ? x0 : (merged[q - 1]![1] + c[0]) / 2;
    const right = q === merged.length - 1 ? x1 : (c[1] + merged[q + 1]![0]) / 2;
    return [left, right] as const;
  });
  return { method: 'aligned', columns, rows, bbox, notes: ['columns from text alignment (no rules)'] };
}

/** Cells and quality for a raw grid. */
export function gridCells(g: RawGrid, row: RawRow): Cell[] {
  return row.cells.map((raw, i) => {
    const x0 = g.columns[i]![0];
    const tx = row.textX?.[i] ?? NaN;
    const cell: Cell = { text: normalizedText(raw), raw, x0: round1(x0), x1: round1(g.columns[i]![1]) };
    return raw && Number.isFinite(tx) ? { ...cell, indent: Math.max(0, round1(tx - x0)) } : cell;
  });
}

export function gridQuality(g: RawGrid): GridQuality {
  const columns = g.columns.length;
  const total = g.rows.length * columns;
  const empty = g.rows.reduce((s, r) => s + r.cells.filter((c) => c.trim() === '').length, 0);
  return {
    method: g.method,
    rows: g.rows.length,
    columns,
    emptyRatio: total ? Math.round((empty / total) * 1000) / 1000 : 0,
    ...(g.notes.length ? { notes: g.notes } : {}),
  };
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
