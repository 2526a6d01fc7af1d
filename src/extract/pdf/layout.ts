// Page layout shared by the PDF and positioned-HTML readers: runs and ruling lines of one
// page → ruled grids, page furniture dropped, unruled grids by alignment, the rest running
// text; blocks in reading order with one line counter.

import type { BBox, Block, GridRow, TableGrid, TextLine } from '../../core/types.ts';
import { normalizedText } from './normalized.ts';
import { dropFurniture } from './furniture.ts';
import { buildRuledGrid, findAlignedGrids, gridCells, gridQuality, round1, untrustedRuledGrid, type CellTail, type RawGrid } from './grid.ts';
import { joinRuns, runsToLines, segmentLine, type Line, type Run } from './items.ts';
import { findRuledTables, snapAndJoin, type Box, type Rulings } from './rulings.ts';

/**
 * What a ruled grid row knew about its text that a GridRow does not carry: where each cell's
 * last line ends, and the page height. Read when rows split by a page break are joined.
 */
export const rowGeometry = new WeakMap<GridRow, { readonly tail: readonly (CellTail | null)[]; readonly pageH: number }>();

/** A gap wider than this many ems splits a text line into two lines. */
const WIDE_GAP_EM = 3;

/** A positioned block before line numbers are given. */
type Pending = { top: number; kind: 'line'; runs: readonly Run[]; bbox: BBox } | { top: number; kind: 'grid'; grid: RawGrid };

/** A page's blocks in reading order, and what the layout could not do as the page asked. */
export interface PageLayout {
  readonly blocks: Block[];
  /** Ruled grids whose rules were not used, where some of their text was read as plain lines. */
  readonly warnings: string[];
}

/** Pure part of the page pipeline: runs + rulings → blocks in reading order. */
export function layoutPage(runs: readonly Run[], rul: Pick<Rulings, 'h' | 'v' | 'textClips'>, W: number, H: number, page: number): PageLayout {
  const pending: Pending[] = [];
  let free: Run[] = visibleRuns(runs, rul.textClips);
  // A ruled grid too poor to trust is not read by its rules: its text is left to the
  // aligned-grid layout, and the grid that reads it says so in its notes (the parsing report).
  const untrusted: Array<{ used: ReadonlySet<Run>; why: string }> = [];
  for (const t of findRuledTables(snapAndJoin(rul))) {
    const { grid, used, fit } = buildRuledGrid(t, free);
    if (grid.columns.length < 2 || grid.rows.length === 0) continue; // a frame around text, not a table
    const why = untrustedRuledGrid(fit);
    if (why) {
      untrusted.push({ used, why });
      continue;
    }
    free = free.filter((r) => !used.has(r));
    pending.push({ top: grid.bbox[1], kind: 'grid', grid });
  }
  const { kept } = dropFurniture(runsToLines(free), W, H);
  const aligned = findAlignedGrids(kept);
  const inGrid = new Set<number>();
  // which rejected grid's text each block holds, by its runs (a later ruled table may hold some)
  const holds = (lines: readonly Line[], u: { used: ReadonlySet<Run> }) => lines.some((l) => l.runs.some((r) => u.used.has(r)));
  for (const g of aligned.grids) {
    for (let k = g.first; k <= g.last; k++) inGrid.add(k);
    const lines = untrusted.length ? kept.slice(g.first, g.last + 1) : [];
    const from = untrusted.filter((u) => holds(lines, u)).map((u) => `${u.why}; read by text alignment`);
    const grid = from.length ? { ...g.grid, notes: [...g.grid.notes, ...from] } : g.grid;
    pending.push({ top: grid.bbox[1], kind: 'grid', grid });
  }
  const asLines = untrusted.length ? kept.filter((_, k) => !inGrid.has(k)) : [];
  const warnings = untrusted.filter((u) => holds(asLines, u)).map((u) => `${u.why}; its text read as lines`);
  kept.forEach((l, k) => {
    if (inGrid.has(k)) return;
    // Pieces of one baseline far apart (`编制单位：…      单位：元`) are separate lines: the
    // normalised text would otherwise glue them together.
    for (const seg of segmentLine(l, WIDE_GAP_EM)) {
      const x0 = Math.min(...seg.map((r) => r.x0));
      const x1 = Math.max(...seg.map((r) => r.x1));
      const top = Math.min(...seg.map((r) => r.top));
      const bottom = Math.max(...seg.map((r) => r.bottom));
      pending.push({ top: l.top, kind: 'line', runs: seg, bbox: [round1(x0), round1(top), round1(x1), round1(bottom)] });
    }
  });
  pending.sort((a, b) => a.top - b.top);
  return { blocks: toBlocks(pending, page, H), warnings };
}

/**
 * Runs that can be seen: inside one of the clipping boxes text was drawn in (renwu-beijing
 * 财政局 p39: the text of a cell continued from the previous page is drawn again above the
 * page's clip and is not printed). When the clips would hide most of the page, they are not
 * trusted (a clip misread is likelier than a page of hidden text).
 */
function visibleRuns(runs: readonly Run[], clips: readonly Box[] | null | undefined): Run[] {
  if (!clips || clips.length === 0) return [...runs];
  const tol = 1;
  const kept = runs.filter((r) => {
    const cx = (r.x0 + r.x1) / 2;
    const cy = (r.top + r.bottom) / 2;
    return clips.some((c) => cx >= c[0] - tol && cx <= c[2] + tol && cy >= c[1] - tol && cy <= c[3] + tol);
  });
  return kept.length >= 0.5 * runs.length ? kept : [...runs];
}

/** Give line numbers (one counter for text lines and grid rows, 1-based) and build blocks. */
function toBlocks(pending: readonly Pending[], page: number, pageH: number): Block[] {
  const blocks: Block[] = [];
  let line = 0;
  for (const p of pending) {
    if (p.kind === 'line') {
      const raw = joinRuns(p.runs);
      const text = normalizedText(raw);
      if (!text) continue;
      const tl: TextLine = { kind: 'line', text, raw, page, line: ++line, bbox: p.bbox };
      blocks.push(tl);
    } else {
      const g = p.grid;
      const x0 = round1(g.bbox[0]);
      const x1 = round1(g.bbox[2]);
      const rows: GridRow[] = g.rows.map((r) => {
        const row: GridRow = { cells: gridCells(g, r), page, line: ++line, bbox: [x0, round1(r.top), x1, round1(r.bottom)] as BBox };
        if (r.tail) rowGeometry.set(row, { tail: r.tail, pageH });
        return row;
      });
      const grid: TableGrid = { kind: 'grid', rows, quality: gridQuality(g), page };
      blocks.push(grid);
    }
  }
  return blocks;
}
