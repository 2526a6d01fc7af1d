// Page layout shared by the PDF and positioned-HTML readers: runs and ruling lines of one
// page → ruled grids, page furniture dropped, unruled grids by alignment, the rest running
// text; blocks in reading order with one line counter.

import type { BBox, Block, GridRow, TableGrid, TextLine } from '../../core/types.ts';
import { normalizeText } from '../../normalize/text.ts';
import { dropFurniture } from './furniture.ts';
import { buildRuledGrid, findAlignedGrids, gridCells, gridQuality, round1, type RawGrid } from './grid.ts';
import { joinRuns, runsToLines, segmentLine, type Run } from './items.ts';
import { findRuledTables, snapAndJoin } from './rulings.ts';

/** A gap wider than this many ems splits a text line into two lines. */
const WIDE_GAP_EM = 3;

/** A positioned block before line numbers are given. */
type Pending = { top: number; kind: 'line'; runs: readonly Run[]; bbox: BBox } | { top: number; kind: 'grid'; grid: RawGrid };

/** Pure part of the page pipeline: runs + rulings → blocks in reading order. */
export function layoutPage(runs: readonly Run[], rul: Parameters<typeof snapAndJoin>[0], W: number, H: number, page: number): Block[] {
  const pending: Pending[] = [];
  let free: Run[] = [...runs];
  for (const t of findRuledTables(snapAndJoin(rul))) {
    const { grid, used } = buildRuledGrid(t, free);
    if (grid.columns.length < 2 || grid.rows.length === 0) continue; // a frame around text, not a table
    free = free.filter((r) => !used.has(r));
    pending.push({ top: grid.bbox[1], kind: 'grid', grid });
  }
  const { kept } = dropFurniture(runsToLines(free), W, H);
  const aligned = findAlignedGrids(kept);
  const inGrid = new Set<number>();
  for (const g of aligned.grids) {
    for (let k = g.first; k <= g.last; k++) inGrid.add(k);
    pending.push({ top: g.grid.bbox[1], kind: 'grid', grid: g.grid });
  }
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
  return toBlocks(pending, page);
}

/** Give line numbers (one counter for text lines and grid rows, 1-based) and build blocks. */
function toBlocks(pending: readonly Pending[], page: number): Block[] {
  const blocks: Block[] = [];
  let line = 0;
  for (const p of pending) {
    if (p.kind === 'line') {
      const raw = joinRuns(p.runs);
      const text = normalizeText(raw);
      if (!text) continue;
      const tl: TextLine = { kind: 'line', text, raw, page, line: ++line, bbox: p.bbox };
      blocks.push(tl);
    } else {
      const g = p.grid;
      const x0 = round1(g.bbox[0]);
      const x1 = round1(g.bbox[2]);
      const rows: GridRow[] = g.rows.map((r) => ({
        cells: gridCells(g, r),
        page,
        line: ++line,
        bbox: [x0, round1(r.top), x1, round1(r.bottom)] as BBox,
      }));
      const grid: TableGrid = { kind: 'grid', rows, quality: gridQuality(g), page };
      blocks.push(grid);
    }
  }
  return blocks;
}
